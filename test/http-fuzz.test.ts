/**
 * Hostile and malformed input at every write route and query parameter: always a 4xx with a
 * clear JSON error, never a 5xx, never a stored partial article.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, startTestServer } from './helpers.js';

let base: string;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ url: base, stop } = await startTestServer({ overrides: { server: { rateLimit: { writesPerMinute: 1_000_000 } } } }));
});
afterAll(() => stop());

async function expectClientError(res: Response, label: string): Promise<void> {
  expect(res.status, label).toBeGreaterThanOrEqual(400);
  expect(res.status, label).toBeLessThan(500);
  const body = await res.json();
  expect(typeof body.error.code, label).toBe('string');
  expect(body.error.message.length, label).toBeGreaterThan(0);
}

const put = (slug: string, body: string, contentType = 'application/json') =>
  fetch(`${base}/api/articles/${encodeURIComponent(slug)}`, { method: 'PUT', headers: { ...auth, 'content-type': contentType }, body });

const valid = { url: 'https://news.example.com/v', title: 'Valid' };

// Values of the wrong type for any field.
const wrongValue = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.anything(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.anything(), { maxKeys: 3 }),
  fc.string({ maxLength: 40 }).map((s) => `not-a-url ${s}`),
);
const fields = ['url', 'title', 'description', 'kicker', 'section', 'tags', 'authors', 'image', 'publishedAt', 'updatedAt', 'lang', 'status', 'template', 'contentHtml'];

describe('fuzzing the write routes', () => {
  it('rejects random JSON documents with 400 and stores nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (value) => {
        const res = await put('fuzz-random', JSON.stringify(value));
        if (res.status === 201 || res.status === 200) {
          // Only a valid article may be stored; then it must read back.
          expect((await fetch(`${base}/api/articles/fuzz-random`, { headers: auth })).status).toBe(200);
          await fetch(`${base}/api/articles/fuzz-random`, { method: 'DELETE', headers: auth });
        } else await expectClientError(res, JSON.stringify(value).slice(0, 80));
      }),
      { numRuns: 150 },
    );
    expect((await fetch(`${base}/api/articles/fuzz-random`, { headers: auth })).status).toBe(404);
  });

  it('rejects a wrong-typed field in an otherwise valid article, naming the field', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fields), wrongValue, async (field, value) => {
        const res = await put('fuzz-field', JSON.stringify({ ...valid, [field]: value }));
        if (res.status >= 400) {
          await expectClientError(res, `${field}=${JSON.stringify(value)}`);
          const body = await (await put('fuzz-field', JSON.stringify({ ...valid, [field]: value }))).json();
          expect(body.error.problems.some((p: { path: string }) => p.path.split('.')[0] === field || p.path === '')).toBe(true);
        } else {
          await fetch(`${base}/api/articles/fuzz-field`, { method: 'DELETE', headers: auth });
        }
      }),
      { numRuns: 200 },
    );
  });

  it('survives malformed bodies, wrong content types, deep nesting and huge strings', async () => {
    const cases: [string, string, string?][] = [
      ['truncated', '{"url": "https://news.example.com/x", "title": '],
      ['trailing garbage', '{"url":"https://news.example.com/x","title":"x"} trailing'],
      ['not json at all', '<xml/>'],
      ['empty', ''],
      ['lone surrogate escape', '{"url":"https://news.example.com/x","title":"\\ud800"}'],
      ['deep nesting', '['.repeat(100_000) + ']'.repeat(100_000)],
      ['deep nesting in a field', JSON.stringify({ ...valid, image: JSON.parse('{"a":'.repeat(2000) + '1' + '}'.repeat(2000)) })],
      ['huge title', JSON.stringify({ ...valid, title: 'x'.repeat(900_000) })],
      ['many tags', JSON.stringify({ ...valid, tags: Array.from({ length: 50_000 }, (_, i) => `t${i}`) })],
      ['form encoded', 'url=https://x&title=x', 'application/x-www-form-urlencoded'],
      ['text plain', JSON.stringify(valid), 'text/plain'],
      ['latin1 charset', JSON.stringify(valid), 'application/json; charset=latin1'],
      ['__proto__ pollution', '{"url":"https://news.example.com/x","title":"x","__proto__":{"polluted":true}}'],
    ];
    for (const [label, body, type] of cases) {
      const res = await put('fuzz-body', body, type);
      if (label === 'lone surrogate escape') {
        // A valid article whose title cleans to empty is a 400 naming title.
        await expectClientError(res, label);
        continue;
      }
      await expectClientError(res, label);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await fetch(`${base}/api/articles/fuzz-body`, { headers: auth })).status).toBe(404);
  });

  it('answers 4xx for any slug on every article route', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), async (slug) => {
        if (!slug) return;
        const target = `${base}/api/articles/${encodeURIComponent(slug)}`;
        const get = await fetch(target);
        expect([200, 404], slug).toContain(get.status);
        if (get.status === 404) await expectClientError(get, slug);
        const del = await fetch(target, { method: 'DELETE', headers: auth });
        expect(del.status, slug).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
  });

  it('answers 4xx for any value of any list query parameter', async () => {
    const params = ['section', 'tag', 'author', 'lang', 'status', 'limit', 'cursor', 'bogus'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...params), fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 50 })), fc.boolean(), async (name, value, twice) => {
        const q = new URLSearchParams();
        q.append(name, value);
        if (twice) q.append(name, value);
        const res = await fetch(`${base}/api/articles?${q}`);
        expect(res.status, `${name}=${value}`).toBeLessThan(500);
        if (res.status >= 400) await expectClientError(res, `${name}=${value}`);
      }),
      { numRuns: 300 },
    );
  });
});
