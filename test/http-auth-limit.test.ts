/**
 * Issue 31, item 5: wrong bearer tokens are limited per client on every route (429 with
 * Retry-After), the right token never is, and requests without a token are not counted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, startTestServer } from './helpers.js';

let base: string;
let stop: () => Promise<void>;

beforeAll(async () => {
  // trustProxy so each case can be its own client through X-Forwarded-For.
  const server = await startTestServer({ overrides: { server: { trustProxy: true, rateLimit: { authFailuresPerMinute: 5 } } } });
  ({ url: base, stop } = server);
});
afterAll(() => stop());

const wrong = { authorization: 'Bearer not-the-token-0123456789' };
const from = (ip: string) => ({ 'x-forwarded-for': ip });
const put = (slug: string, headers: Record<string, string>) =>
  fetch(`${base}/api/articles/${slug}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ url: 'https://news.example.com/x', title: 'A title' }),
  });

describe('failed authentication limit (server.rateLimit.authFailuresPerMinute)', () => {
  it('answers 401 for the first wrong tokens, then 429 with Retry-After', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    let code: string | undefined;
    for (let i = 0; i < 8; i++) {
      const res = await put('guess', { ...wrong, ...from('203.0.113.1') });
      statuses.push(res.status);
      if (res.status === 429) {
        retryAfter = res.headers.get('retry-after');
        code = (await res.json()).error.code;
      } else await res.arrayBuffer();
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(code).toBe('rate_limited');
  });

  it('never limits the right token, even from a locked-out client', async () => {
    for (let i = 0; i < 6; i++) await (await put('guess', { ...wrong, ...from('203.0.113.2') })).arrayBuffer();
    expect((await put('guess', { ...wrong, ...from('203.0.113.2') })).status).toBe(429);
    const right = await put('allowed', { ...auth, ...from('203.0.113.2') });
    expect([200, 201]).toContain(right.status);
  });

  it('counts wrong tokens on read routes too (a draft read would confirm a guess) and limits them there', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await fetch(`${base}/api/articles?status=draft`, { headers: { ...wrong, ...from('203.0.113.3') } });
      statuses.push(res.status);
      await res.arrayBuffer();
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    // The lockout covers every route for that client while it lasts...
    expect((await fetch(`${base}/api/articles/anything`, { headers: { ...wrong, ...from('203.0.113.3') } })).status).toBe(429);
    // ...but a request without a token is no attempt, and other clients are untouched.
    expect((await fetch(`${base}/healthz`, { headers: from('203.0.113.3') })).status).toBe(200);
    expect((await put('guess', { ...wrong, ...from('203.0.113.4') })).status).toBe(401);
  });

  it('counts an IPv6 client by its /64, so rotating addresses inside it does not reset the count', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 7; i++) {
      const res = await put('guess', { ...wrong, ...from(`2001:db8:1:2::${i.toString(16)}`) });
      statuses.push(res.status);
      await res.arrayBuffer();
    }
    expect(statuses.slice(5)).toEqual([429, 429]);
  });

  it('does not count other authorization schemes (not a guess at the API token)', async () => {
    for (let i = 0; i < 8; i++) {
      const res = await fetch(`${base}/healthz`, { headers: { authorization: 'Basic dXNlcjpwYXNz', ...from('203.0.113.5') } });
      expect(res.status).toBe(200);
    }
  });
});
