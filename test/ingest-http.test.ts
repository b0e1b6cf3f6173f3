/**
 * The ingest HTTP routes through the real app: `POST /api/sync` (token, same report as the
 * CLI) and `POST /api/hooks/ghost` with correctly signed, wrongly signed and unsigned
 * deliveries shaped like Ghost's (`{ post: { current, previous } }`, signature
 * `sha256=<hex>, t=<ms>` over body + timestamp).
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { createErrorHandler } from '../src/http/errors.js';
import { hookRoutes } from '../src/http/routes/hooks.js';
import type { Services } from '../src/services.js';
import { auth, startTestServer } from './helpers.js';
import { buildSite, startSite, type Site } from './ingest-site.js';

const SECRET = 'ghost-webhook-secret-0123456789';
let services: Services;
let base: string;
let stop: () => Promise<void>;
let site: Site;

beforeAll(async () => {
  site = await startSite(buildSite);
  ({ services, url: base, stop } = await startTestServer({ overrides: { ingest: { hostDelayMs: 0, fetchTimeoutMs: 1000 }, ghost: { webhookSecret: SECRET } } }));
});
afterAll(async () => {
  await stop();
  await site.close();
});

const postJson = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('POST /api/sync', () => {
  it('needs the token', async () => {
    const res = await postJson('/api/sync', { url: `${site.origin}/feed.json` });
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('unauthorized');
    expect(await services.store.get('quiet-story')).toBeNull();
  });

  it('lists every bad field', async () => {
    const res = await postJson('/api/sync', { url: 'ftp://x', limit: 0, extra: 1 }, auth);
    expect(res.status).toBe(400);
    const paths = (await res.json()).error.problems.map((p: { path: string }) => p.path).sort();
    expect(paths).toEqual(['extra', 'limit', 'url']);
  });

  it('answers the report as JSON, the same as the CLI', async () => {
    const dry = await (await postJson('/api/sync', { url: `${site.origin}/feed.json`, dryRun: true }, auth)).json();
    expect(dry).toMatchObject({ kind: 'json-feed', dryRun: true, found: 2, counts: { created: 2 } });
    expect(await services.store.get('quiet-story')).toBeNull();

    const res = await postJson('/api/sync', { url: `${site.origin}/feed.json` }, auth);
    expect(res.status).toBe(200);
    const report = await res.json();
    expect(report.counts).toEqual({ created: 2, updated: 0, unchanged: 0, unpublished: 0, collision: 0, failed: 0 });
    expect(report.items.map((i: { slug: string }) => i.slug).sort()).toEqual(['markets-rally', 'quiet-story']);
    // Written through the store as PUT does: the article API serves it.
    const a = await (await fetch(`${base}/api/articles/quiet-story`)).json();
    expect(a.title).toBe('Quiet story (JSON Feed)');
  });

  it('a source that cannot be read is a 502 naming it', async () => {
    const res = await postJson('/api/sync', { url: `${site.origin}/nothing-here.xml` }, auth);
    expect(res.status).toBe(502);
    expect((await res.json()).error.message).toMatch(/nothing-here\.xml: HTTP 404/);
  });
});

/** A post as Ghost's Admin API serializes it in webhooks (fields trimmed to what matters here, plus a few it sends). */
function ghostPost(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: '65a1b2c3d4e5f60718293a4b',
    uuid: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
    title: 'Harbour reopens after the storm',
    slug: 'harbour-reopens',
    html: '<p>The harbour reopened on Monday.</p>',
    comment_id: '65a1b2c3d4e5f60718293a4b',
    feature_image: 'https://news.example.com/content/images/2026/02/harbour.jpg',
    feature_image_alt: 'Boats in the harbour at dawn',
    feature_image_caption: '<span>Photo: A. Reporter</span>',
    featured: false,
    status: 'published',
    visibility: 'public',
    created_at: '2026-02-05T07:00:00.000Z',
    updated_at: '2026-02-05T09:15:00.000Z',
    published_at: '2026-02-05T08:00:00.000Z',
    custom_excerpt: 'Fishing boats went out again at dawn.',
    codeinjection_head: null,
    canonical_url: null,
    tags: [
      { id: 't1', name: 'Coast', slug: 'coast', visibility: 'public' },
      { id: 't2', name: '#feature', slug: 'hash-feature', visibility: 'internal' },
      { id: 't3', name: 'Weather', slug: 'weather', visibility: 'public' },
    ],
    authors: [{ id: 'a1', name: 'Ines Duarte', slug: 'ines', url: 'https://news.example.com/author/ines/' }],
    primary_author: { id: 'a1', name: 'Ines Duarte', slug: 'ines', url: 'https://news.example.com/author/ines/' },
    primary_tag: { id: 't1', name: 'Coast', slug: 'coast', visibility: 'public' },
    url: 'https://news.example.com/harbour-reopens/',
    excerpt: 'The harbour reopened on Monday.',
    og_image: null,
    og_title: null,
    og_description: null,
    twitter_image: null,
    meta_title: null,
    meta_description: null,
    ...overrides,
  };
}

function sign(body: string, secret: string, t = Date.now()): string {
  return `sha256=${createHmac('sha256', secret).update(`${body}${t}`).digest('hex')}, t=${t}`;
}

const deliver = (payload: unknown, signature?: string) => {
  const body = JSON.stringify(payload);
  return fetch(`${base}/api/hooks/ghost`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature === undefined ? {} : { 'x-ghost-signature': signature }) },
    body,
  });
};

describe('POST /api/hooks/ghost', () => {
  const published = { post: { current: ghostPost(), previous: {} } };
  const body = JSON.stringify(published);

  it('refuses an unsigned delivery: 401, nothing stored', async () => {
    const res = await deliver(published);
    expect(res.status).toBe(401);
    expect((await res.json()).error.message).toMatch(/missing X-Ghost-Signature/);
    expect(await services.store.get('harbour-reopens')).toBeNull();
  });

  it('refuses a wrongly signed delivery: 401, nothing stored', async () => {
    for (const signature of [sign(body, 'another-secret-0123456789'), sign(`${body} `, SECRET), 'sha256=abc, t=1', sign(body, SECRET, Date.now() - 3600_000)]) {
      const res = await deliver(published, signature);
      expect(res.status, signature).toBe(401);
    }
    expect(await services.store.get('harbour-reopens')).toBeNull();
  });

  it('post.published: a correctly signed delivery stores the story', async () => {
    const res = await deliver(published, sign(body, SECRET));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ action: 'created', slug: 'harbour-reopens' });
    expect(await services.store.get('harbour-reopens')).toMatchObject({
      url: 'https://news.example.com/harbour-reopens/',
      title: 'Harbour reopens after the storm',
      description: 'Fishing boats went out again at dawn.',
      section: 'Coast',
      tags: ['Coast', 'Weather'],
      authors: [{ name: 'Ines Duarte', url: 'https://news.example.com/author/ines/' }],
      image: { url: 'https://news.example.com/content/images/2026/02/harbour.jpg', alt: 'Boats in the harbour at dawn' },
      publishedAt: '2026-02-05T08:00:00.000Z',
      updatedAt: '2026-02-05T09:15:00.000Z',
      status: 'published',
    });
  });

  it('post.published.edited updates it; post.unpublished makes it a draft; post.deleted keeps it a draft', async () => {
    const edited = { post: { current: ghostPost({ title: 'Harbour fully reopens', updated_at: '2026-02-05T10:00:00.000Z' }), previous: { title: 'Harbour reopens after the storm', updated_at: '2026-02-05T09:15:00.000Z' } } };
    const e = JSON.stringify(edited);
    expect(await (await deliver(edited, sign(e, SECRET))).json()).toEqual({ action: 'updated', slug: 'harbour-reopens' });
    expect((await services.store.get('harbour-reopens'))!.title).toBe('Harbour fully reopens');

    // Unpublished: Ghost sends the draft, whose url is its preview link; previous has what changed.
    const unpublished = {
      post: {
        current: ghostPost({ title: 'Harbour fully reopens', status: 'draft', published_at: null, url: 'https://news.example.com/p/1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f/' }),
        previous: { status: 'published', published_at: '2026-02-05T08:00:00.000Z' },
      },
    };
    const u = JSON.stringify(unpublished);
    expect(await (await deliver(unpublished, sign(u, SECRET))).json()).toEqual({ action: 'unpublished', slug: 'harbour-reopens' });
    const draft = await services.store.get('harbour-reopens');
    expect(draft).toMatchObject({ status: 'draft', title: 'Harbour fully reopens' });
    expect((await fetch(`${base}/api/articles/harbour-reopens`)).status).toBe(404);

    // Deleted: current is empty, previous holds the post.
    const deleted = { post: { current: {}, previous: ghostPost({ title: 'Harbour fully reopens' }) } };
    const d = JSON.stringify(deleted);
    expect(await (await deliver(deleted, sign(d, SECRET))).json()).toEqual({ action: 'unchanged', slug: 'harbour-reopens' });
    expect(await services.store.get('harbour-reopens')).toMatchObject({ status: 'draft' });
  });

  it('post.deleted of a published story unpublishes it, and the story is never removed', async () => {
    const other = ghostPost({ title: 'Ferry timetable changes', slug: 'ferry-timetable', url: 'https://news.example.com/ferry-timetable/' });
    const p = { post: { current: other, previous: {} } };
    await deliver(p, sign(JSON.stringify(p), SECRET));
    const deleted = { post: { current: {}, previous: { ...other, url: undefined } } };
    const d = JSON.stringify(deleted);
    expect(await (await deliver(deleted, sign(d, SECRET))).json()).toEqual({ action: 'unpublished', slug: 'ferry-timetable' });
    expect(await services.store.get('ferry-timetable')).toMatchObject({ status: 'draft', title: 'Ferry timetable changes' });
  });

  it('without ghost.webhookSecret every delivery is refused (401)', async () => {
    const app = express();
    app.use(hookRoutes({ ...services, config: { ...services.config, ghost: { webhookSecret: null, maxSignatureAgeSeconds: 300 } } }));
    app.use(createErrorHandler(services.log));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/hooks/ghost`, { method: 'POST', headers: { 'x-ghost-signature': sign(body, SECRET) }, body });
      expect(res.status).toBe(401);
      expect((await res.json()).error.message).toMatch(/set ghost\.webhookSecret/);
    } finally {
      server.close();
    }
  });

  it('a signed body that is not a post webhook is a 400', async () => {
    const junk = { member: {} };
    const res = await deliver(junk, sign(JSON.stringify(junk), SECRET));
    expect(res.status).toBe(400);
  });
});
