/**
 * The standalone HTTP server (what `sharecard serve` runs): listens, and stops gracefully:
 * readiness fails first (for `server.drainDelayMs` on SIGTERM, while requests are still
 * served), then the server stops accepting, in-flight requests finish, the render pool drains
 * and the services close, within `server.shutdownTimeoutMs` after the drain.
 *
 * Keep-alive during the drain: from the moment shutdown begins every response says
 * `Connection: close` and quiet keep-alive connections are closed (drain.ts), so by the end of
 * the drain none is left for `server.close()` to cut mid-request.
 */
import type { Server } from 'node:http';
import { loadConfig } from '../config/load.js';
import { createAdminApp } from './admin-app.js';
import { createApp } from './app.js';
import { trackKeepAlive } from './drain.js';
import { createServices, type Services } from '../services.js';
import { startSourcePolling } from '../ingest/poller.js';

export interface RunningServer {
  server: Server;
  services: Services;
  url: string;
  /** The operations listener (`server.adminPort`), when configured. */
  admin?: { server: Server; url: string };
  /** Graceful stop; `drain` waits `server.drainDelayMs` with readiness failing before closing. */
  stop(options?: { drain?: boolean }): Promise<void>;
}

export async function startServer(env: Record<string, string | undefined> = process.env): Promise<RunningServer> {
  const config = loadConfig(env);
  const services = await createServices(config, {
    defaultMetrics: true,
    onTokenGenerated: (token, file) => {
      // Printed once, to the terminal only (not the JSON log): it is a secret.
      process.stderr.write(`\nGenerated an API token (saved in ${file}, mode 0600):\n\n  ${token}\n\nSend it as "Authorization: Bearer <token>" on write requests.\n\n`);
    },
  });
  const app = createApp(services);
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.server.port, config.server.host, (err?: Error) => (err ? reject(err) : resolve(s)));
    s.once('error', reject);
  });
  server.keepAliveTimeout = 65_000; // longer than common load balancers' idle timeout (60 s)
  const keepAlive = trackKeepAlive(server);
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.server.port;
  const url = `http://127.0.0.1:${port}`;
  let admin: RunningServer['admin'];
  if (config.server.adminPort !== null) {
    const adminServer = await new Promise<Server>((resolve, reject) => {
      const s = createAdminApp(services).listen(config.server.adminPort!, config.server.adminHost, (err?: Error) => (err ? reject(err) : resolve(s)));
      s.once('error', reject);
    });
    const a = adminServer.address();
    admin = { server: adminServer, url: `http://${config.server.adminHost}:${typeof a === 'object' && a ? a.port : config.server.adminPort}` };
  }
  services.log.info({ port, ...(admin ? { adminUrl: admin.url } : {}), publicUrl: config.server.publicUrl, store: services.store.kind }, 'sharecard listening');
  // Configured `sources` are kept in sync from here (docs/ingest.md); nothing runs without them.
  const poller = await startSourcePolling({ config, store: services.store, log: services.log });

  let stopping: Promise<void> | null = null;
  const stop = (options: { drain?: boolean } = {}) =>
    (stopping ??= (async () => {
      services.state.shuttingDown = true;
      const { drainDelayMs } = config.server;
      // A connection quiet for a quarter of the drain (at most 250 ms) is closed: its client
      // is not sending, and it reconnects while the server still accepts.
      const quiet = { idleMs: Math.min(250, Math.floor(drainDelayMs / 4)) };
      keepAlive.start(quiet);
      if (options.drain && drainDelayMs > 0) await new Promise((r) => setTimeout(r, drainDelayMs));
      // Stop accepting; every connection finishes the request it carries, then closes.
      const closed = keepAlive.close(quiet);
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, config.server.shutdownTimeoutMs).unref());
      await Promise.race([closed, timeout]);
      server.closeAllConnections();
      // Probes keep getting their 503 from the operations listener until the very end.
      if (admin) {
        const adminServer = admin.server;
        await new Promise<void>((resolve) => adminServer.close(() => resolve()));
      }
      await poller.stop();
      await services.close();
    })());
  return { server, services, url, ...(admin ? { admin } : {}), stop };
}

