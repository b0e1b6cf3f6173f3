/**
 * Card images: `/og/:slug.png` (preset og), `/og/:slug/:preset.(png|jpg)`, and the signed
 * ad-hoc `/og/render.png`. Strong ETags known before rendering (the cache key), 304 on
 * If-None-Match, immutable caching only for the current `?v=` revision, and
 * Cross-Origin-Resource-Policy so the images embed anywhere. `X-Sharecard-Cache` says where
 * the card came from: `hit` (the render cache: drawn earlier, e.g. on publish), `miss` (drawn
 * for this request) or `joined` (drawn once for this and other requests at the same time).
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { articleOptions, parseAdhocArticle, templateNames, type TemplateName } from '../../core/article.js';
import { SharecardError } from '../../core/errors.js';
import { isPresetName, type ImageFormat, type PresetName } from '../../core/presets.js';
import { computeRevision } from '../../core/revision.js';
import { EXPIRY_PARAM, singleValuedParams, verifyParams } from '../../core/signing.js';
import type { CardArticle, CardRequest } from '../../render/renderer.js';
import type { Services } from '../../services.js';
import { notModified } from '../conditional.js';
import { assertSlug, parseQuery } from '../params.js';
import { createRateLimiter } from '../rate-limit.js';

/** Cards at the current revision never change: their URL changes instead (`?v=`). */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Without the current `?v=` the same URL may show a newer card soon. */
const SHORT = 'public, max-age=300';
/** A card drawn without its photo (the photo failed): let caches retry soon. */
const FALLBACK = 'public, max-age=60';
/** Signed ad-hoc cards: the signature pins the text, but a template change may redraw them. */
const ADHOC = 'public, max-age=86400';

const PRESET_FILE = /^(og|x|square)\.(png|jpg)$/;

/** The `X-Sharecard-Cache` value for each way the renderer answered (docs/prerender.md). */
const CACHE_HEADER = { cache: 'hit', rendered: 'miss', joined: 'joined' } as const;

const adhocSchema = z.strictObject({
  title: z.string(),
  template: z.enum(templateNames, { message: `must be one of ${templateNames.join(', ')}` }).optional(),
  kicker: z.string().optional(),
  section: z.string().optional(),
  lang: z.string().optional(),
  preset: z.string().refine(isPresetName, { message: 'must be og, x or square' }).optional(),
  exp: z.string().optional(),
  sig: z.string(),
});

export function ogRoutes(services: Services): Router {
  const { config, store, renderer } = services;
  const r = Router();

  async function send(req: Request, res: Response, request: CardRequest, cacheControl: string): Promise<void> {
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    const key = await renderer.cacheKey(request);
    const etag = renderer.etagFor(key);
    if (notModified(req, etag)) {
      res.status(304).setHeader('ETag', etag).setHeader('Cache-Control', cacheControl).end();
      return;
    }
    const card = await renderer.render(request);
    res
      .status(200)
      .setHeader('Content-Type', card.contentType)
      .setHeader('Content-Length', String(card.body.length))
      .setHeader('ETag', card.etag)
      .setHeader('X-Sharecard-Cache', CACHE_HEADER[card.source])
      .setHeader('Cache-Control', card.degraded ? FALLBACK : cacheControl)
      .end(req.method === 'HEAD' ? undefined : card.body);
  }

  async function published(slugParam: unknown) {
    const slug = assertSlug(slugParam);
    const a = await store.get(slug);
    // Drafts have no public card: the same 404 as a missing slug, so drafts cannot be probed.
    if (!a || a.status !== 'published') throw new SharecardError('not_found', 'No article with that slug');
    return a;
  }

  async function adhoc(req: Request, res: Response): Promise<void> {
    const url = new URL(req.originalUrl, 'http://localhost');
    const params = singleValuedParams(url.searchParams);
    if (!params) throw new SharecardError('forbidden', 'Invalid signature: a query parameter is repeated');
    const keys = config.security.signingKeys;
    if (!keys.length) throw new SharecardError('forbidden', 'Signed rendering is not configured (security.signingKeys)');
    const verdict = verifyParams(params, keys, new Date());
    if (!verdict.ok) {
      if (verdict.reason === 'malformed_expiry') {
        throw new SharecardError('invalid_input', 'Invalid signed parameters', {
          problems: [{ path: [EXPIRY_PARAM], message: 'must be whole seconds since 1970-01-01 UTC: digits only, no sign, exponent or leading zero' }],
        });
      }
      const why = { missing: 'Missing signature', invalid: 'Invalid signature', expired: 'The signed URL has expired' }[verdict.reason];
      throw new SharecardError('forbidden', why);
    }
    const q = parseQuery(adhocSchema, params);
    const article = parseAdhocArticle(q, config.site.url, articleOptions(config));
    const cardArticle: CardArticle = { ...article, publishedAt: undefined, revision: computeRevision('og-render', article) };
    const preset: PresetName = (q.preset as PresetName | undefined) ?? 'og';
    await send(req, res, { article: cardArticle, preset, format: 'png', template: (q.template as TemplateName | undefined) ?? 'standard' }, ADHOC);
  }

  // Limited here, on the decoded name the handler dispatches on: a limiter on the literal path
  // '/og/render.png' let '/og/render%2Epng' through to the same handler.
  const adhocLimit = createRateLimiter('ad-hoc render', { perMinute: config.server.rateLimit.adhocRendersPerMinute });
  r.get('/og/:file', (req, res, next) => (String(req.params.file) === 'render.png' ? adhocLimit(req, res, next) : next()));
  r.get('/og/:file', async (req, res) => {
    const file = String(req.params.file);
    if (file === 'render.png') return adhoc(req, res);
    const m = /^(.+)\.png$/.exec(file);
    if (!m) throw new SharecardError('not_found', 'No such image');
    const a = await published(m[1]);
    const cacheControl = req.query.v === a.revision ? IMMUTABLE : SHORT;
    await send(req, res, { article: a, preset: 'og', format: 'png' }, cacheControl);
  });

  r.get('/og/:slug/:file', async (req, res) => {
    const m = PRESET_FILE.exec(String(req.params.file));
    if (!m) throw new SharecardError('not_found', 'No such image: use og, x or square with .png or .jpg');
    const a = await published(req.params.slug);
    const cacheControl = req.query.v === a.revision ? IMMUTABLE : SHORT;
    await send(req, res, { article: a, preset: m[1] as PresetName, format: m[2] as ImageFormat }, cacheControl);
  });

  return r;
}
