// Types for `linebreak` (UAX #14), which ships none.
declare module 'linebreak' {
  export interface Break {
    /** Code unit index where the next line may start. */
    position: number;
    required: boolean;
  }
  export default class LineBreaker {
    constructor(text: string);
    nextBreak(): Break | null;
  }
}
