/**
 * Editor preview access: the login form, the session cookie and its flags, refusals without a
 * session (redirect for pages, 401 JSON for APIs), cross-site request refusals, and drafts that
 * are visible here and nowhere public.
 */
import { parseDocument } from 'htmlparser2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSessionCodec } from '../src/preview/session.js';
import { safeNext } from '../src/http/routes/preview.js';
import { createTestServices, listen, TEST_TOKEN } from './helpers.js';
import { login, startPreviewServer, type PreviewServer } from './preview-setup.js';

let server: PreviewServer;
let base: string;
let cookie: string;

beforeAll(async () => {
  server = await startPreviewServer();
  base = server.base;
  const l = await login(base);
  cookie = l.cookie!;
});
afterAll(() => server.stop());

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { redirect: 'manual', headers });
const csrfOf = async (): Promise<string> => {
  const html = await (await get('/preview/us-iran-talks-istanbul', { cookie })).text();
  return JSON.parse(html.match(/<script type="application\/json" id="preview-data">(.*?)<\/script>/s)![1]!).csrf;
};
const postJson = (path: string, body: unknown, headers: Record<string, string>) =>
  fetch(`${base}${path}`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const edit = { slug: 'us-iran-talks-istanbul', preset: 'og', title: 'An edited headline', kicker: '', description: 'Edited.' };

describe('without a session', () => {
  it('redirects pages to the login form, keeping where the editor was going', async () => {
    for (const path of ['/preview', '/preview/us-iran-talks-istanbul', '/preview/draft-not-public?preset=x']) {
      const res = await get(path);
      expect(res.status, path).toBe(303);
      const to = new URL(res.headers.get('location')!, base);
      expect(to.pathname).toBe('/preview/login');
      expect(to.searchParams.get('next')).toBe(path);
    }
  });

  it('answers 401 JSON for the editor APIs and cards', async () => {
    for (const res of [
      await get('/preview/card/draft-not-public/og.png'),
      await postJson('/preview/api/render', edit, { origin: base }),
      await postJson('/preview/api/share', edit, { origin: base }),
    ]) {
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe('unauthorized');
    }
  });

  it('ignores a forged, tampered or foreign cookie', async () => {
    const [name, value] = cookie.split('=') as [string, string];
    const tampered = value.replace(/^\d+/, (n) => String(Number(n) + 3600));
    const other = createSessionCodec({ apiToken: 'a-different-token-0123456789', secure: false }).issue().setCookie.split(';')[0]!;
    for (const c of [`${name}=${tampered}`, `${name}=garbage`, other]) {
      expect((await get('/preview', { cookie: c })).status).toBe(303);
    }
  });
});

describe('login', () => {
  it('shows the form, and a wrong token gets 401 with the form again', async () => {
    const page = await get('/preview/login');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const { res } = await login(base, 'wrong-token-wrong-token');
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toBeNull();
    const doc = parseDocument(await res.text());
    const text = (id: string) => findAll(doc, (e) => e.attribs.id === id).map(textOf).join('');
    expect(text('login-error')).toMatch(/not the API token/);
    expect(findAll(doc, (e) => e.name === 'input' && e.attribs.name === 'token')).toHaveLength(1);
  });

  it('sets an HttpOnly, SameSite=Strict session cookie (not Secure on http) and redirects', async () => {
    const { res } = await login(base);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/preview');
    const set = res.headers.get('set-cookie')!;
    expect(set).toMatch(/^sharecard-preview=[^;]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    expect(set).not.toMatch(/Secure/);
    expect(set).not.toContain(TEST_TOKEN);
    expect((await get('/preview', { cookie })).status).toBe(200);
  });

  it('uses a Secure __Host- cookie when the public URL is https', async () => {
    const t = await createTestServices();
    const s = await listen(t.services);
    try {
      const res = await fetch(`${s.url}/preview/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://share.example.com' },
        body: new URLSearchParams({ token: TEST_TOKEN }),
      });
      expect(res.status).toBe(303);
      expect(res.headers.get('set-cookie')).toMatch(/^__Host-sharecard-preview=[^;]+; Path=\/; HttpOnly; SameSite=Strict; Secure; Max-Age=\d+$/);
    } finally {
      await s.close();
      await t.cleanup();
    }
  });

  it('never redirects off the editor after login', () => {
    expect(safeNext('/preview/us-iran-talks-istanbul?preset=x')).toBe('/preview/us-iran-talks-istanbul?preset=x');
    for (const bad of ['//evil.example/preview', 'https://evil.example/preview', '/\\evil.example', '/api/articles', '/preview/api/render', 'javascript:alert(1)', 42]) {
      expect(safeNext(bad), String(bad)).toBe('/preview');
    }
  });

  it('expires sessions', () => {
    const codec = createSessionCodec({ apiToken: TEST_TOKEN, secure: false, ttlSeconds: 60 });
    const { setCookie } = codec.issue(new Date('2026-01-01T00:00:00Z'));
    const req = { headers: { cookie: setCookie.split(';')[0] } } as never;
    expect(codec.read(req, new Date('2026-01-01T00:00:59Z'))).not.toBeNull();
    expect(codec.read(req, new Date('2026-01-01T00:01:00Z'))).toBeNull();
  });

  it('logs out with the CSRF token only, clears the cookie and revokes the session for good', async () => {
    const { cookie: mine } = await login(base);
    const { cookie: other } = await login(base);
    const form = (body: Record<string, string>) =>
      fetch(`${base}/preview/logout`, { method: 'POST', redirect: 'manual', headers: { cookie: mine!, origin: base, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body) });
    expect((await form({})).status).toBe(403);
    const html = await (await get('/preview', { cookie: mine! })).text();
    const csrf = html.match(/name="csrf" value="([^"]+)"/)![1]!;
    const res = await form({ csrf });
    expect(res.status).toBe(303);
    expect(res.headers.get('set-cookie')).toMatch(/^sharecard-preview=; .*Max-Age=0/);
    // A copy of the logged-out cookie (another device, a leaked header) no longer works...
    const replay = await get('/preview', { cookie: mine! });
    expect(replay.status).toBe(303);
    expect(replay.headers.get('location')).toMatch(/^\/preview\/login\?/);
    // ...while another editor's session is untouched.
    expect((await get('/preview', { cookie: other! })).status).toBe(200);
  });
});

describe('cross-site requests', () => {
  it('refuses a login posted from another site', async () => {
    const attempts: Record<string, string>[] = [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }, { origin: 'null' }];
    for (const headers of attempts) {
      const res = await fetch(`${base}/preview/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams({ token: TEST_TOKEN }),
      });
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(res.headers.get('set-cookie')).toBeNull();
    }
  });

  it('needs the session’s CSRF token and our origin for the live render', async () => {
    const csrf = await csrfOf();
    expect((await postJson('/preview/api/render', edit, { cookie, origin: base })).status).toBe(403);
    expect((await postJson('/preview/api/render', edit, { cookie, origin: base, 'x-csrf-token': 'x'.repeat(43) })).status).toBe(403);
    expect((await postJson('/preview/api/render', edit, { cookie, origin: 'https://evil.example', 'x-csrf-token': csrf })).status).toBe(403);
    expect((await postJson('/preview/api/render', edit, { cookie, 'sec-fetch-site': 'same-site', 'x-csrf-token': csrf })).status).toBe(403);
    const ok = await postJson('/preview/api/render', edit, { cookie, origin: base, 'sec-fetch-site': 'same-origin', 'x-csrf-token': csrf });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('image/jpeg');
    expect(ok.headers.get('cache-control')).toBe('no-store');
  });
});

describe('live render and share APIs', () => {
  it('renders the edited card without saving it', async () => {
    const csrf = await csrfOf();
    const headers = { cookie, origin: base, 'x-csrf-token': csrf };
    const original = await postJson('/preview/api/render', { ...edit, title: 'US and Iran to Hold High-Stakes Talks in Istanbul' }, headers);
    const edited = await postJson('/preview/api/render', edit, headers);
    const a = Buffer.from(await original.arrayBuffer());
    const b = Buffer.from(await edited.arrayBuffer());
    expect(a.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect(a.equals(b)).toBe(false);
    expect((await server.services.store.get('us-iran-talks-istanbul'))?.title).toBe('US and Iran to Hold High-Stakes Talks in Istanbul');
    const empty = await postJson('/preview/api/render', { ...edit, title: '   ' }, headers);
    expect(empty.status).toBe(400);
    expect((await empty.json()).error.problems).toEqual([{ path: 'title', message: 'must not be empty' }]);
  });

  it('answers a bad edit body as an invalid request body, naming each field', async () => {
    const headers = { cookie, origin: base, 'x-csrf-token': await csrfOf() };
    for (const route of ['/preview/api/render', '/preview/api/share']) {
      const res = await postJson(route, { ...edit, title: 7, kicker: undefined, preset: 'poster', extra: 1 }, headers);
      expect(res.status, route).toBe(400);
      const { error } = await res.json();
      expect(error.code).toBe('invalid_input');
      expect(error.message, route).toBe('Invalid request body');
      expect(error.problems, route).toEqual([
        { path: 'preset', message: 'must be one of og, x, square' },
        { path: 'title', message: 'must be a string' },
        { path: 'extra', message: 'unknown field' },
      ]);
      const missing = await postJson(route, { slug: edit.slug }, headers);
      expect((await missing.json()).error.problems, route).toEqual([{ path: 'title', message: 'is required' }]);
    }
  });

  it('returns fitted share texts with the X and Bluesky counters', async () => {
    const res = await postJson('/preview/api/share', edit, { cookie, origin: base, 'x-csrf-token': await csrfOf() });
    const body = await res.json();
    expect(body.platforms.x.text).toContain('An edited headline');
    expect(body.platforms.x.counter).toMatchObject({ max: 280, unit: 'weighted characters' });
    expect(body.platforms.bluesky.counter).toMatchObject({ max: 300, unit: 'graphemes' });
    expect(body.platforms.linkedin.text).not.toMatch(/\{hashtag/);
  });
});

describe('drafts', () => {
  it('are previewable here and nowhere public', async () => {
    const page = await get('/preview/draft-not-public', { cookie });
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const card = await get('/preview/card/draft-not-public/og.png', { cookie });
    expect(card.status).toBe(200);
    expect(card.headers.get('cache-control')).toMatch(/^private/);
    for (const path of ['/og/draft-not-public.png', '/api/articles/draft-not-public', '/api/share/draft-not-public', '/a/draft-not-public']) {
      expect((await get(path)).status, path).toBe(404);
    }
  });

  it('are listed for the editor, and filters and title search work', async () => {
    const slugsOf = async (q: string) => {
      const doc = parseDocument(await (await get(`/preview${q}`, { cookie })).text());
      return findAll(doc, (e) => e.name === 'a' && (e.attribs.class ?? '').split(' ').includes('title')).map((e) => e.attribs.href!.replace('/preview/', ''));
    };
    expect(await slugsOf('')).toContain('draft-not-public');
    expect(await slugsOf('?status=draft')).toEqual(['draft-not-public']);
    expect(await slugsOf('?status=published')).not.toContain('draft-not-public');
    expect(await slugsOf('?lang=fa')).toEqual(['iran-us-talks-istanbul-fa']);
    const istanbul = await slugsOf('?q=ISTANBUL');
    expect(istanbul).toEqual(expect.arrayContaining(['us-iran-talks-istanbul', 'very-long-headline', 'iran-us-talks-istanbul-fa']));
    expect(istanbul).not.toContain('trump-bad-things-quote');
    expect(await slugsOf('?q=استانبول')).toEqual(['iran-us-talks-istanbul-fa']);
    expect(await slugsOf('?section=politics')).toEqual(['trump-bad-things-quote']);
  });
});

describe('assets', () => {
  it('serves the stylesheet and script from this host with long caching', async () => {
    const html = await (await get('/preview/us-iran-talks-istanbul', { cookie })).text();
    const css = html.match(/href="(\/preview\/assets\/preview\.[\w-]+\.css)"/)![1]!;
    const js = html.match(/src="(\/preview\/assets\/preview\.[\w-]+\.js)"/)![1]!;
    for (const [path, type] of [[css, 'text/css'], [js, 'text/javascript']] as const) {
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain(type);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect((await get(path, { 'if-none-match': res.headers.get('etag')! })).status).toBe(304);
    }
    expect((await get('/preview/assets/preview.nothash.css')).status).toBe(404);
    expect(html).not.toMatch(/\b(?:src|href)="(?:https?:)?\/\/(?!news\.example\.com|x\.com|bsky\.app|www\.linkedin\.com|wa\.me|www\.facebook\.com)/);
  });

  it('serves the script fonts: a gzip-able stylesheet naming subset files that are served from fonts/', async () => {
    const page = await get('/preview/us-iran-talks-istanbul', { cookie });
    expect(page.headers.get('content-security-policy')).toContain("font-src 'self'");
    const cssPath = (await page.text()).match(/href="(\/preview\/assets\/fonts\.[\w-]+\.css)"/)![1]!;
    const plain = await get(cssPath, { 'accept-encoding': 'identity' });
    expect(plain.headers.get('content-encoding')).toBeNull();
    const zipped = await get(cssPath, { 'accept-encoding': 'gzip' });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(Number(zipped.headers.get('content-length'))).toBeLessThan(150_000);
    const css = await plain.text();
    expect(await zipped.text()).toBe(css); // fetch inflates it
    // two representations, two entity tags, each revalidated under its own encoding
    expect(zipped.headers.get('etag')).not.toBe(plain.headers.get('etag'));
    expect((await get(cssPath, { 'accept-encoding': 'gzip', 'if-none-match': zipped.headers.get('etag')! })).status).toBe(304);
    expect((await get(cssPath, { 'accept-encoding': 'identity', 'if-none-match': zipped.headers.get('etag')! })).status).toBe(200);
    const urls = [...css.matchAll(/url\((\/preview\/assets\/font\.[\w-]+\.woff)\)/g)].map((m) => m[1]!);
    expect(urls.length).toBeGreaterThan(600);
    const font = await get(urls[0]!);
    expect(font.status).toBe(200);
    expect(font.headers.get('content-type')).toBe('font/woff');
    expect(font.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(Buffer.from(await font.arrayBuffer()).subarray(0, 4).toString('latin1')).toBe('wOFF');
    for (const bad of ['/preview/assets/font.AAAAAAAAAAAAAAAA.woff', '/preview/assets/font.%2e%2e%2fmanifest.json', '/preview/assets/manifest.json']) {
      expect((await get(bad)).status, bad).toBe(404);
    }
  });
});

type El = { type: string; name: string; attribs: Record<string, string>; children: Node[] };
type Node = El | { type: 'text'; data: string } | { type: string; children?: Node[] };
function findAll(root: { children: Node[] }, pred: (e: El) => boolean): El[] {
  const out: El[] = [];
  const walk = (n: Node) => {
    if ((n.type === 'tag' || n.type === 'script' || n.type === 'style') && pred(n as El)) out.push(n as El);
    for (const c of (n as { children?: Node[] }).children ?? []) walk(c);
  };
  root.children.forEach(walk);
  return out;
}
function textOf(n: Node): string {
  if (n.type === 'text') return (n as { data: string }).data;
  return ((n as { children?: Node[] }).children ?? []).map(textOf).join('');
}
