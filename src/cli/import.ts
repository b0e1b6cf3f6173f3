/**
 * `sharecard import <file.json|file.ndjson>`: idempotent upserts of many articles. Each
 * record is validated and written on its own, so one bad record never aborts the rest, and
 * every record acknowledged in the summary is durably stored.
 */
import { readFile } from 'node:fs/promises';
import { parseArticle, slugProblem, type ParseArticleOptions } from '../core/article.js';
import { formatProblems, isSharecardError } from '../core/errors.js';
import type { ArticleStore } from '../store/types.js';

export interface ImportRecord {
  /** 1-based record number (array index or ndjson line). */
  line: number;
  value: unknown;
  /** Set when the line itself could not be parsed. */
  parseError?: string;
}

export interface ImportSummary {
  created: number;
  updated: number;
  unchanged: number;
  rejected: { line: number; slug?: string; reason: string }[];
}

/** Reads a JSON array (or one object) or NDJSON file into records, line-numbered for messages. */
export async function readImportFile(file: string): Promise<ImportRecord[]> {
  const text = await readFile(file, 'utf8');
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[') || (trimmed.startsWith('{') && !file.endsWith('.ndjson') && !file.endsWith('.jsonl'))) {
    try {
      const parsed = JSON.parse(text);
      const list = Array.isArray(parsed) ? parsed : [parsed];
      return list.map((value, i) => ({ line: i + 1, value }));
    } catch (err) {
      if (trimmed.startsWith('[')) throw new Error(`${file} is not valid JSON: ${(err as Error).message}`);
      // A file of one JSON object per line that is not named .ndjson: fall through.
    }
  }
  return text.split('\n').flatMap((line, i) => {
    if (!line.trim()) return [];
    try {
      return [{ line: i + 1, value: JSON.parse(line) }];
    } catch (err) {
      return [{ line: i + 1, value: undefined, parseError: `not valid JSON: ${(err as Error).message}` }];
    }
  });
}

export async function importRecords(
  records: ImportRecord[],
  store: ArticleStore,
  options: ParseArticleOptions,
  onProgress: (done: number) => void = () => {},
): Promise<ImportSummary> {
  const summary: ImportSummary = { created: 0, updated: 0, unchanged: 0, rejected: [] };
  let done = 0;
  for (const rec of records) {
    const slug = rec.value && typeof rec.value === 'object' ? (rec.value as { slug?: unknown }).slug : undefined;
    try {
      if (rec.parseError) throw new Error(rec.parseError);
      if (typeof slug !== 'string') throw new Error('slug: is required (a string)');
      const problem = slugProblem(slug, options.limits?.maxSlugChars);
      if (problem) throw new Error(`slug: ${problem}`);
      const { slug: _omit, ...body } = rec.value as Record<string, unknown>;
      const article = parseArticle(body, options);
      const result = await store.put(slug, article);
      if (result.created) summary.created++;
      else if (result.changed) summary.updated++;
      else summary.unchanged++;
    } catch (err) {
      const reason = isSharecardError(err) && err.problems.length ? formatProblems(err.problems).replace(/\n/g, '; ') : (err as Error).message;
      summary.rejected.push({ line: rec.line, ...(typeof slug === 'string' ? { slug } : {}), reason });
    }
    onProgress(++done);
  }
  return summary;
}
