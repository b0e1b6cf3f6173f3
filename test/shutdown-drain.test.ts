/**
 * Issue 31, item 4: shutdown must not reset keep-alive clients. From the moment shutdown
 * begins, responses say `Connection: close` and quiet connections are closed, so no request
 * sent during the drain is reset when the server finally closes.
 */
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../src/http/listen.js';
import { tempDir, TEST_TOKEN } from './helpers.js';

const DRAIN_MS = 1_500;
const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function start(): Promise<RunningServer> {
  const tmp = tempDir('sharecard-drain-');
  cleanups.push(tmp.cleanup);
  const configFile = path.join(tmp.dir, 'config.json');
  writeFileSync(configFile, JSON.stringify({ server: { port: 0, host: '127.0.0.1', drainDelayMs: DRAIN_MS, shutdownTimeoutMs: 5_000 }, storage: { dataDir: tmp.dir }, security: { apiToken: TEST_TOKEN } }));
  const running = await startServer({ SHARECARD_CONFIG: configFile, LOG_LEVEL: 'silent' });
  cleanups.push(() => running.stop());
  return running;
}

interface Answer {
  status?: number;
  connection?: string;
  error?: string;
  reused: boolean;
}

function get(url: string, agent: http.Agent): Promise<Answer> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, connection: String(res.headers.connection), reused: req.reusedSocket }));
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message, reused: req.reusedSocket }));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('graceful shutdown and keep-alive', () => {
  it('closes quiet keep-alive connections early in the drain and answers with Connection: close during it', async () => {
    const running = await start();
    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    cleanups.push(() => agent.destroy());
    // Four pooled keep-alive connections, idle.
    const warm = await Promise.all(Array.from({ length: 4 }, () => get(`${running.url}/healthz`, agent)));
    expect(warm.map((a) => a.connection)).toEqual(['keep-alive', 'keep-alive', 'keep-alive', 'keep-alive']);
    const pooled = Object.values(agent.freeSockets).flat();
    expect(pooled).toHaveLength(4);
    const closed = pooled.map((s) => new Promise<void>((r) => s!.once('close', () => r())));

    const stopped = running.stop({ drain: true });
    // The quiet ones are closed long before the drain ends (after 250 ms of quiet), while the
    // server still accepts new connections.
    const early = await Promise.race([Promise.all(closed).then(() => true), sleep(DRAIN_MS / 2).then(() => false)]);
    expect(early).toBe(true);
    // A request during the drain is answered, and told not to reuse the connection.
    const during = await get(`${running.url}/healthz`, agent);
    expect(during).toMatchObject({ status: 200, connection: 'close' });
    const ready = await get(`${running.url}/readyz`, agent);
    expect(ready).toMatchObject({ status: 503, connection: 'close' });
    await stopped;
  });

  it('resets no request sent on keep-alive connections during the drain', async () => {
    const running = await start();
    let received = 0;
    running.server.on('request', () => void received++);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    cleanups.push(() => agent.destroy());
    await Promise.all(Array.from({ length: 8 }, () => get(`${running.url}/healthz`, agent)));
    const warmed = received;

    let draining = true;
    const stopped = running.stop({ drain: true }).then(() => void (draining = false));
    const answers: Answer[] = [];
    // Eight clients sending through the drain with short pauses (so their connections are
    // sometimes between requests), up to the moment the server closes.
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (draining) {
          answers.push(await get(`${running.url}/healthz`, agent));
          await sleep(Math.floor(Math.random() * 20));
        }
      }),
    );
    await stopped;
    const answered = answers.filter((a) => a.status === 200);
    expect(answered.length).toBeGreaterThan(50);
    expect(answered.every((a) => a.connection === 'close')).toBe(true);
    // The bug: a request on a reused keep-alive connection reset when the drain ended.
    expect(answers.filter((a) => a.reused && a.status !== 200)).toEqual([]);
    // Every request that reached the server was answered. (A new connection that races the
    // listener's close can still be refused or reset by the kernel before the server sees it:
    // by then the load balancer has long stopped sending, and the client retries elsewhere.)
    expect(answered.length).toBe(received - warmed);
    for (const a of answers.filter((x) => x.status !== 200)) expect(['ECONNREFUSED', 'ECONNRESET']).toContain(a.error);
  });
});
