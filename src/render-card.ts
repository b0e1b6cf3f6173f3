/**
 * `renderCard`: one article in, one card image out, in one call, with nothing to set up: no
 * store, server, cache or worker threads. Cards are drawn on the calling thread by an inline
 * render pool that is created on the first call and reused by every later one.
 *
 * The renderer (satori, resvg, sharp) is imported on the first call, never when the library
 * is imported, so `import 'sharecard'` stays light for a program that only wants meta tags.
 *
 * Photos: read only from local folders the caller names (`images.localRoots`, URL prefix →
 * folder, as in the server's config); nothing is ever fetched over the network. Without a
 * matching local root the photo template draws its layout without the photo and the result
 * says `degraded: true`.
 *
 * @example
 *   import { renderCard } from 'sharecard';
 *   const card = await renderCard(
 *     { url: 'https://news.example.com/a', title: 'Talks resume in Istanbul' },
 *     { site: { name: 'Example News', url: 'https://news.example.com' }, preset: 'og', format: 'png' },
 *   );
 *   await writeFile('card.png', card.body);
 */
import { articleOptions, parseArticle, templateNames, type TemplateName } from './core/article.js';
import { directionOf } from './core/direction.js';
import { SharecardError, type Problem } from './core/errors.js';
import { imageFormats, isPresetName, presetNames, type ImageFormat, type PresetName } from './core/presets.js';
import { computeRevision } from './core/revision.js';
import { parseConfig } from './config/load.js';
import type { Config, ConfigInput } from './config/schema.js';
import type { RenderPool } from './render/pool.js';
import type { Renderer } from './render/renderer.js';

export interface RenderCardOptions {
  /** The site the card is branded for: the `site` section of the config file (name, url, logo, colours). */
  site: NonNullable<ConfigInput['site']>;
  /** Overrides the article's own template choice. */
  template?: TemplateName;
  /** `og` 1200×630 (default), `x` 1200×600 or `square` 1200×1200. */
  preset?: PresetName;
  /** `png` (default) or `jpg`. */
  format?: ImageFormat;
  /** Where photos may be read from: URL prefix → local folder. No network reads, ever. */
  images?: { localRoots?: Record<string, string> };
  /** Folder a relative `site.logo` or local root resolves against (default: the working directory). */
  baseDir?: string;
}

export interface RenderCardResult {
  body: Uint8Array;
  contentType: 'image/png' | 'image/jpeg';
  /** Strong ETag (quoted): every input that affects the pixels. */
  etag: string;
  /** True when the article has a photo that could not be read locally and the card was drawn without it. */
  degraded: boolean;
}

let pool: Promise<RenderPool> | null = null;
/** One renderer per distinct site/images setup (each reads its logo once); a few at most. */
const renderers = new Map<string, Promise<Renderer>>();
const MAX_RENDERERS = 8;

function checkOptions(options: RenderCardOptions): void {
  const problems: Problem[] = [];
  if (!options || typeof options !== 'object') problems.push({ path: ['options'], message: 'must be an object with at least `site`' });
  else {
    if (!options.site || typeof options.site !== 'object') problems.push({ path: ['site'], message: 'must be an object (the config file’s `site` section)' });
    if (options.template !== undefined && !(templateNames as readonly string[]).includes(options.template)) {
      problems.push({ path: ['template'], message: `must be one of ${templateNames.join(', ')}` });
    }
    if (options.preset !== undefined && !isPresetName(options.preset)) problems.push({ path: ['preset'], message: `must be one of ${presetNames.join(', ')}` });
    if (options.format !== undefined && !(imageFormats as readonly string[]).includes(options.format)) {
      problems.push({ path: ['format'], message: `must be one of ${imageFormats.join(', ')}` });
    }
  }
  if (problems.length) {
    throw new SharecardError('invalid_input', `renderCard: ${problems.map((p) => `${p.path.join('.')} ${p.message}`).join('; ')}`, { problems });
  }
}

async function rendererFor(config: Config): Promise<Renderer> {
  const id = JSON.stringify([config.site, config.images.localRoots, config.baseDir]);
  let r = renderers.get(id);
  if (!r) {
    if (renderers.size >= MAX_RENDERERS) renderers.delete(renderers.keys().next().value as string);
    r = (async () => {
      const [{ createRenderer }, { createInlinePool }, { createImageLoader }] = await Promise.all([
        import('./render/renderer.js'),
        import('./render/pool.js'),
        import('./images/loader.js'),
      ]);
      pool ??= Promise.resolve(createInlinePool());
      // Local roots only: with no allowed origin, every other URL is refused before any lookup.
      const imageLoader = createImageLoader({ ...config.images, allowedOrigins: [] });
      // The shared pool outlives each renderer: renderer.close() is never called here.
      return createRenderer({ site: config.site, baseDir: config.baseDir, pool: await pool, imageLoader });
    })();
    renderers.set(id, r);
    r.catch(() => renderers.delete(id));
  }
  return r;
}

/**
 * Draws one card. `article` is what you would PUT to `/api/articles/:slug` (an optional `slug`
 * is used in the cache key only). Throws SharecardError('invalid_input') listing every bad
 * field of the article or the options.
 */
export async function renderCard(article: unknown, options: RenderCardOptions): Promise<RenderCardResult> {
  checkOptions(options);
  const baseDir = options.baseDir ?? process.cwd();
  const config = parseConfig({ site: options.site, images: { localRoots: options.images?.localRoots ?? {} } }, baseDir);
  const record = article && typeof article === 'object' && !Array.isArray(article) ? (article as Record<string, unknown>) : null;
  const { slug, ...body } = record ?? {};
  // Not an object: parseArticle says so, in the same words as for a PUT body.
  const parsed = parseArticle(record ? body : article, articleOptions(config));
  const key = typeof slug === 'string' && slug ? slug : 'card';
  const renderer = await rendererFor(config);
  const card = await renderer.render({
    article: { ...parsed, slug: key, dir: directionOf(parsed.lang, parsed.title), revision: computeRevision(key, parsed) },
    preset: options.preset ?? 'og',
    format: options.format ?? 'png',
    template: options.template,
  });
  return { body: new Uint8Array(card.body.buffer, card.body.byteOffset, card.body.byteLength), contentType: card.contentType, etag: card.etag, degraded: card.degraded };
}
