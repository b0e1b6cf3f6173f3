/**
 * `sharecard render` (one card from an article JSON file, no server, no cache) and
 * `sharecard prerender` (warm the render cache for every published article).
 *
 * @example
 *   sharecard render story.json --template photo --preset square -o card.jpg
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { articleOptions, parseArticle, templateNames, type TemplateName } from '../core/article.js';
import { preferredFormat } from '../core/card-choice.js';
import { SharecardError, type Problem } from '../core/errors.js';
import { imageFormats, isPresetName, presetNames, presets, type ImageFormat, type PresetName } from '../core/presets.js';
import { computeRevision } from '../core/revision.js';
import { directionOf } from '../core/direction.js';
import type { Config } from '../config/schema.js';
import { createImageLoader } from '../images/loader.js';
import { createInlinePool } from '../render/pool.js';
import { createRenderer, type CardRequest } from '../render/renderer.js';
import type { Services } from '../services.js';

export interface RenderCliOptions {
  template?: string;
  preset?: string;
  /** png or jpg; default from the output file's extension, else png. */
  format?: string;
  output: string;
}

export interface RenderCliResult {
  output: string;
  bytes: number;
  width: number;
  height: number;
  format: ImageFormat;
  template: TemplateName;
  ms: number;
  degraded: boolean;
}

function checkOptions(opts: RenderCliOptions): { template?: TemplateName; preset: PresetName; format: ImageFormat } {
  const problems: Problem[] = [];
  if (opts.template !== undefined && !(templateNames as readonly string[]).includes(opts.template)) {
    problems.push({ path: ['--template'], message: `must be one of ${templateNames.join(', ')}` });
  }
  const preset = opts.preset ?? 'og';
  if (!isPresetName(preset)) problems.push({ path: ['--preset'], message: `must be one of ${presetNames.join(', ')}` });
  const ext = path.extname(opts.output).slice(1).toLowerCase().replace('jpeg', 'jpg');
  // Without --format the file name decides; a name ending in neither .png nor .jpg is a mistake.
  const format = opts.format?.toLowerCase().replace('jpeg', 'jpg') ?? (ext === '' ? 'png' : ext);
  if (!(imageFormats as readonly string[]).includes(format)) problems.push({ path: ['--format'], message: 'must be png or jpg (or use an output file ending in .png or .jpg)' });
  if (problems.length) throw new SharecardError('invalid_input', problems.map((p) => `${p.path.join('.')}: ${p.message}`).join('\n'), { problems });
  return { template: opts.template as TemplateName | undefined, preset: preset as PresetName, format: format as ImageFormat };
}

/** Renders one article file to an image file, on this thread, without the store or the cache. */
export async function renderArticleFile(file: string, opts: RenderCliOptions, config: Config, log?: { warn(obj: object, msg: string): void }): Promise<RenderCliResult> {
  const { template, preset, format } = checkOptions(opts);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new SharecardError('invalid_input', `${file}: not a readable JSON file (${(err as Error).message})`);
  }
  const record = Array.isArray(raw) && raw.length === 1 ? raw[0] : raw;
  const { slug, ...body } = (record && typeof record === 'object' ? record : {}) as Record<string, unknown>;
  const article = parseArticle(body, articleOptions(config));
  const key = typeof slug === 'string' ? slug : path.basename(file, path.extname(file));
  const renderer = createRenderer({
    site: config.site,
    baseDir: config.baseDir,
    pool: createInlinePool(),
    imageLoader: createImageLoader(config.images, { log }),
    log,
  });
  try {
    const t0 = performance.now();
    const request: CardRequest = {
      article: { ...article, slug: key, dir: directionOf(article.lang, article.title), revision: computeRevision(key, article) },
      preset,
      format,
      template,
    };
    const card = await renderer.render(request);
    await writeFile(opts.output, card.body);
    return {
      output: opts.output,
      bytes: card.body.length,
      ...presets[preset],
      format,
      template: template ?? (article.template ?? (article.image ? 'photo' : 'standard')),
      ms: Math.round(performance.now() - t0),
      degraded: card.degraded,
    };
  } finally {
    await renderer.close();
  }
}

export interface PrerenderSummary {
  articles: number;
  cards: number;
  rendered: number;
  cached: number;
  failed: { slug: string; card: string; error: string }[];
}

/**
 * Renders (or finds in the cache) every card a published article's tags point at: the default
 * `/og/:slug.png` and each preset in the article's preferred format. Runs as many at once as
 * the pool has threads.
 */
export async function prerender(services: Pick<Services, 'store' | 'renderer'>, onProgress: (done: number, total: number) => void = () => {}, concurrency = 2): Promise<PrerenderSummary> {
  const articles = [];
  let cursor: string | undefined;
  do {
    const page = await services.store.list({ status: 'published', limit: 100, cursor });
    articles.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);

  const jobs: { slug: string; card: string; request: CardRequest }[] = [];
  for (const a of articles) {
    const wanted = new Set<string>(['og.png', ...presetNames.map((p) => `${p}.${preferredFormat(a)}`)]);
    for (const name of wanted) {
      const [preset, format] = name.split('.') as [PresetName, ImageFormat];
      jobs.push({ slug: a.slug, card: name, request: { article: a, preset, format } });
    }
  }
  const summary: PrerenderSummary = { articles: articles.length, cards: jobs.length, rendered: 0, cached: 0, failed: [] };
  let next = 0;
  let done = 0;
  onProgress(0, jobs.length);
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++];
      try {
        const card = await services.renderer.render(job.request);
        if (card.source === 'cache') summary.cached++;
        else summary.rendered++;
      } catch (err) {
        summary.failed.push({ slug: job.slug, card: job.card, error: (err as Error).message });
      }
      onProgress(++done, jobs.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return summary;
}
