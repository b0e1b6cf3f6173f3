/**
 * The checks the story page shows before an editor shares a story. Pure: the route passes the
 * article (with any edits), the real byte sizes of the rendered cards and the share payloads.
 * The page script re-runs the checks that change while editing (bytes, description, and the
 * headline cuts, which only the browser's layout can measure).
 */
import type { Article } from '../core/article.js';
import { uncoveredFields, type CoverageChecker } from '../render/coverage.js';
import type { SharePayloads, SharePlatform } from '../core/share/index.js';

export type CardKind = 'og' | 'x';

export interface ImageBudget {
  /** Which card the platform fetches: twitter:image is the x preset, og:image the og preset. */
  image: CardKind;
  maxBytes: number;
  label: string;
  /** What happens when the card is heavier. */
  consequence: string;
}

/**
 * Byte budgets per platform, from the platform table in DESIGN.md: X 5 MB, Facebook 8 MB,
 * LinkedIn 5 MB, Bluesky's thumb blob 1,000,000 bytes, WhatsApp ~300 KB (src/core/presets.ts).
 */
export const platformImageBudgets: Readonly<Record<SharePlatform, ImageBudget>> = Object.freeze({
  x: { image: 'x', maxBytes: 5_000_000, label: 'X', consequence: 'X will show the link without the card image.' },
  facebook: { image: 'og', maxBytes: 8_000_000, label: 'Facebook', consequence: 'Facebook will not use the image.' },
  linkedin: { image: 'og', maxBytes: 5_000_000, label: 'LinkedIn', consequence: 'LinkedIn will not use the image.' },
  bluesky: { image: 'og', maxBytes: 1_000_000, label: 'Bluesky', consequence: 'The thumbnail upload (uploadBlob) will be refused.' },
  whatsapp: { image: 'og', maxBytes: 300_000, label: 'WhatsApp', consequence: 'WhatsApp will most likely show the link without an image.' },
});

export interface Warning {
  /** Stable key: the page script updates or removes a warning by it. */
  key: string;
  level: 'warn' | 'bad';
  title: string;
  text: string;
}

export interface WarningInput {
  article: Pick<Article, 'title' | 'description' | 'kicker' | 'section' | 'authors' | 'status' | 'image' | 'publishedAt' | 'lang'> & { dir?: 'ltr' | 'rtl' };
  bytes: Partial<Record<CardKind, number>>;
  share: SharePayloads;
  /** True when the card was drawn without its photo (the photo could not be loaded). */
  degraded: boolean;
  /** The coverage answer the card's fonts come from (src/render/coverage.ts). */
  coverage: CoverageChecker;
}

/**
 * Per card field, the characters nothing shipped can draw ("U+0F00 ༀ"), labelled for the
 * editor; the date is checked as the card prints it (Thai month names need a Thai font too).
 */
export function uncoveredText(article: WarningInput['article'], coverage: CoverageChecker): { field: string; chars: string[] }[] {
  return uncoveredFields(article, coverage).map((u) => ({ field: u.printedAs ?? u.field, chars: u.characters }));
}

/** The Checks entry for characters no shipped font can draw, or null when there are none. */
export function tofuWarning(article: WarningInput['article'], coverage: CoverageChecker): Warning | null {
  const uncovered = uncoveredText(article, coverage);
  if (!uncovered.length) return null;
  const list = uncovered.map((u) => `${u.field}: ${u.chars.slice(0, 6).join(', ')}${u.chars.length > 6 ? ` and ${u.chars.length - 6} more` : ''}`).join('; ');
  return {
    key: 'tofu',
    level: 'bad',
    title: 'Characters no shipped font can draw:',
    text: `${list}. The card draws them as empty boxes. fonts/README.md lists the scripts the shipped fonts cover and says how to add one.`,
  };
}

export function formatBytes(n: number): string {
  return n >= 1_000_000 ? `${(n / 1_000_000).toFixed(2)} MB` : `${Math.round(n / 1000)} KB`;
}

/** True when the card for `platform` is heavier than that platform accepts. */
export function isOverBudget(platform: SharePlatform, bytes: Partial<Record<CardKind, number>>): boolean {
  const b = platformImageBudgets[platform];
  const n = bytes[b.image];
  return n !== undefined && n > b.maxBytes;
}

export function buildWarnings(input: WarningInput): Warning[] {
  const { article, bytes, share } = input;
  const out: Warning[] = [];
  if (article.status === 'draft') {
    out.push({
      key: 'draft',
      level: 'warn',
      title: 'Draft:',
      text: 'not public yet. Its share page, card images and feeds answer 404 until it is published, so a link shared now shows no card.',
    });
  }
  for (const [platform, b] of Object.entries(platformImageBudgets) as [SharePlatform, ImageBudget][]) {
    const n = bytes[b.image];
    if (n !== undefined && n > b.maxBytes) {
      out.push({ key: `bytes-${platform}`, level: 'bad', title: `${b.label} image too heavy:`, text: `the card is ${formatBytes(n)}, over ${b.label}'s ${formatBytes(b.maxBytes)} budget. ${b.consequence}` });
    }
  }
  const tofu = tofuWarning(article, input.coverage);
  if (tofu) out.push(tofu);
  if (input.degraded) {
    out.push({ key: 'photo', level: 'bad', title: 'Photo missing:', text: 'the hero image could not be loaded, so the card was drawn without it. Check the image URL.' });
  }
  if (!article.description && !article.kicker) {
    out.push({ key: 'description', level: 'warn', title: 'No description:', text: 'Facebook, Bluesky, Slack and Discord will show the card with the headline only.' });
  }
  if (article.image && !article.image.alt) {
    out.push({ key: 'alt', level: 'warn', title: 'No alt text:', text: 'the photo has no alt text, so og:image:alt falls back to the headline. Screen-reader users hear the headline twice.' });
  }
  const x = share.platforms.x;
  // Not a text comparison: an RTL post text carries direction marks the title does not.
  if (x.shortened) {
    out.push({ key: 'x-shortened', level: 'warn', title: 'X post shortened:', text: 'the headline does not fit X’s 280 weighted characters with the link, so the post text cuts it.' });
  }
  return out;
}
