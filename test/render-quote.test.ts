/**
 * The quote template's "Speaker: words" split: a speaker becomes the attribution, a label
 * before a colon does not.
 */
import { describe, expect, it } from 'vitest';
import { splitQuote } from '../templates/quote.js';

describe('splitQuote', () => {
  it('takes the speaker of a quoted or capitalized statement as the attribution', () => {
    expect(splitQuote('Trump: "If we can work it out, that would be great"')).toEqual({ speaker: 'Trump', words: '"If we can work it out, that would be great"' });
    expect(splitQuote('Starmer: We will rebuild the NHS')).toEqual({ speaker: 'Starmer', words: 'We will rebuild the NHS' });
    expect(splitQuote('ظریف: مذاکرات ادامه دارد')).toEqual({ speaker: 'ظریف', words: 'مذاکرات ادامه دارد' });
  });

  // Regression: "Brief: talks scheduled to begin on Friday" was drawn as the quote "talks
  // scheduled to begin on Friday", attributed to "Brief".
  it('keeps a headline whole when a label, not a speaker, precedes the colon', () => {
    expect(splitQuote('Brief: talks scheduled to begin on Friday')).toEqual({ words: 'Brief: talks scheduled to begin on Friday' });
  });
});
