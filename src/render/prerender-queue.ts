/**
 * Draw on publish: when a published article is created or changed, its cards are drawn in the
 * background, so that the crawlers of X, Facebook, LinkedIn, Bluesky, WhatsApp, Slack and
 * Discord, which fetch a shared story's card within seconds and keep what they got for days,
 * find it in the render cache.
 *
 * - Fed by the store's write hook (src/store/on-write.ts), so every way an article is written
 *   (the API, `sharecard import`, an ingest) queues its cards.
 * - Deduplicated by cache key: a card already queued is not queued twice, and an identical
 *   revision queues nothing (the store reports no change). Coalesced by article: a newer
 *   revision drops the cards of the older one still queued.
 * - Drawn in the pool's background lane: behind every card a client waits for, never refused.
 *   A client asking for a card still queued here draws it at once on demand; the queued job
 *   then finds it in the cache (or joins the drawing) and draws nothing.
 *
 * @example
 *   const queue = createPrerenderQueue({ renderer, concurrency: 4, log });
 *   queue.enqueue(storedArticle);
 *   await queue.idle();
 */
import type { StoredArticle } from '../core/article.js';
import { preferredFormat } from '../core/card-choice.js';
import { describeErrorChain } from '../core/error-chain.js';
import { imageFormats, presetNames, type ImageFormat, type PresetName } from '../core/presets.js';
import type { CardArticle, CardRequest, Renderer } from './renderer.js';

/** The cards an article's pages, tags, payloads and feeds point at, most fetched first. */
export function cardsToDraw(article: Pick<StoredArticle, 'template' | 'image'>): { preset: PresetName; format: ImageFormat }[] {
  const advertised = preferredFormat(article);
  // The advertised format (og:image, twitter:image, payloads, feeds) first, then PNG, the
  // default format of `/og/:slug.png` and of every preset URL without a format of its own.
  const formats = [advertised, ...imageFormats.filter((f) => f === 'png' && f !== advertised)];
  return formats.flatMap((format) => presetNames.map((preset) => ({ preset, format })));
}

/**
 * Only what a card is drawn from: a queued card must not keep the article's body (contentHtml,
 * often tens of KB) alive while it waits, as an import of thousands of articles would.
 */
function cardArticleOf(a: StoredArticle): CardArticle {
  const { title, description, kicker, section, authors, publishedAt, lang, image, template, revision, dir, slug } = a;
  return { title, description, kicker, section, authors, publishedAt, lang, image, template, revision, dir, slug };
}

export interface PrerenderStats {
  /** Cards waiting to be handed to the pool. */
  queued: number;
  /** Cards handed to the pool and not finished. */
  drawing: number;
  /** Age of the oldest queued card, in seconds (0 when none). */
  oldestAgeSeconds: number;
  /** Cards this queue drew since start (a cache miss it filled). */
  drawn: number;
  /** Queued cards that were in the cache (or being drawn) by their turn: nothing to draw. */
  alreadyDrawn: number;
  failed: number;
}

export interface PrerenderQueue {
  /** Queues the cards of a published article (a draft forgets its queued cards instead). */
  enqueue(article: StoredArticle): Promise<void>;
  /** Drops the cards of an article still queued (it was deleted or unpublished). */
  forget(slug: string): void;
  /** Whether this card is queued or being drawn here. */
  isPending(key: string): boolean;
  stats(): PrerenderStats;
  /** Resolves when nothing is queued or being drawn (the CLI's import, tests). */
  idle(): Promise<void>;
  /** Drops what is queued and waits for the cards being drawn. */
  close(): Promise<void>;
}

export interface PrerenderQueueOptions {
  renderer: Pick<Renderer, 'cacheKey' | 'render'>;
  /**
   * Cards handed to the pool at once. Twice the worker threads keeps every worker busy while
   * the next card's photo loads and its cache lookup runs; they wait in the background lane.
   */
  concurrency: number;
  log?: { warn(obj: object, msg: string): void };
}

interface QueuedCard {
  key: string;
  slug: string;
  request: CardRequest;
  queuedAt: number;
}

export function createPrerenderQueue(options: PrerenderQueueOptions): PrerenderQueue {
  const { renderer, log } = options;
  const concurrency = Math.max(1, Math.floor(options.concurrency));
  // Insertion order is drawing order: first published, first drawn.
  const queued = new Map<string, QueuedCard>();
  const keysBySlug = new Map<string, Set<string>>();
  const drawing = new Map<string, Promise<void>>();
  // Each article's latest enqueue, so that an older one finishing its key computation late
  // cannot queue the cards of a revision that was already replaced.
  const latest = new Map<string, number>();
  let serial = 0;
  // Enqueues still computing their cards' keys: idle() waits for them too.
  let adding = 0;
  let closed = false;
  let idleWaiters: (() => void)[] = [];
  const counts = { drawn: 0, alreadyDrawn: 0, failed: 0 };

  const unqueue = (key: string) => {
    const card = queued.get(key);
    if (!card) return;
    queued.delete(key);
    const keys = keysBySlug.get(card.slug);
    keys?.delete(key);
    if (keys && !keys.size) keysBySlug.delete(card.slug);
  };

  const settleIdle = () => {
    if (queued.size || drawing.size || adding) return;
    for (const resolve of idleWaiters.splice(0)) resolve();
  };

  const pump = () => {
    while (!closed && drawing.size < concurrency && queued.size) {
      const card = queued.values().next().value as QueuedCard;
      unqueue(card.key);
      const done = renderer
        .render(card.request, { lane: 'background' })
        .then(
          (drawn) => {
            if (drawn.source === 'rendered') counts.drawn++;
            else counts.alreadyDrawn++;
          },
          (err) => {
            counts.failed++;
            log?.warn({ slug: card.slug, preset: card.request.preset, format: card.request.format, err: describeErrorChain(err) }, 'a card could not be drawn on publish; it will be drawn on its first request');
          },
        )
        .finally(() => {
          drawing.delete(card.key);
          pump();
          settleIdle();
        });
      drawing.set(card.key, done);
    }
  };

  function forget(slug: string): void {
    latest.set(slug, ++serial);
    for (const key of [...(keysBySlug.get(slug) ?? [])]) unqueue(key);
    settleIdle();
  }

  async function enqueue(article: StoredArticle): Promise<void> {
    if (closed) return;
    if (article.status !== 'published') return forget(article.slug);
    const mine = ++serial;
    latest.set(article.slug, mine);
    const card = cardArticleOf(article);
    const requests: CardRequest[] = cardsToDraw(article).map(({ preset, format }) => ({ article: card, preset, format }));
    adding++;
    let keys: string[];
    try {
      keys = await Promise.all(requests.map((r) => renderer.cacheKey(r)));
    } finally {
      adding--;
    }
    if (closed || latest.get(article.slug) !== mine) return settleIdle();
    // Coalesce: the cards of an older revision still waiting are no longer wanted.
    const wanted = new Set(keys);
    for (const key of [...(keysBySlug.get(article.slug) ?? [])]) if (!wanted.has(key)) unqueue(key);
    const now = performance.now();
    requests.forEach((request, i) => {
      const key = keys[i];
      if (queued.has(key) || drawing.has(key)) return;
      queued.set(key, { key, slug: article.slug, request, queuedAt: now });
      let slugKeys = keysBySlug.get(article.slug);
      if (!slugKeys) keysBySlug.set(article.slug, (slugKeys = new Set()));
      slugKeys.add(key);
    });
    pump();
  }

  return {
    enqueue,
    forget,
    isPending: (key) => queued.has(key) || drawing.has(key),
    stats() {
      const oldest = queued.values().next().value as QueuedCard | undefined;
      return {
        queued: queued.size,
        drawing: drawing.size,
        oldestAgeSeconds: oldest ? (performance.now() - oldest.queuedAt) / 1000 : 0,
        ...counts,
      };
    },
    idle() {
      if (!queued.size && !drawing.size && !adding) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
    async close() {
      closed = true;
      queued.clear();
      keysBySlug.clear();
      await Promise.allSettled([...drawing.values()]);
      settleIdle();
      idleWaiters = [];
    },
  };
}
