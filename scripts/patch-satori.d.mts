/** Types for scripts/patch-satori.mjs (a plain script: it runs at install time, before any build). */
export declare const ORIGINAL: string;
export declare const REPLACEMENT: string;
export declare function patchSatori(from?: string): string;
