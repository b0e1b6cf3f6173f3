/**
 * The operations listener (server.adminPort): /healthz, /readyz and /metrics on a socket of
 * their own, so probes are not queued behind a burst of public connections (issue 31), and
 * /metrics protected by its bind address; nothing else is served there.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../src/http/listen.js';
import { tempDir, TEST_TOKEN } from './helpers.js';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function start(server: Record<string, unknown>): Promise<RunningServer> {
  const tmp = tempDir('sharecard-admin-');
  cleanups.push(tmp.cleanup);
  const configFile = path.join(tmp.dir, 'config.json');
  writeFileSync(configFile, JSON.stringify({ server: { port: 0, host: '127.0.0.1', drainDelayMs: 0, ...server }, storage: { dataDir: tmp.dir }, security: { apiToken: TEST_TOKEN } }));
  const running = await startServer({ SHARECARD_CONFIG: configFile, LOG_LEVEL: 'silent' });
  cleanups.push(() => running.stop());
  return running;
}

describe('server.adminPort', () => {
  it('serves health, readiness and metrics on its own port, and nothing else', async () => {
    const running = await start({ adminPort: 0, metricsAllowFrom: ['10.0.0.0/8'] });
    const admin = running.admin!.url;
    expect(admin).not.toBe(running.url);
    expect((await fetch(`${admin}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${admin}/readyz`)).json()).toMatchObject({ status: 'ready' });
    // The bind address protects /metrics here; the public port still applies its own checks.
    const metrics = await fetch(`${admin}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('# TYPE');
    expect((await fetch(`${running.url}/metrics`)).status).toBe(403);
    for (const p of ['/api/articles', '/a/anything', '/og/x.png', '/']) expect((await fetch(`${admin}${p}`)).status, p).toBe(404);
  });

  it('fails readiness there while shutting down, and closes with the server', async () => {
    const running = await start({ adminPort: 0, drainDelayMs: 300 });
    const admin = running.admin!.url;
    const stopped = running.stop({ drain: true });
    expect((await fetch(`${admin}/readyz`)).status).toBe(503);
    await stopped;
    await expect(fetch(`${admin}/healthz`)).rejects.toThrow();
  });

  it('is off by default', async () => {
    const running = await start({});
    expect(running.admin).toBeUndefined();
  });
});
