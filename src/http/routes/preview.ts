/**
 * The editor preview (issue 6): login, the story list, the story page with every platform's
 * mockup, the cards it shows (drafts included) and the live-render and share APIs its script
 * calls. Everything here needs the editor session (src/preview/session.ts); pages redirect to
 * the login form, APIs answer 401. Every POST is refused when a browser marks it cross-site,
 * and the session-bound ones also need the session's CSRF token.
 */
import express, { Router, type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { articleOptions, parseArticle, templateNames, type Article, type StoredArticle, type TemplateName } from '../../core/article.js';
import { preferredFormat, resolveTemplate } from '../../core/card-choice.js';
import { SharecardError } from '../../core/errors.js';
import { shareDescription } from '../../core/meta/index.js';
import { isPresetName, presetNames, type ImageFormat, type PresetName } from '../../core/presets.js';
import { buildSharePayloads, shareContextFromConfig, sharePlatforms } from '../../core/share/index.js';
import { buildStoredArticle } from '../../core/stored-article.js';
import { cleanLine } from '../../core/text.js';
import { buildDiscordTexts } from '../../preview/mockups/discord.js';
import { fontAssets } from '../../preview/assets.js';
import { serveAsset } from './preview-assets.js';
import { renderErrorPage } from '../../preview/layout.js';
import { copyPostText, displayPostText } from '../../preview/post-text.js';
import { renderListPage, type ListFilters } from '../../preview/list-page.js';
import { findStories } from '../../preview/search.js';
import { renderLoginPage } from '../../preview/login-page.js';
import { assertSameOrigin, createSessionCodec, type Session } from '../../preview/session.js';
import { renderStoryPage, shareCounter } from '../../preview/story-page.js';
import { PREVIEW_CSP } from '../../preview/layout.js';
import { buildWarnings, isOverBudget, tofuWarning, type CardKind, type Warning } from '../../preview/warnings.js';
import { defaultCoverage } from '../../render/coverage.js';
import type { CardRequest } from '../../render/renderer.js';
import type { Services } from '../../services.js';
import { toSharecardError } from '../errors.js';
import { assertSlug, parseBody, parseQuery } from '../params.js';
import { tokenMatches } from '../auth.js';
import { createRateLimiter } from '../rate-limit.js';

/** Sections and languages offered as filter suggestions come from this many newest stories. */
const SUGGESTION_SCAN = 500;
const PRESET_FILE = /^(og|x|square)\.(png|jpg)$/;

const listQuerySchema = z.object({
  q: z.string().max(200).optional(),
  section: z.string().max(200).optional(),
  lang: z.union([z.literal(''), z.string().max(35).regex(/^[A-Za-z0-9-]+$/, { message: 'must be a BCP 47 tag' })]).optional(),
  status: z.enum(['all', 'published', 'draft']).optional(),
  cursor: z.string().max(1000).optional(),
});

const storyQuerySchema = z.object({
  template: z.enum(templateNames).optional(),
  preset: z.enum(presetNames as [PresetName, ...PresetName[]]).optional(),
});

const cardQuerySchema = z.object({
  template: z.enum(templateNames).optional(),
  v: z.string().max(64).optional(),
});

const editSchema = z.strictObject({
  slug: z.string().max(200),
  preset: z.enum(presetNames as [PresetName, ...PresetName[]]).default('og'),
  template: z.enum(templateNames).optional(),
  title: z.string().max(4000),
  kicker: z.string().max(4000).default(''),
  description: z.string().max(20000).default(''),
});
type Edits = z.output<typeof editSchema>;

/** Where to go after logging in: only a page of this editor, never another origin. */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || next.length > 2000) return '/preview';
  const u = new URL(next, 'http://sharecard.invalid');
  const ok = u.origin === 'http://sharecard.invalid' && (u.pathname === '/preview' || u.pathname.startsWith('/preview/'));
  if (!ok || /^\/preview\/(api|card|assets|login|logout)(\/|$)/.test(u.pathname)) return '/preview';
  return u.pathname + u.search;
}

/** The article with the editor's unsaved changes, validated like a PUT and with its own revision. */
function withEdits(stored: StoredArticle, edits: Pick<Edits, 'title' | 'kicker' | 'description'>, config: Services['config']): StoredArticle {
  const { slug: _s, dir: _d, revision: _r, createdAt: _c, modifiedAt: _m, ...fields } = stored;
  const input = { ...fields, title: edits.title, kicker: edits.kicker || undefined, description: edits.description || undefined };
  const article: Article = parseArticle(input, articleOptions(config));
  return buildStoredArticle(stored.slug, article, stored, new Date());
}

function cardPath(slug: string, preset: PresetName, format: ImageFormat, template: TemplateName, revision: string): string {
  const q = new URLSearchParams({ v: revision, template });
  return `/preview/card/${encodeURIComponent(slug)}/${preset}.${format}?${q}`;
}

export function previewRoutes(services: Services): Router {
  const { config, store, renderer } = services;
  const https = config.server.publicUrl.startsWith('https:');
  const publicOrigin = new URL(config.server.publicUrl).origin;
  const sessions = createSessionCodec({ apiToken: services.apiToken, secure: https });
  const siteName = config.site.name;
  const r = Router();
  const loginLimit = createRateLimiter('login', { perMinute: 20, burst: 20 });
  const form = express.urlencoded({ extended: false, limit: '8kb', parameterLimit: 10 });
  const jsonBody = express.json({ limit: '64kb', strict: true });

  const sessionOf = (res: Response): Session => res.locals.previewSession as Session;
  const html = (res: Response, status: number, body: string) => res.status(status).type('html').send(body);

  // Every editor response: the strict page policy, never cached by anyone, never indexed.
  r.use('/preview', (_req, res, next) => {
    res.setHeader('Content-Security-Policy', PREVIEW_CSP);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Robots-Tag', 'noindex, nofollow');
    next();
  });

  // Public: stylesheets, script and fonts hold no secrets, and the login page needs them.
  // Reading the font manifest now puts a missing fonts/ folder in the startup error, not a page's.
  fontAssets();
  r.get('/preview/assets/:file', serveAsset);

  r.get('/preview/login', (req, res) => {
    const next = safeNext(req.query.next);
    if (sessions.read(req)) return void res.redirect(303, next);
    html(res, 200, renderLoginPage({ siteName, next }));
  });

  r.post('/preview/login', loginLimit, form, (req, res) => {
    assertSameOrigin(req, publicOrigin);
    const token = typeof req.body?.token === 'string' ? req.body.token : '';
    const next = safeNext(req.body?.next);
    if (!token || !tokenMatches(token, services.apiToken)) {
      return void html(res, 401, renderLoginPage({ siteName, next, error: 'That is not the API token. Check SHARECARD_API_TOKEN (or the token file in the data directory) and try again.' }));
    }
    const { setCookie } = sessions.issue();
    res.setHeader('Set-Cookie', setCookie);
    res.redirect(303, next);
  });

  // Everything below needs a session.
  const requireSession: RequestHandler = async (req, res, next) => {
    const session = sessions.read(req);
    // A signed, unexpired cookie is not enough once its editor has logged out.
    if (session && !(await services.store.isSessionRevoked(session.id))) {
      res.locals.previewSession = session;
      return next();
    }
    if (req.method === 'GET' && !/^\/preview\/(api|card)\//.test(req.path)) {
      return void res.redirect(303, `/preview/login?${new URLSearchParams({ next: req.originalUrl })}`);
    }
    next(new SharecardError('unauthorized', 'Log in to the editor preview first (POST /preview/login)'));
  };
  const requireCsrf = (from: 'form' | 'header'): RequestHandler => (req, res, next) => {
    assertSameOrigin(req, publicOrigin);
    const candidate = from === 'form' ? req.body?.csrf : req.get('x-csrf-token');
    if (!sessions.csrfMatches(sessionOf(res), candidate)) throw new SharecardError('forbidden', 'Missing or stale CSRF token: reload the page and try again');
    next();
  };

  r.post('/preview/logout', form, requireSession, requireCsrf('form'), async (_req, res) => {
    // Revoked in the shared store, not only deleted from this browser: a copy of the cookie
    // (another device, a leaked header) stops working on every replica as well.
    const session = sessionOf(res);
    await services.store.revokeSession(session.id, session.expiresAt);
    res.setHeader('Set-Cookie', sessions.clearCookie());
    res.redirect(303, '/preview/login');
  });

  r.get('/preview', requireSession, async (req, res) => {
    const q = parseQuery(listQuerySchema, req.query);
    const filters: ListFilters = { q: cleanLine(q.q ?? ''), section: cleanLine(q.section ?? ''), lang: q.lang ?? '', status: q.status ?? 'all' };
    const { items, nextCursor, scanLimited } = await findStories(store, { ...filters, cursor: q.cursor });
    const recent = await store.list({ status: 'all', limit: SUGGESTION_SCAN });
    const sections = [...new Set(recent.items.map((a) => a.section).filter((s): s is string => Boolean(s)))].sort();
    const langs = [...new Set(recent.items.map((a) => a.lang))].sort();
    const nextHref = nextCursor
      ? `/preview?${new URLSearchParams(Object.entries({ ...filters, cursor: nextCursor }).filter(([k, v]) => v && !(k === 'status' && v === 'all')) as [string, string][])}`
      : null;
    html(res, 200, renderListPage({ siteName, csrf: sessions.csrfToken(sessionOf(res)), filters, items, nextHref, scanLimited, sections, langs }));
  });

  /** Renders a card, or reports why not without failing the page. */
  async function tryRender(request: CardRequest) {
    try {
      return await renderer.render(request);
    } catch (err) {
      services.log.warn({ err: (err as Error).message, slug: request.article.slug, preset: request.preset }, 'preview card render failed');
      return null;
    }
  }

  r.get('/preview/card/:slug/:file', requireSession, async (req, res) => {
    const m = String(req.params.file).match(PRESET_FILE);
    if (!m || !isPresetName(m[1]!)) throw new SharecardError('not_found', 'No such card');
    const q = parseQuery(cardQuerySchema, req.query);
    const a = await store.get(assertSlug(req.params.slug));
    if (!a) throw new SharecardError('not_found', 'No article with that slug');
    const card = await renderer.render({ article: a, preset: m[1] as PresetName, format: m[2] as ImageFormat, template: q.template ?? resolveTemplate(a) });
    res
      .status(200)
      .setHeader('Content-Type', card.contentType)
      .setHeader('ETag', card.etag)
      // Private: drafts are among these. At the current revision the bytes never change.
      .setHeader('Cache-Control', q.v === a.revision && !card.degraded ? 'private, max-age=31536000, immutable' : 'private, no-cache')
      .end(card.body);
  });

  r.get('/preview/:slug', requireSession, async (req, res) => {
    const slug = assertSlug(req.params.slug);
    const q = parseQuery(storyQuerySchema, req.query);
    const a = await store.get(slug);
    if (!a) throw new SharecardError('not_found', 'No story with that slug');
    const template = q.template ?? resolveTemplate(a);
    const preset = q.preset ?? 'og';
    const format = preferredFormat({ template, image: a.image });
    const [og, x, panel] = await Promise.all(
      (['og', 'x', preset] as PresetName[]).map((p) => tryRender({ article: a, preset: p, format, template })),
    );
    const bytes = { og: og?.body.length ?? 0, x: x?.body.length ?? 0, panel: panel?.body.length ?? 0 };
    const share = buildSharePayloads(a, shareContextFromConfig(config, new Date()));
    const warnings: Warning[] = buildWarnings({
      article: a,
      bytes: { ...(og ? { og: bytes.og } : {}), ...(x ? { x: bytes.x } : {}) } as Partial<Record<CardKind, number>>,
      share,
      degraded: Boolean(og?.degraded || x?.degraded),
      coverage: defaultCoverage(),
    });
    if (!og || !x || !panel) warnings.unshift({ key: 'render-failed', level: 'bad', title: 'Card not rendered:', text: 'the renderer failed or is overloaded; reload to try again.' });
    html(
      res,
      200,
      renderStoryPage({
        siteName,
        siteX: config.site.x,
        siteBluesky: config.site.bluesky,
        accentColor: config.site.themeColor,
        csrf: sessions.csrfToken(sessionOf(res)),
        article: a,
        template,
        preset,
        format,
        uiDir: a.dir,
        cardUrls: {
          og: cardPath(slug, 'og', format, template, a.revision),
          x: cardPath(slug, 'x', format, template, a.revision),
          panel: cardPath(slug, preset, format, template, a.revision),
        },
        bytes,
        share,
        warnings,
        description: shareDescription(a),
        whatsappImageDropped: og ? isOverBudget('whatsapp', { og: bytes.og }) : false,
      }),
    );
  });

  async function editedFrom(req: Request): Promise<{ edits: Edits; article: StoredArticle; template: TemplateName }> {
    const edits = parseBody(editSchema, req.body ?? {});
    const stored = await store.get(assertSlug(edits.slug));
    if (!stored) throw new SharecardError('not_found', 'No article with that slug');
    const article = withEdits(stored, edits, config);
    return { edits, article, template: edits.template ?? resolveTemplate(stored) };
  }

  // Live re-render of the edited card: the image bytes, never stored, never cached by the browser.
  r.post('/preview/api/render', requireSession, requireCsrf('header'), jsonBody, async (req, res) => {
    const { edits, article, template } = await editedFrom(req);
    const card = await renderer.render({ article, preset: edits.preset, format: preferredFormat({ template, image: article.image }), template });
    res.status(200).setHeader('Content-Type', card.contentType).setHeader('Cache-Control', 'no-store').end(card.body);
  });

  // Share texts, counters and intent links for the edited story (the same builder as /api/share).
  r.post('/preview/api/share', requireSession, requireCsrf('header'), jsonBody, async (req, res) => {
    const { article } = await editedFrom(req);
    const share = buildSharePayloads(article, shareContextFromConfig(config, new Date()));
    const platforms = Object.fromEntries(
      sharePlatforms.map((p) => {
        const s = share.platforms[p];
        return [p, { text: copyPostText(p, s.text), display: displayPostText(p, s.text), intentUrl: s.intentUrl, counter: shareCounter(p, s.counts) }];
      }),
    );
    // The edited text's characters no shipped font can draw: the live re-render draws them as
    // boxes, so the Checks list says so before the story is saved (null when all are drawn).
    const tofu = tofuWarning(article, defaultCoverage());
    res.setHeader('Cache-Control', 'no-store').json({ revision: article.revision, platforms, discord: buildDiscordTexts(article.title, shareDescription(article)), tofu });
  });

  // Pages answer errors as pages; the APIs and cards fall through to the JSON error mapping.
  const pageErrors: ErrorRequestHandler = (err, req, res, next) => {
    if (!req.path.startsWith('/preview') || /^\/preview\/(api|card|assets)\//.test(req.path) || res.headersSent) return next(err);
    const e = toSharecardError(err);
    if (e.kind === 'internal') return next(err);
    if (e.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(Math.ceil(e.retryAfterSeconds)));
    const session = sessions.read(req);
    html(res, e.status, renderErrorPage({ siteName, status: e.status, message: e.message, csrf: session ? sessions.csrfToken(session) : undefined }));
  };
  r.use(pageErrors);
  return r;
}
