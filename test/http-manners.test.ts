/**
 * How the service answers the wrong door: GET / is a small HTML page, a wrong method on a
 * known route is 405 with Allow (RFC 9110 §15.5.6), and an unknown page is an HTML 404 for a
 * browser and JSON for everyone else. Driven through createFetchHandler (sharecard/server),
 * which also proves request and response bodies and headers pass through it intact.
 */
import { createHash } from 'node:crypto';
import { DomUtils, parseDocument } from 'htmlparser2';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetchHandler, createRouter, type FetchHandler } from '../src/server.js';
import { TEST_TOKEN, auth, fixtureBody, loadFixtures, silentLog, tempDir, testConfig } from './helpers.js';

const { findAll, findOne, getAttributeValue, textContent } = DomUtils;
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const tmp = tempDir();
let handle: FetchHandler;

beforeAll(async () => {
  handle = await createFetchHandler(testConfig(tmp.dir), { log: silentLog });
});
afterAll(async () => {
  await handle.close();
  tmp.cleanup();
});

const get = (path: string, headers: Record<string, string> = {}) => handle(new Request(`https://share.example.com${path}`, { headers }));

describe('GET /', () => {
  it('is an HTML page saying what the service is, with links to the editor, feeds and health', async () => {
    const res = await get('/', { accept: BROWSER_ACCEPT });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const doc = parseDocument(await res.text());
    const hrefs = findAll((e) => e.name === 'a', doc.children).map((a) => getAttributeValue(a, 'href'));
    expect(hrefs).toEqual(expect.arrayContaining(['/preview', '/healthz', '/readyz', '/feeds/rss.xml']));
    expect(textContent(doc)).toContain('Example News');
    // The page's one inline style is the only one its policy allows.
    const style = textContent(findOne((e) => e.name === 'style', doc.children)!);
    const hash = createHash('sha256').update(style).digest('base64');
    expect(res.headers.get('content-security-policy')).toContain(`style-src 'sha256-${hash}'`);
  });
});

describe('a wrong method on a known route', () => {
  it.each([
    ['POST', '/api/articles/some-story', 'DELETE, GET, HEAD, PUT'],
    ['DELETE', '/healthz', 'GET, HEAD'],
    ['PUT', '/feeds/rss.xml', 'GET, HEAD'],
    ['POST', '/og/some-story.png', 'GET, HEAD'],
  ])('%s %s is 405 with Allow: %s', async (method, path, allow) => {
    const res = await handle(new Request(`https://share.example.com${path}`, { method, headers: { ...auth, 'content-type': 'application/json' }, body: '{}' }));
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe(allow);
    expect(await res.json()).toMatchObject({ error: { code: 'method_not_allowed' } });
  });

  it('an unknown path stays 404 whatever the method', async () => {
    const res = await handle(new Request('https://share.example.com/no/such/thing', { method: 'POST' }));
    expect(res.status).toBe(404);
    expect(res.headers.get('allow')).toBeNull();
  });
});

describe('an unknown share page', () => {
  it('is an HTML 404 for a browser', async () => {
    const res = await get('/a/no-such-story', { accept: BROWSER_ACCEPT });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const doc = parseDocument(await res.text());
    expect(textContent(findOne((e) => e.name === 'h1', doc.children)!)).toBe('Not found');
  });

  it.each([['application/json'], ['*/*'], ['']])('is JSON for Accept: %j', async (accept) => {
    const res = await get('/a/no-such-story', accept ? { accept } : {});
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});

describe('createFetchHandler', () => {
  it('passes request bodies and headers through: PUT then GET an article', async () => {
    const fixture = loadFixtures().find((f) => f.slug === 'us-iran-talks-istanbul')!;
    const put = await handle(
      new Request(`https://share.example.com/api/articles/${fixture.slug}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(fixtureBody(fixture)),
      }),
    );
    expect(put.status).toBe(201);
    const res = await get(`/api/articles/${fixture.slug}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { title: string; revision: string };
    expect(body.title).toBe(fixture.title);
    const meta = await get(`/api/meta/${fixture.slug}`);
    const etag = meta.headers.get('etag');
    expect(etag).toMatch(/^"/);
    const again = await get(`/api/meta/${fixture.slug}`, { 'if-none-match': etag! });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
  });

  it('passes Set-Cookie through (a login)', async () => {
    const res = await handle(new Request('https://share.example.com/preview/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${TEST_TOKEN}` }));
    expect(res.status).toBe(303);
    expect(res.headers.getSetCookie().length).toBeGreaterThanOrEqual(1);
  });

  it('answers HEAD without a body', async () => {
    const res = await handle(new Request('https://share.example.com/healthz', { method: 'HEAD' }));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });
});

describe('createFetchHandler with clientAddress', () => {
  it('keys rate limits by the address it gives', async () => {
    const dir = tempDir();
    // 6 writes a minute: a burst of one, so a client's second write at once is refused.
    const limited = await createFetchHandler(testConfig(dir.dir, { server: { rateLimit: { writesPerMinute: 6 } } }), {
      log: silentLog,
      clientAddress: (request) => request.headers.get('x-test-client') ?? undefined,
    });
    try {
      const put = (client: string) =>
        limited(
          new Request('https://share.example.com/api/articles/rate-limited', {
            method: 'PUT',
            headers: { ...auth, 'content-type': 'application/json', 'x-test-client': client },
            body: JSON.stringify({ url: 'https://news.example.com/r', title: 'Rate limited' }),
          }),
        );
      expect((await put('192.0.2.1')).status).toBe(201);
      const again = await put('192.0.2.1');
      expect(again.status).toBe(429);
      expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await put('192.0.2.2')).status).toBe(200);
    } finally {
      await limited.close();
      dir.cleanup();
    }
  });
});

describe('createRouter', () => {
  it('mounts the API into an existing Express app', async () => {
    const dir = tempDir();
    const embedded = await createRouter(testConfig(dir.dir), { log: silentLog });
    const host = express();
    host.get('/', (_req, res) => void res.send('host home'));
    host.use('/share', embedded.router);
    const server = await new Promise<import('node:http').Server>((resolve) => {
      const s = host.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const { port } = server.address() as import('node:net').AddressInfo;
      expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('host home');
      const res = await fetch(`http://127.0.0.1:${port}/share/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok' });
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await embedded.close();
      dir.cleanup();
    }
  });
});
