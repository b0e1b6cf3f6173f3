/**
 * A private redis-server on a free loopback port, for tests that stop, slow down or restart
 * Redis: they must never touch the machine's shared Redis, which other suites use.
 *
 * @example
 *   const redis = await startRedisServer();
 *   await redis.stop();    // an outage
 *   await redis.start();   // it comes back on the same port
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { freePort, serviceAvailable } from './services-available.js';

export interface PrivateRedis {
  url: string;
  port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Sends one command (e.g. DEBUG SLEEP) without a client library. */
  command(...args: string[]): Promise<string>;
}

/** Whether redis-server can be started here (a CI failure when it cannot, see services-available.ts). */
export function redisServerAvailable(): Promise<boolean> {
  return serviceAvailable('redis-server', {
    label: 'the redis-server binary',
    hint: 'install redis-server (Debian: apt-get install redis-server)',
    probe: async () => {
      const r = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
      if (r.error || r.status !== 0) throw r.error ?? new Error(`exit ${r.status}`);
    },
  });
}

export async function startRedisServer(): Promise<PrivateRedis> {
  const port = await freePort();
  let child: ChildProcess | null = null;

  const server: PrivateRedis = {
    url: `redis://127.0.0.1:${port}`,
    port,
    async start() {
      if (child) return;
      child = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--enable-debug-command', 'local', '--loglevel', 'warning'],
        { stdio: 'ignore' },
      );
      const started = child;
      started.once('exit', () => {
        if (child === started) child = null;
      });
      for (let i = 0; i < 100; i++) {
        if (await server.command('PING').then((r) => r.startsWith('+PONG'), () => false)) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`redis-server did not start on port ${port}`);
    },
    async stop() {
      const c = child;
      if (!c) return;
      child = null;
      await new Promise<void>((resolve) => {
        c.once('exit', () => resolve());
        c.kill('SIGKILL');
      });
    },
    command(...args) {
      return new Promise((resolve, reject) => {
        const socket = net.connect({ host: '127.0.0.1', port });
        socket.setTimeout(5_000, () => socket.destroy(new Error('timed out')));
        let reply = '';
        socket.on('connect', () => socket.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`));
        socket.on('data', (d) => {
          reply += d.toString('latin1');
          if (reply.includes('\r\n')) {
            socket.end();
            resolve(reply);
          }
        });
        socket.on('error', reject);
      });
    },
  };
  await server.start();
  return server;
}
