/**
 * The text engine (src/render/text): break opportunities per language, lines filled in logical
 * order, each line put in visual order by the bidi algorithm. The visual order is checked
 * against bidi-js's own reordering of each line (rules L1-L2, with mirroring), over a corpus of
 * mixed-direction news strings, with synthetic widths so the checks do not depend on fonts.
 */
import bidiModule from 'bidi-js';
import { describe, expect, it } from 'vitest';
import { breakOpportunities } from '../src/render/text/breaks.js';
import { ELLIPSIS, layoutParagraph, layoutText, type Measure } from '../src/render/text/lines.js';

const bidi = (bidiModule as unknown as typeof import('bidi-js').default)();

/** Every grapheme 50 units wide at size 100, spaces 25: a monospace stand-in for a font. */
const mono: Measure = (text) => [...new Intl.Segmenter('und', { granularity: 'grapheme' }).segment(text)].reduce((w, g) => w + (g.segment === ' ' ? 25 : 50), 0);

/** A line as its visual string: runs left to right, right-to-left runs reversed and mirrored (what the shaper does). */
function visual(runs: { text: string; rtl: boolean }[]): string {
  const mirrors = bidi.getMirroredCharactersMap;
  return runs
    .map((r) => {
      if (!r.rtl) return r.text;
      const chars = [...r.text];
      const mirrored = mirrors(r.text, Uint8Array.from(chars.flatMap((c) => Array(c.length).fill(1))));
      return chars
        .map((c, i) => mirrored.get(i) ?? c)
        .reverse()
        .join('');
    })
    .join('');
}

/** bidi-js's visual string of text[start, end) of a paragraph in direction `dir`. */
function reference(text: string, dir: 'ltr' | 'rtl', start: number, end: number): string {
  const levels = bidi.getEmbeddingLevels(text, dir);
  // getReorderedString reorders [start, end] inside the whole string.
  return bidi.getReorderedString(text, levels, start, end - 1).slice(start, end);
}

const CORPUS: { text: string; dir: 'ltr' | 'rtl'; lang: string }[] = [
  { text: 'מכבי ניצחה 2:1 בדרבי', dir: 'rtl', lang: 'he' },
  { text: 'המשחק יתחיל בשעה 14:30 באצטדיון (בתל אביב)', dir: 'rtl', lang: 'he' },
  { text: 'נשיא המדינה: "נמשיך במשא ומתן" — 50% מהציבור תומכים', dir: 'rtl', lang: 'he' },
  { text: 'نشست سران G7 در استانبول ساعت ۱۴:۳۰ آغاز شد؛ ۵۰٪ شانس توافق (به گفتهٔ مقام‌ها)', dir: 'rtl', lang: 'fa' },
  { text: 'الأسهم ترتفع ٥٠٪ عند الساعة ١٤:٣٠ بعد قرار البنك المركزي رقم 2026/15', dir: 'rtl', lang: 'ar' },
  { text: 'سعر الفائدة ٣٫٥٪ والتضخم ١٢٫٤ — اتصل على +971 4 123 4567', dir: 'rtl', lang: 'ar' },
  { text: 'وزیر خارجه: «مذاکرات NATO و EU ادامه دارد» — ۱۴۰۵/۰۹/۱۴', dir: 'rtl', lang: 'fa' },
  { text: 'Crowds chanted «زن زندگی آزادی» outside the embassy as talks resumed', dir: 'ltr', lang: 'en' },
  { text: 'Pezeshkian calls for «مذاکرات منصفانه» — fair and equitable negotiations — after 2015 deal collapse', dir: 'ltr', lang: 'en' },
  { text: 'Knesset votes 61-59 on "חוק הגיוס" (draft law) at 14:30', dir: 'ltr', lang: 'en' },
  { text: 'ایران و آمریکا (Iran and the US) در ژنو [Geneva] دیدار کردند', dir: 'rtl', lang: 'fa' },
  { text: 'پاکستان میں انتخابات 8 فروری کو ہوں گے، 12 کروڑ ووٹر', dir: 'rtl', lang: 'ur' },
];

describe('bidi: each line in the visual order of the Unicode Bidirectional Algorithm', () => {
  for (const { text, dir, lang } of CORPUS) {
    it(`${lang}: ${text.slice(0, 40)}`, () => {
      for (const width of [100_000, 600, 350]) {
        const p = layoutParagraph(text, mono, { lang, dir, size: 100, width });
        expect(p.missing).toBe(false);
        // Reconstruct each line's logical range from its text, in order.
        let at = 0;
        for (const line of p.lines) {
          const drawn = visual(line.runs);
          const chars = [...drawn].length;
          while (text[at] === ' ') at++;
          const lineStart = at;
          // The line holds `chars` characters of the text (spaces at its end were dropped).
          let n = 0;
          let end = lineStart;
          while (n < chars && end < text.length) {
            const cp = text.codePointAt(end) ?? 0;
            end += cp > 0xffff ? 2 : 1;
            n++;
          }
          expect(drawn, `width ${width}`).toBe(reference(text, dir, lineStart, end));
          at = end;
        }
      }
    });
  }

  it('breaks in logical order: an RTL phrase in an LTR line keeps its words in order across the break', () => {
    const text = 'Crowds chanted «زن زندگی آزادی» outside the embassy';
    // Narrow enough that the slogan is split between two lines.
    const p = layoutParagraph(text, mono, { lang: 'en', dir: 'ltr', size: 100, width: 1100 });
    const logical = p.lines.map((l) => l.runs.map((r) => r.text).join(''));
    // Each line's runs hold the next words of the text in logical order: joined, the text again.
    expect(layoutText(p.lines.map((l, i) => (l.runs.some((r) => r.rtl) ? logical[i] : logical[i])).join(' '))).toBe(text);
    const first = p.lines[0].runs.map((r) => r.text).join('');
    expect(text.startsWith(first.replace(/\s+$/, '')) || first.length > 0).toBe(true);
  });

  it('keeps times, scores, dates and percentages in reading order in right-to-left lines', () => {
    for (const [text, lang, number] of [
      ['בשעה 14:30 היום', 'he', '14:30'],
      ['מכבי ניצחה 2:1 בדרבי', 'he', '2:1'],
      ['ساعت ۱۴:۳۰ امروز', 'fa', '۱۴:۳۰'],
      ['נתמכת בידי 50% מהציבור', 'he', '50%'],
      ['الساعة ١٤:٣٠ اليوم', 'ar', '١٤:٣٠'],
      ['تاریخ ۱۴۰۵/۰۹/۱۴ امروز', 'fa', '۱۴۰۵/۰۹/۱۴'],
    ] as const) {
      const p = layoutParagraph(text, mono, { lang, dir: 'rtl', size: 100, width: 100_000 });
      const runs = p.lines[0].runs;
      // The number is one left-to-right run, drawn in its logical order.
      expect(runs.some((r) => !r.rtl && r.text.includes(number)), `${text}: ${JSON.stringify(runs)}`).toBe(true);
    }
  });
});

describe('line breaks per language', () => {
  const pieces = (text: string, lang: string) => {
    const out: string[] = [];
    let prev = 0;
    for (const b of [...breakOpportunities(text, lang), text.length]) {
      out.push(text.slice(prev, b));
      prev = b;
    }
    return out;
  };

  it('breaks Korean between words only', () => {
    expect(pieces('한미 정상회담 앞두고 외교장관 회담', 'ko')).toEqual(['한미 ', '정상회담 ', '앞두고 ', '외교장관 ', '회담']);
  });

  it('breaks Thai, Lao, Khmer and Myanmar at dictionary word boundaries, never inside a cluster', () => {
    const cases: [string, string][] = [
      ['ประเทศไทยมีการเลือกตั้งทั่วไป', 'th'],
      ['ລັດຖະບານລາວປະກາດນະໂຍບາຍໃໝ່', 'lo'],
      ['រដ្ឋាភិបាលកម្ពុជាប្រកាសគោលនយោបាយថ្មី', 'km'],
      ['မြန်မာနိုင်ငံရွေးကောက်ပွဲကျင်းပမည်', 'my'],
    ];
    const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });
    for (const [text, lang] of cases) {
      const breaks = breakOpportunities(text, lang);
      expect(breaks.length, lang).toBeGreaterThanOrEqual(1);
      const clusterStarts = new Set([...graphemes.segment(text)].map((g) => g.index));
      for (const b of breaks) expect(clusterStarts.has(b), `${lang} break at ${b}`).toBe(true);
      // Every break is a word boundary of ICU's dictionary.
      const wordStarts = new Set([...new Intl.Segmenter(lang, { granularity: 'word' }).segment(text)].map((s) => s.index));
      for (const b of breaks) expect(wordStarts.has(b), `${lang} break at ${b}`).toBe(true);
    }
  });

  it('never breaks inside an Indic cluster', () => {
    const text = 'प्रधानमंत्री ने संसद में क्षेत्रीय सुरक्षा पर बयान दिया';
    expect(pieces(text, 'hi')).toEqual(['प्रधानमंत्री ', 'ने ', 'संसद ', 'में ', 'क्षेत्रीय ', 'सुरक्षा ', 'पर ', 'बयान ', 'दिया']);
  });

  it('treats line and paragraph separators as spaces', () => {
    expect(layoutText('Talks\u2028resume\u2029in  Istanbul\n')).toBe('Talks resume in Istanbul');
    // Controls, lone surrogates and non-characters would draw as boxes: never laid out.
    expect(layoutText('Con\u0001trol \ud800x\uffff')).toBe('Control x');
  });
});

describe('clamping', () => {
  it('cuts at a word boundary with an ellipsis, never mid-word', () => {
    const text = 'Regional leaders met for talks on the regional security outlook';
    for (const width of [1200, 1500, 2000]) {
      const p = layoutParagraph(text, mono, { lang: 'en', dir: 'ltr', size: 100, width, maxLines: 1 });
      expect(p.clamped).toBe(true);
      const shown = p.lines[0].runs.map((r) => r.text).join('');
      expect(shown.endsWith(ELLIPSIS)).toBe(true);
      const kept = shown.slice(0, -1);
      // What is kept is a prefix of the text ending at the end of a word.
      expect(text.startsWith(kept)).toBe(true);
      expect(/[\s]/.test(text[kept.length] ?? ' ')).toBe(true);
      expect(p.lines[0].width).toBeLessThanOrEqual(width + 0.5);
    }
  });

  it('puts the ellipsis at the end of a right-to-left line (its left)', () => {
    const p = layoutParagraph('المفاوضات تستأنف في إسطنبول بين الجانبين بعد توقف طويل', mono, { lang: 'ar', dir: 'rtl', size: 100, width: 1200, maxLines: 1 });
    expect(visual(p.lines[0].runs).startsWith(ELLIPSIS)).toBe(true);
  });

  it('breaks a word longer than the line between graphemes, and says so', () => {
    const p = layoutParagraph('Donaudampfschifffahrtsgesellschaftskapitän', mono, { lang: 'de', dir: 'ltr', size: 100, width: 800 });
    expect(p.brokeWord).toBe(true);
    for (const l of p.lines) expect(l.width).toBeLessThanOrEqual(800.5);
  });
});
