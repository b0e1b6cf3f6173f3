/**
 * The one coverage answer: which characters of a story's card text no shipped font or emoji
 * image can draw (the card would show an empty box). The editor's checks (saved story and live
 * edit) and the article API's `warnings` all ask this module; it asks the same plan the
 * renderer loads its fonts from (planFonts), so a character is reported exactly when the card
 * draws it as a box.
 *
 * @example
 *   const coverage = defaultCoverage();
 *   coverage.missing('ไทย ༀ', 'th'); // ['U+0F00 ༀ'] (Thai is shipped, Tibetan is not)
 */
import type { Article } from '../core/article.js';
import { buildCardText } from './card-model.js';
import { createEmojiSource, type EmojiSource } from './emoji.js';
import { describeSequence, planFonts, type FontManifest } from './font-manifest.js';
import { defaultFontsDir, loadManifest } from './fonts.js';

export interface CoverageChecker {
  readonly manifest: FontManifest;
  /**
   * The characters of `text` nothing shipped can draw, in order of appearance: a code point as
   * "U+0F00 ༀ", an emoji sequence without an image as its code points and the sequence.
   */
  missing(text: string, lang?: string, dir?: 'ltr' | 'rtl'): string[];
}

export function createCoverageChecker(manifest: FontManifest, emoji: EmojiSource): CoverageChecker {
  return {
    manifest,
    missing(text, lang = 'und', dir = 'ltr') {
      const plan = planFonts(manifest, text, lang, dir);
      const noImage = plan.emoji.filter((g) => !emoji.has(g)).map(describeSequence);
      return [...new Set([...plan.missing, ...noImage])];
    },
  };
}

let shared: CoverageChecker | undefined;

/** The checker over this package's fonts/ and emoji sets, built on first use. */
export function defaultCoverage(): CoverageChecker {
  shared ??= createCoverageChecker(loadManifest(defaultFontsDir()), createEmojiSource());
  return shared;
}

export type CoverageArticle = Pick<Article, 'title' | 'description' | 'kicker' | 'section' | 'authors' | 'publishedAt' | 'lang' | 'image'> & { dir?: 'ltr' | 'rtl' };

export interface UncoveredField {
  /** The article field, as the API names it ("title", "authors", "publishedAt", "image.credit"). */
  field: string;
  /** What the card prints from it, when that is not the field itself. */
  printedAs?: string;
  characters: string[];
}

/**
 * Per field of the card, the characters nothing shipped can draw. Checks the text the card
 * prints (card-model.ts): the date in the story's language and calendar (a Thai story's date
 * is in Thai, in the Buddhist era), the authors as the byline.
 */
export function uncoveredFields(article: CoverageArticle, coverage: CoverageChecker = defaultCoverage()): UncoveredField[] {
  const card = buildCardText(article);
  const fields: [string, string | undefined, string?][] = [
    ['title', card.title],
    ['kicker', card.kicker],
    ['description', card.description],
    ['section', card.section],
    ['authors', card.byline],
    ['image.credit', card.credit],
    ['publishedAt', card.date, 'the date as the card prints it'],
  ];
  const out: UncoveredField[] = [];
  for (const [field, text, printedAs] of fields) {
    const characters = text ? coverage.missing(text, article.lang, card.dir) : [];
    if (characters.length) out.push({ field, ...(printedAs ? { printedAs } : {}), characters });
  }
  return out;
}
