/**
 * Text the templates derive from an article: the quote template's "Speaker: words" split (a
 * speaker becomes the attribution, a label before a colon does not) and its quotation marks,
 * and the capitals of section labels.
 */
import { describe, expect, it } from 'vitest';
import { labelText } from '../templates/parts.js';
import { splitQuote } from '../templates/quote.js';

describe('splitQuote', () => {
  it('takes the speaker of a quoted or capitalized statement as the attribution', () => {
    expect(splitQuote('Trump: "If we can work it out, that would be great" — if not, bad things')).toEqual({ speaker: 'Trump', words: '"If we can work it out, that would be great" — if not, bad things' });
    expect(splitQuote('Starmer: We will rebuild the NHS')).toEqual({ speaker: 'Starmer', words: 'We will rebuild the NHS' });
    expect(splitQuote('ظریف: مذاکرات ادامه دارد')).toEqual({ speaker: 'ظریف', words: 'مذاکرات ادامه دارد' });
  });

  // Regression: "Brief: talks scheduled to begin on Friday" was drawn as the quote "talks
  // scheduled to begin on Friday", attributed to "Brief".
  it('keeps a headline whole when a label, not a speaker, precedes the colon', () => {
    expect(splitQuote('Brief: talks scheduled to begin on Friday')).toEqual({ words: 'Brief: talks scheduled to begin on Friday' });
  });

  // The card draws its own large quotation mark: marks enclosing all the words would double it.
  it('drops quotation marks that enclose all the words, and only those', () => {
    expect(splitQuote('Trump: "If we can work it out, that would be great"')).toEqual({ speaker: 'Trump', words: 'If we can work it out, that would be great' });
    expect(splitQuote('Merkel: „Wir schaffen das“')).toEqual({ speaker: 'Merkel', words: 'Wir schaffen das' });
    expect(splitQuote('«مذاکرات ادامه دارد»')).toEqual({ words: 'مذاکرات ادامه دارد' });
    expect(splitQuote('「交渉は続く」')).toEqual({ words: '交渉は続く' });
    expect(splitQuote('"Yes" and "no"')).toEqual({ words: '"Yes" and "no"' });
    expect(splitQuote("'Tis the season")).toEqual({ words: "'Tis the season" });
  });
});

describe('labelText', () => {
  it('sets a label in capitals by its own text, in the story’s language', () => {
    expect(labelText('World', 'ja')).toEqual({ text: 'WORLD', cased: true });
    expect(labelText('World', 'fa')).toEqual({ text: 'WORLD', cased: true });
    expect(labelText('İstanbul', 'tr')).toEqual({ text: 'İSTANBUL', cased: true });
    expect(labelText('iç politika', 'tr').text).toBe('İÇ POLİTİKA');
    expect(labelText('Straße', 'de').text).toBe('STRASSE');
    // No case, or Arabic script (tracking would break its joining): as written.
    expect(labelText('国際', 'ja')).toEqual({ text: '国際', cased: false });
    expect(labelText('جهان', 'fa')).toEqual({ text: 'جهان', cased: false });
  });
});
