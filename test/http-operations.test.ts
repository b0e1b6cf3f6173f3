import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import pino from 'pino';
import type { Services } from '../src/services.js';
import { createServices } from '../src/services.js';
import { auth, listen, testConfig, tempDir, TEST_TOKEN } from './helpers.js';

let services: Services;
let base: string;
let stop: () => Promise<void>;
const logLines: Record<string, unknown>[] = [];

beforeAll(async () => {
  const tmp = tempDir();
  const sink = new Writable({
    write(chunk, _enc, cb) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
      cb();
    },
  });
  services = await createServices(testConfig(tmp.dir, { server: { rateLimit: { writesPerMinute: 60, adhocRendersPerMinute: 12 } }, render: { workers: 1 } }), { log: pino({ level: 'info' }, sink) });
  const server = await listen(services);
  base = server.url;
  stop = async () => {
    await server.close();
    await services.close();
    tmp.cleanup();
  };
});
afterAll(() => stop());

describe('operations', () => {
  it('echoes a well-formed request id and invents one otherwise', async () => {
    const a = await fetch(`${base}/healthz`, { headers: { 'x-request-id': 'abc-123' } });
    expect(a.headers.get('x-request-id')).toBe('abc-123');
    const b = await fetch(`${base}/healthz`, { headers: { 'x-request-id': 'bad id <script>' } });
    expect(b.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('logs one JSON line per request with its id, and never the token or the query', async () => {
    await fetch(`${base}/api/articles/log-check?sig=secret-signature`, { headers: { ...auth, 'x-request-id': 'log-check-1' } });
    const line = logLines.find((l) => l.reqId === 'log-check-1');
    expect(line).toMatchObject({ method: 'GET', path: '/api/articles/log-check', status: 404, route: '/api/articles/:slug' });
    const all = JSON.stringify(logLines);
    expect(all).not.toContain(TEST_TOKEN);
    expect(all).not.toContain('secret-signature');
  });

  it('exports Prometheus metrics with requests and errors by route', async () => {
    await fetch(`${base}/api/articles/nope`);
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(/sharecard_http_requests_total\{method="GET",route="\/api\/articles\/:slug",status="404"\} \d+/);
    expect(text).toMatch(/sharecard_errors_total\{code="not_found"\} \d+/);
    expect(text).toMatch(/sharecard_http_request_duration_seconds_bucket/);
  });

  it('counts renders, render time and cache hits and misses', async () => {
    const put = await fetch(`${base}/api/articles/metrics-card`, {
      method: 'PUT',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'https://news.example.com/m', title: 'Metrics card', template: 'quote' }),
    });
    expect(put.status).toBe(201);
    for (let i = 0; i < 2; i++) expect((await fetch(`${base}/og/metrics-card.png`)).status).toBe(200);
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(/sharecard_cache_lookups_total\{result="miss"\} [1-9]/);
    expect(text).toMatch(/sharecard_cache_lookups_total\{result="hit"\} [1-9]/);
    expect(text).toMatch(/sharecard_renders_total\{outcome="ok"\} 1\n/);
    expect(text).toMatch(/sharecard_render_duration_seconds_count\{template="quote",preset="og",format="png"\} 1\n/);
    expect(text).toMatch(/sharecard_render_queue_depth 0\n/);
  });

  it('sets security headers; JSON is not embeddable cross-origin', async () => {
    const res = await fetch(`${base}/api/articles`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('rate-limits writes per client with 429 and Retry-After (server.rateLimit.writesPerMinute)', async () => {
    // Burst is perMinute/6 = 10; the 11th write in the same instant is refused.
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await fetch(`${base}/api/articles/rl-${i}`, {
        method: 'PUT',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ url: 'https://news.example.com/x', title: `t${i}` }),
      });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
        expect((await res.json()).error.code).toBe('rate_limited');
      }
    }
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(9);
    expect(statuses.at(-1)).toBe(429);
    // Reads are not limited.
    expect((await fetch(`${base}/api/articles/rl-0`)).status).toBe(200);
  });

  it('rate-limits ad-hoc renders however the path is spelled (server.rateLimit.adhocRendersPerMinute)', async () => {
    // Burst is 12/6 = 2. Without signing keys each request is a 403, but only after the limiter.
    const spellings = ['/og/render.png', '/og/render%2Epng', '/og/%72ender.png', '/og/render%2epng'];
    const statuses: number[] = [];
    for (const path of spellings) statuses.push((await fetch(`${base}${path}?title=x&sig=bad`)).status);
    expect(statuses.slice(0, 2)).toEqual([403, 403]);
    expect(statuses.slice(2)).toEqual([429, 429]);
    // A stored story's card is not the ad-hoc route and is not limited by it.
    expect((await fetch(`${base}/og/no-such-story.png`)).status).toBe(404);
  });
});
