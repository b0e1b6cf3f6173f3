/**
 * Decides whether a suite that needs an outside service (PostgreSQL, Redis, a browser…) runs.
 *
 * - Under CI (`CI=true`) a missing service fails the run: `.ci/run` starts the services, so an
 *   absent one is a broken pipeline, not a reason to go green.
 * - On a bare machine the suite is skipped by name with a message saying what was missing and
 *   how to point the tests at it.
 *
 * @example
 *   const pg = await serviceAvailable('postgres');
 *   describe.skipIf(!pg)('PostgreSQL store', () => { ... });
 *
 *   // any other service: give a label and a probe that throws when it is unusable
 *   const chromium = await serviceAvailable('chromium', {
 *     label: 'Chromium', hint: 'install chromium or set CHROMIUM_PATH',
 *     probe: async () => { await access(chromiumPath()); },
 *   });
 */
import { access, constants as fsConstants } from 'node:fs/promises';
import net from 'node:net';
import pg from 'pg';

export const testDatabaseUrl = process.env.SHARECARD_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
export const testRedisUrl = process.env.SHARECARD_TEST_REDIS_URL || 'redis://127.0.0.1:6379';
/** Debian's chromium package; browser tests never download a browser. */
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export interface ServiceCheck {
  /** Human name used in messages, e.g. "PostgreSQL at 127.0.0.1:5432". */
  label: string;
  /** How to make the service available (shown when it is not). */
  hint?: string;
  /** Resolves when the service is usable; throws (with a reason) when it is not. */
  probe: () => Promise<void>;
  /** Upper bound for the probe (default 3 s), so a black-holed port never stalls the run. */
  timeoutMs?: number;
}

const builtIn: Record<string, () => ServiceCheck> = {
  postgres: () => ({
    label: `PostgreSQL at ${hostPort(testDatabaseUrl, 5432)}`,
    hint: 'start PostgreSQL or set SHARECARD_TEST_DATABASE_URL',
    probe: () => probePostgres(testDatabaseUrl),
  }),
  redis: () => ({
    label: `Redis at ${hostPort(testRedisUrl, 6379)}`,
    hint: 'start redis-server or set SHARECARD_TEST_REDIS_URL',
    probe: () => probeRedis(testRedisUrl),
  }),
  chromium: () => ({
    label: `Chromium at ${chromiumPath}`,
    hint: 'apt-get install chromium or set CHROMIUM_PATH',
    probe: () => access(chromiumPath, fsConstants.X_OK),
  }),
};

const results = new Map<string, Promise<boolean>>();

/** True when the service answers; false (with a console warning) on a bare machine; throws under CI. */
export function serviceAvailable(name: string, check?: ServiceCheck): Promise<boolean> {
  let result = results.get(name);
  if (!result) {
    const c = check ?? builtIn[name]?.();
    if (!c) throw new Error(`serviceAvailable: no built-in check named "${name}"; pass one as the second argument`);
    result = runCheck(name, c);
    results.set(name, result);
  }
  return result;
}

export const isCI = process.env.CI === 'true';

async function runCheck(name: string, c: ServiceCheck): Promise<boolean> {
  const timeoutMs = c.timeoutMs ?? 3_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      c.probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return true;
  } catch (err) {
    const reason = (err as Error).message || String(err);
    if (isCI) {
      throw new Error(`CI=true requires ${c.label} for the ${name} suites, but it is not usable: ${reason}${c.hint ? ` (${c.hint})` : ''}`);
    }
    console.warn(`skipping ${name} suites: no usable ${c.label} (${reason})${c.hint ? `; ${c.hint}` : ''}`);
    return false;
  } finally {
    clearTimeout(timer);
  }
}

function hostPort(url: string, defaultPort: number): string {
  try {
    const u = new URL(url);
    return `${u.hostname || '127.0.0.1'}:${u.port || defaultPort}`;
  } catch {
    return url;
  }
}

async function probePostgres(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => {});
  }
}

/** A raw RESP PING, so the probe depends on no client library's reconnect behaviour. */
function probeRedis(url: string): Promise<void> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: u.hostname || '127.0.0.1', port: Number(u.port || 6379) });
    let reply = '';
    socket.setTimeout(2_000, () => socket.destroy(new Error('timed out')));
    socket.on('connect', () => {
      const password = decodeURIComponent(u.password);
      const user = decodeURIComponent(u.username);
      if (password) socket.write(respCommand(user ? ['AUTH', user, password] : ['AUTH', password]));
      socket.write(respCommand(['PING']));
    });
    socket.on('data', (d) => {
      reply += d.toString('latin1');
      if (reply.includes('+PONG')) {
        socket.end();
        resolve();
      } else if (reply.startsWith('-')) {
        socket.destroy();
        reject(new Error(reply.split('\r\n')[0]!.slice(1)));
      }
    });
    socket.on('error', reject);
  });
}

function respCommand(args: string[]): string {
  return `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
}

/** A schema / key-prefix name unique to this test run, safe as an SQL identifier. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`.toLowerCase();
}

/** A loopback port nothing listens on right now (bound, noted, released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}
