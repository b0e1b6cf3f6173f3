/**
 * Issue 31, item 7: /metrics answers only this host (or `server.metricsAllowFrom`) or a scraper
 * with `security.metricsToken`; and config.example.json no longer trusts X-Forwarded-For, so a
 * copy deployed without a proxy cannot have its per-client limits sidestepped by spoofing it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/load.js';
import { repoRoot, startTestServer } from './helpers.js';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
const running: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of running.splice(0)) await stop();
});
async function serve(server: Record<string, unknown>, security: Record<string, unknown> = {}): Promise<string> {
  const s = await startTestServer({ overrides: { server, security } });
  running.push(s.stop);
  return s.url;
}

describe('GET /metrics access', () => {
  it('answers this host by default', async () => {
    const base = await serve({});
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('# TYPE');
  });

  it('refuses an address outside server.metricsAllowFrom, even with a spoofed X-Forwarded-For', async () => {
    const base = await serve({ metricsAllowFrom: ['10.0.0.0/8'] });
    const res = await fetch(`${base}/metrics`, { headers: { 'x-forwarded-for': '10.1.2.3' } });
    expect(res.status).toBe(403);
    const body = await res.json();
    expect(body.error.code).toBe('forbidden');
    expect(JSON.stringify(body)).not.toContain('# TYPE');
  });

  it('lets a scraper with security.metricsToken in from anywhere, and no other token', async () => {
    const base = await serve({ metricsAllowFrom: ['10.0.0.0/8'] }, { metricsToken: METRICS_TOKEN });
    expect((await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status).toBe(200);
    expect((await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789abcdef' } })).status).toBe(403);
    // The scraper's token is not a failed authentication: scraping never locks it out.
    for (let i = 0; i < 15; i++) expect((await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status).toBe(200);
  });

  it('trusts X-Forwarded-For for the address only with server.trustProxy', async () => {
    const base = await serve({ trustProxy: true, metricsAllowFrom: ['10.0.0.0/8'] });
    expect((await fetch(`${base}/metrics`, { headers: { 'x-forwarded-for': '10.1.2.3' } })).status).toBe(200);
    expect((await fetch(`${base}/metrics`, { headers: { 'x-forwarded-for': '192.0.2.1' } })).status).toBe(403);
  });

  it('refuses a malformed metricsAllowFrom entry at startup, naming it', () => {
    expect(() => parseConfig({ server: { metricsAllowFrom: ['10.0.0.0/33'] } }, repoRoot)).toThrow(/server\.metricsAllowFrom\.0/);
  });
});

describe('config.example.json', () => {
  const example = JSON.parse(readFileSync(path.join(repoRoot, 'config.example.json'), 'utf8'));

  it('does not trust X-Forwarded-For (a copy deployed without a proxy must not)', () => {
    expect(parseConfig(example, repoRoot).server.trustProxy).toBe(false);
  });

  it('with its server settings, rotating a spoofed X-Forwarded-For does not make a new client', async () => {
    const { port: _port, publicUrl: _url, ...server } = example.server;
    const base = await serve({ ...server, rateLimit: { authFailuresPerMinute: 3 } });
    const statuses: number[] = [];
    for (let i = 1; i <= 5; i++) {
      const res = await fetch(`${base}/api/articles/x`, { method: 'DELETE', headers: { authorization: 'Bearer wrong-0123456789abcdef', 'x-forwarded-for': `198.51.100.${i}` } });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });
});
