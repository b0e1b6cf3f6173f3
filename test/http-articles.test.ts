import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../src/services.js';
import { auth, fixtureBody, loadFixtures, startTestServer } from './helpers.js';

let services: Services;
let base: string;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ services, url: base, stop } = await startTestServer());
});
afterAll(() => stop());

const put = (slug: string, body: unknown, headers: Record<string, string> = auth) =>
  fetch(`${base}/api/articles/${slug}`, { method: 'PUT', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('article API', () => {
  it('round-trips every fixture through PUT and GET', async () => {
    for (const f of loadFixtures()) {
      const res = await put(f.slug, fixtureBody(f));
      expect(res.status, f.slug).toBe(201);
      const got = await fetch(`${base}/api/articles/${f.slug}`, { headers: auth });
      expect(got.status).toBe(200);
      const a = await got.json();
      expect(a.slug).toBe(f.slug);
      expect(a.url).toBe(f.url);
      expect(a.revision).toMatch(/^[A-Za-z0-9_-]{16}$/);
      expect(a.links.images.og.png).toBe(`https://share.example.com/og/${f.slug}.png?v=${a.revision}`);
      // Clean text round-trips unchanged (NFC, no invalid characters in these fixtures but one).
      if (f.slug !== 'control-characters') expect(a.title).toBe((f.title as string).normalize('NFC').trim());
    }
  });

  it('strips control characters, lone surrogates and non-characters on the way in', async () => {
    const a = await (await fetch(`${base}/api/articles/control-characters`)).json();
    expect(a.title).toBe('Control characters must never reach XML output ]]> end');
    expect(a.description).not.toMatch(/[\u0000-\u0008\uD800-\uDFFF\uFFFF]/);
  });

  it('derives right-to-left direction for Persian and Arabic', async () => {
    for (const slug of ['iran-us-talks-istanbul-fa', 'arabic-mediators']) {
      expect((await (await fetch(`${base}/api/articles/${slug}`)).json()).dir).toBe('rtl');
    }
    expect((await (await fetch(`${base}/api/articles/mixed-direction-quote`)).json()).dir).toBe('ltr');
  });

  it('answers 200 on replace and keeps the revision when nothing changed', async () => {
    const f = loadFixtures()[0];
    const first = await (await fetch(`${base}/api/articles/${f.slug}`)).json();
    const res = await put(f.slug, fixtureBody(f));
    expect(res.status).toBe(200);
    expect((await res.json()).revision).toBe(first.revision);
    const changed = await put(f.slug, { ...fixtureBody(f), title: 'A new headline' });
    expect((await changed.json()).revision).not.toBe(first.revision);
    await put(f.slug, fixtureBody(f));
  });

  it('hides drafts without the token', async () => {
    expect((await fetch(`${base}/api/articles/draft-not-public`)).status).toBe(404);
    expect((await fetch(`${base}/api/articles/draft-not-public`, { headers: auth })).status).toBe(200);
    const list = await (await fetch(`${base}/api/articles?limit=100`)).json();
    expect(list.items.map((a: { slug: string }) => a.slug)).not.toContain('draft-not-public');
    expect((await fetch(`${base}/api/articles?status=draft`)).status).toBe(401);
  });

  it('refuses writes without a valid bearer token', async () => {
    const body = { url: 'https://news.example.com/x', title: 'x' };
    expect((await put('no-auth', body, {})).status).toBe(401);
    const wrong = await put('no-auth', body, { authorization: 'Bearer wrong-token' });
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error.code).toBe('unauthorized');
    expect((await fetch(`${base}/api/articles/us-iran-talks-istanbul`, { method: 'DELETE' })).status).toBe(401);
    expect((await fetch(`${base}/api/articles/no-auth`)).status).toBe(404);
  });

  it('lists every problem by path with 400', async () => {
    const res = await put('bad-one', {
      url: 'javascript:alert(1)',
      title: '   ',
      tags: 'not-a-list',
      authors: [{ name: '' }],
      publishedAt: 'yesterday',
      lang: 'not a tag!',
      extra: true,
    });
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe('invalid_input');
    const paths = error.problems.map((p: { path: string }) => p.path).sort();
    expect(paths).toEqual(['authors.0.name', 'extra', 'lang', 'publishedAt', 'tags', 'title', 'url'].sort());
    expect((await fetch(`${base}/api/articles/bad-one`, { headers: auth })).status).toBe(404);
  });

  it('says what a wrong-typed field should be, and "is required" only when it is absent', async () => {
    const problemsOf = async (body: unknown) => {
      const res = await put('bad-types', body);
      expect(res.status).toBe(400);
      const { error } = await res.json();
      expect(error.code).toBe('invalid_input');
      return error.problems as { path: string; message: string }[];
    };
    const url = 'https://news.example.com/t';
    expect(await problemsOf({ url, title: 'T', tags: 'x' })).toEqual([{ path: 'tags', message: 'must be an array of strings' }]);
    expect(await problemsOf({ url, title: 123 })).toEqual([{ path: 'title', message: 'must be a string' }]);
    expect(await problemsOf({ url, title: 'T', image: { url: `${url}.png`, height: 1.5 } })).toEqual([
      { path: 'image.height', message: 'must be a whole number from 1 to 100000' },
    ]);
    expect(await problemsOf({ url })).toEqual([{ path: 'title', message: 'is required' }]);
    expect(await problemsOf({ url, title: 'T', foo: 1 })).toEqual([{ path: 'foo', message: 'unknown field' }]);
    expect(await problemsOf({ url, title: 'T', image: { url: `${url}.png`, foo: 1 } })).toEqual([{ path: 'image.foo', message: 'unknown field' }]);
    // a long unknown name is cut: an error never echoes a large piece of the input
    const long = 'k'.repeat(100_000);
    expect(await problemsOf({ url, title: 'T', [long]: 1 })).toEqual([{ path: `${'k'.repeat(64)}…`, message: 'unknown field' }]);
    expect((await fetch(`${base}/api/articles/bad-types`, { headers: auth })).status).toBe(404);
  });

  it('names a bad list query parameter and says what is wrong with it', async () => {
    const problemsOf = async (query: string) => {
      const res = await fetch(`${base}/api/articles?${query}`);
      expect(res.status, query).toBe(400);
      const { error } = await res.json();
      expect(error).toMatchObject({ code: 'invalid_input', message: 'Invalid query parameters' });
      return error.problems as { path: string; message: string }[];
    };
    const range = [{ path: 'limit', message: 'must be a whole number from 1 to 100' }];
    expect(await problemsOf('limit=0')).toEqual(range);
    expect(await problemsOf('limit=101')).toEqual(range);
    expect(await problemsOf('limit=abc')).toEqual(range);
    expect(await problemsOf('limit=2.5')).toEqual(range);
    // JavaScript's Number() reads every one as a number (1e2 is 100, 0x10 is 16, '' is 0): here each is malformed (issue 31).
    for (const spelling of ['1e2', '0x10', '%205%20', '5.', '010', '', '0b1', '+5', '-0', 'Infinity']) {
      expect(await problemsOf(`limit=${spelling}`), spelling).toEqual(range);
    }
    expect(await problemsOf('limit=5&limit=6')).toEqual([{ path: 'limit', message: 'must be given once' }]);
    expect(await problemsOf('status=draft&status=all')).toEqual([{ path: 'status', message: 'must be given once' }]);
    expect(await problemsOf('foo=1')).toEqual([{ path: 'foo', message: 'unknown parameter' }]);
    expect((await fetch(`${base}/api/articles?limit=1`)).status).toBe(200);
  });

  it('answers 400 for malformed JSON and for a bad slug', async () => {
    const res = await put('bad-json', '{"url": ');
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/JSON/);
    const slug = await put('Bad_Slug', { url: 'https://news.example.com/x', title: 'x' });
    expect(slug.status).toBe(400);
    expect((await slug.json()).error.problems[0].path).toBe('slug');
    // /og/render.png is the signed ad-hoc card: an article "render" could never get its card.
    const reserved = await put('render', { url: 'https://news.example.com/r', title: 'r' });
    expect(reserved.status).toBe(400);
    expect((await reserved.json()).error.problems[0]).toMatchObject({ path: 'slug', message: expect.stringMatching(/reserved/) });
    expect((await fetch(`${base}/api/articles/render`, { headers: auth })).status).toBe(404);
  });

  it('answers 413 for a body over server.maxBodyBytes', async () => {
    const huge = { url: 'https://news.example.com/x', title: 'x', contentHtml: 'a'.repeat(services.config.server.maxBodyBytes + 10) };
    const res = await put('too-big', huge);
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('payload_too_large');
  });

  it('paginates newest first with a cursor and filters', async () => {
    const all: string[] = [];
    let url = `${base}/api/articles?limit=3`;
    for (;;) {
      const page = await (await fetch(url)).json();
      all.push(...page.items.map((a: { slug: string }) => a.slug));
      if (!page.nextCursor) break;
      url = `${base}/api/articles?limit=3&cursor=${page.nextCursor}`;
    }
    const published = loadFixtures().filter((f) => f.status === 'published');
    expect(all).toHaveLength(published.length);
    const dates = published.sort((a, b) => String(b.publishedAt).localeCompare(String(a.publishedAt))).map((f) => f.slug);
    expect(all).toEqual(dates);

    const tagged = await (await fetch(`${base}/api/articles?tag=united-states`)).json();
    expect(tagged.items.map((a: { slug: string }) => a.slug).sort()).toEqual(['us-iran-talks-istanbul', 'warships-near-iranian-waters']);
    const fa = await (await fetch(`${base}/api/articles?lang=fa`)).json();
    expect(fa.items.map((a: { slug: string }) => a.slug)).toEqual(['iran-us-talks-istanbul-fa']);
    const bad = await fetch(`${base}/api/articles?limit=0&cursor=@@`);
    expect(bad.status).toBe(400);
    expect((await fetch(`${base}/api/articles?cursor=bm9wZQ`)).status).toBe(400);
  });

  it('names, per field, the characters no shipped font can draw, and still stores the article', async () => {
    const body = { url: 'https://news.example.com/tibet', title: 'Talks in Lhasa: བོད་ལྗོངས་', authors: [{ name: 'Logo \uE000 Desk' }], lang: 'en', publishedAt: '2026-12-05T08:00:00Z' };
    const res = await put('tofu-check', body);
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created.warnings).toEqual([
      { field: 'title', problem: 'no_font', characters: expect.arrayContaining(['U+0F56 བ', 'U+0F7C ོ']) },
      { field: 'authors', problem: 'no_font', characters: ['U+E000 \uE000'] },
    ]);
    // The rest of the response is the stored article, as GET answers it (GET also says whether
    // each card is drawn yet, docs/prerender.md, which changes after the write).
    const { warnings: _, ...stored } = created;
    const { cards: __, ...got } = await (await fetch(`${base}/api/articles/tofu-check`, { headers: auth })).json();
    expect(stored).toEqual(got);
    // The date is checked as the card prints it: in Tibetan, with Tibetan digits.
    const bo = await (await put('tofu-check', { ...body, title: 'Talks', authors: [], lang: 'bo' })).json();
    expect(bo.warnings).toEqual([{ field: 'publishedAt', problem: 'no_font', printedAs: 'the date as the card prints it', characters: expect.arrayContaining(['U+0F21 ༡']) }]);
    const thai = await put('tofu-check', { ...body, title: 'ครม. อนุมัติงบ 3.5 แสนล้านบาท 🐦‍🔥', authors: [{ name: 'ดวงใจ' }], lang: 'th' });
    expect(thai.status).toBe(200);
    expect((await thai.json()).warnings).toEqual([]);
    expect((await fetch(`${base}/api/articles/tofu-check`, { method: 'DELETE', headers: auth })).status).toBe(204);
  });

  it('deletes with 204, then 404', async () => {
    await put('to-delete', { url: 'https://news.example.com/d', title: 'Delete me' });
    expect((await fetch(`${base}/api/articles/to-delete`, { method: 'DELETE', headers: auth })).status).toBe(204);
    expect((await fetch(`${base}/api/articles/to-delete`)).status).toBe(404);
    expect((await fetch(`${base}/api/articles/to-delete`, { method: 'DELETE', headers: auth })).status).toBe(404);
  });

  it('serves health and readiness, and JSON 404s without stacks', async () => {
    expect((await (await fetch(`${base}/healthz`)).json()).status).toBe('ok');
    expect((await (await fetch(`${base}/readyz`)).json()).store).toBe('sqlite');
    const res = await fetch(`${base}/nope`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toMatch(/at .*\.ts/);
  });
});
