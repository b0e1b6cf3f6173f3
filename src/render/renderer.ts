/**
 * The renderer service: turns an article (stored, previewed or ad-hoc) into card bytes, through
 * the render cache, with single-flight so identical concurrent requests render once, and with
 * the hero photo loaded through the guarded ImageLoader before the worker sees it.
 *
 * @example
 *   const renderer = createRenderer({ site: config.site, baseDir: config.baseDir, pool, imageLoader, cache, log });
 *   const card = await renderer.render({ article, preset: 'og', format: 'png' });
 */
import { LRUCache } from 'lru-cache';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { isAbsoluteHttpUrl, type StoredArticle, type TemplateName } from '../core/article.js';
import { resolveTemplate, mimeOf } from '../core/card-choice.js';
import { presets, type ImageFormat, type PresetName } from '../core/presets.js';
import type { Config } from '../config/schema.js';
import type { CachedCard, RenderCache } from '../cache/types.js';
import type { ImageLoader } from '../images/types.js';
import { buildCardText } from './card-model.js';
import { defaultFontsDir, loadManifest } from './fonts.js';
import type { RenderJob } from './pipeline.js';
import type { RenderLane, RenderPool } from './pool.js';
import type { Brand } from './template.js';
import { getTemplate, templatesVersion } from './templates.js';
import { sha256url } from '../core/digest.js';

/** What a card is drawn from: a stored article, or one built for a preview or a signed URL. */
export type CardArticle = Pick<
  StoredArticle,
  'title' | 'description' | 'kicker' | 'section' | 'authors' | 'publishedAt' | 'lang' | 'image' | 'template' | 'revision'
> &
  Partial<Pick<StoredArticle, 'dir' | 'slug'>>;

export interface CardRequest {
  article: CardArticle;
  preset: PresetName;
  format: ImageFormat;
  /** Overrides the article's template (preview, CLI, ad-hoc). */
  template?: TemplateName;
}

export interface RenderedCard extends CachedCard {
  key: string;
  /** True when the photo could not be used and the card fell back to the layout without it. */
  degraded: boolean;
  source: 'cache' | 'rendered' | 'joined';
}

export interface RenderOptions {
  /**
   * `background` for a card drawn ahead of any request (on publish): it waits behind every card
   * a client is waiting for, and moves up the moment a client asks for it. Default `demand`.
   */
  lane?: RenderLane;
}

export interface Renderer {
  /** The cache key of a card: every input that affects its pixels. */
  cacheKey(request: CardRequest): Promise<string>;
  /** The strong ETag the card will have, known without rendering (for If-None-Match). */
  etagFor(key: string, degraded?: boolean): string;
  render(request: CardRequest, options?: RenderOptions): Promise<RenderedCard>;
  /** Whether the card is in the render cache now (drawn), without drawing it. */
  isDrawn(request: CardRequest): Promise<boolean>;
  close(): Promise<void>;
}

export interface RendererOptions {
  site: Pick<Config['site'], 'name' | 'logo' | 'themeColor' | 'accentColor'>;
  /** Folder a relative `site.logo` resolves against (the config file's folder). */
  baseDir: string;
  pool: RenderPool;
  imageLoader?: ImageLoader;
  cache?: RenderCache;
  log?: { warn(obj: object, msg: string): void };
  /** fonts/ folder (default: the package's own). */
  fontsDir?: string;
}

/** How long a card drawn without its photo is reused: the image loader's failure memory. */
export const FALLBACK_TTL_MS = 30_000;

/** Twice the largest box a template draws the logo in (360×50), for sharp edges. */
const LOGO_MAX = { width: 720, height: 200 };

/**
 * The site logo as a data URI, read once: a path (relative to the config file) from disk, a URL
 * through the ImageLoader (its allow-list and local roots; never an address the operator did
 * not allow). undefined when there is none to draw: the templates then draw the site name.
 */
async function loadLogo(logo: string, baseDir: string, imageLoader: ImageLoader | undefined, log?: RendererOptions['log']): Promise<Brand['logo']> {
  try {
    let data: Buffer;
    if (isAbsoluteHttpUrl(logo)) {
      if (!imageLoader) throw new Error('no image loader to read a URL with');
      data = await imageLoader.source(logo);
    } else {
      data = await readFile(path.resolve(baseDir, logo));
    }
    const meta = await sharp(data).metadata();
    if (!['svg', 'png', 'jpeg', 'webp'].includes(meta.format ?? '') || !meta.width || !meta.height) throw new Error(`unsupported logo format ${meta.format}`);
    // Drawn once into a PNG of at most LOGO_MAX that every card embeds: an SVG is rasterized
    // here by librsvg, with the system's fonts for any <text> in it (resvg, which draws the
    // cards, loads no fonts), and a large bitmap is shrunk once rather than in every render.
    const { data: png, info } = await sharp(data)
      .resize({ ...LOGO_MAX, fit: 'inside', withoutEnlargement: meta.format !== 'svg' })
      .png()
      .toBuffer({ resolveWithObject: true });
    return { src: `data:image/png;base64,${png.toString('base64')}`, width: info.width, height: info.height };
  } catch (err) {
    log?.warn({ logo, err: (err as Error).message }, 'site.logo could not be read; drawing the site name instead');
    return undefined;
  }
}

/** A card being drawn (see `inflight` in createRenderer). */
interface InFlight {
  card: Promise<RenderedCard>;
  promote(): void;
  drawn(): boolean;
}

export function createRenderer(options: RendererOptions): Renderer {
  const { pool, imageLoader, cache, log } = options;
  const fontsHash = loadManifest(options.fontsDir ?? defaultFontsDir()).hash;
  // Cards being drawn, by key: a request for one joins it (single-flight). A background card
  // that a client asks for is promoted to the demand lane (`promote`). `drawn()` turns true once
  // the worker has the bytes, while the cache tiers are still being written: a request arriving
  // then waits for no render, and is a hit.
  const inflight = new Map<string, InFlight>();
  // Cards drawn without their photo stay out of the render cache (the key means "with the
  // photo"), but are kept here briefly, as long as the image loader remembers the failure, so
  // crawlers hitting a story during a photo outage do not cost a render each.
  const fallbacks = new LRUCache<string, CachedCard>({ max: 500, ttl: FALLBACK_TTL_MS });

  // Read once. A logo that could not be read is tried again after FALLBACK_TTL_MS (a remote
  // one may be back); meanwhile cards show the site name, under a brand hash of their own, so
  // the render cache never holds a name-only card under the logo's key.
  let brandPromise: Promise<{ brand: Brand; hash: string }> | null = null;
  const brand = () =>
    (brandPromise ??= (async () => {
      const { site } = options;
      const logo = site.logo ? await loadLogo(site.logo, options.baseDir, imageLoader, log) : undefined;
      if (site.logo && !logo) setTimeout(() => (brandPromise = null), FALLBACK_TTL_MS).unref();
      const b: Brand = { name: site.name, themeColor: site.themeColor, accentColor: site.accentColor, ...(logo ? { logo } : {}) };
      return { brand: b, hash: sha256url(JSON.stringify({ ...b, logo: logo ? sha256url(logo.src, 16) : null }), 16) };
    })());

  const templateOf = (r: CardRequest): TemplateName => r.template ?? resolveTemplate(r.article);

  // Keys by (brand, template, preset, format, revision): the hash is computed once per card,
  // not once per request, so a cache hit costs a map lookup. The brand is part of the lookup
  // because it can change (a logo that comes back). Bounded; insertion order evicts.
  const keys = new Map<string, string>();
  const MAX_KEYS = 10_000;

  async function cacheKey(r: CardRequest): Promise<string> {
    const { hash: brandHash } = await brand();
    const id = `${templateOf(r)}|${r.preset}|${r.format}|${r.article.revision}`;
    const memo = `${brandHash}|${id}`;
    let key = keys.get(memo);
    if (key) return key;
    const parts = ['card', 1, templatesVersion, id, fontsHash, brandHash];
    key = `card-${sha256url(parts.join('|'), 32)}`;
    if (keys.size >= MAX_KEYS) keys.delete(keys.keys().next().value as string);
    keys.set(memo, key);
    return key;
  }

  const etagFor = (key: string, degraded = false) => `"${key}${degraded ? '-fallback' : ''}"`;

  async function renderFresh(r: CardRequest, key: string, lane: RenderLane, promoted: Promise<void>): Promise<{ card: CachedCard; degraded: boolean }> {
    const template = getTemplate(templateOf(r));
    const preset = presets[r.preset];
    const { brand: b } = await brand();
    let image: RenderJob['image'];
    let degraded = false;
    const size = template.imageSize(preset);
    if (size && r.article.image) {
      const loaded = imageLoader
        ? await imageLoader.load({ url: r.article.image.url, width: size.width, height: size.height, focusX: r.article.image.focusX, focusY: r.article.image.focusY })
        : null;
      if (loaded) image = { data: loaded.data, mime: loaded.mime, width: loaded.width, height: loaded.height };
      else {
        degraded = true;
        log?.warn({ slug: r.article.slug, template: template.name }, 'hero image unavailable; drawing the card without it');
      }
    }
    const job: RenderJob = { template: template.name, preset: r.preset, format: r.format, card: buildCardText(r.article), brand: b, image };
    const result = await pool.run(job, { lane, promoted });
    const body = Buffer.from(result.body.buffer, result.body.byteOffset, result.body.byteLength);
    return { card: { body, contentType: mimeOf[r.format], etag: etagFor(key, degraded) }, degraded };
  }

  async function renderAndStore(r: CardRequest, key: string, lane: RenderLane, promoted: Promise<void>, onDrawn: () => void): Promise<RenderedCard> {
    const { card, degraded } = await renderFresh(r, key, lane, promoted);
    onDrawn();
    // A fallback card is not what this key means: never cache it, so the photo is tried again.
    // Deleting instead releases the shared tier's render lock at once, so other replicas
    // waiting on this key stop waiting and try for themselves.
    if (cache) await (degraded ? cache.delete(key) : cache.set(key, card)).catch(() => undefined);
    if (degraded) fallbacks.set(key, card);
    return { ...card, key, degraded, source: 'rendered' };
  }

  async function join(entry: InFlight, lane: RenderLane): Promise<RenderedCard> {
    const drawn = entry.drawn();
    if (!drawn && lane === 'demand') entry.promote();
    const card = await entry.card;
    return { ...card, source: drawn ? 'cache' : 'joined' };
  }

  async function render(r: CardRequest, options: RenderOptions = {}): Promise<RenderedCard> {
    const lane = options.lane ?? 'demand';
    const key = await cacheKey(r);
    const joined = inflight.get(key);
    if (joined) return join(joined, lane);
    const hit = cache ? await cache.get(key).catch(() => null) : null;
    if (hit) return { ...hit, key, degraded: false, source: 'cache' };
    const fallback = fallbacks.get(key);
    if (fallback) return { ...fallback, key, degraded: true, source: 'cache' };
    // Looked again: the cache lookup yielded, and another request may have started this card.
    const running = inflight.get(key);
    if (running) return join(running, lane);
    let promote = () => {};
    const promoted = new Promise<void>((resolve) => (promote = resolve));
    let drawn = false;
    const card = renderAndStore(r, key, lane, promoted, () => (drawn = true));
    inflight.set(key, { card, promote, drawn: () => drawn });
    try {
      return await card;
    } finally {
      inflight.delete(key);
    }
  }

  async function isDrawn(r: CardRequest): Promise<boolean> {
    const key = await cacheKey(r);
    return Boolean(cache && (await cache.get(key).catch(() => null)));
  }

  return {
    cacheKey,
    etagFor,
    render,
    isDrawn,
    async close() {
      await Promise.allSettled([...inflight.values()].map((f) => f.card));
      await pool.close();
      await cache?.close();
    },
  };
}
