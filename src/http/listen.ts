/**
 * The standalone HTTP server (what `sharecard serve` runs): listens, and stops gracefully:
 * readiness fails first (for `server.drainDelayMs` on SIGTERM, while requests are still
 * served), then the server stops accepting, in-flight requests finish, the render pool drains
 * and the services close, within `server.shutdownTimeoutMs` after the drain.
 */
import type { Server } from 'node:http';
import { loadConfig } from '../config/load.js';
import { createApp } from './app.js';
import { createServices, type Services } from '../services.js';
import { startSourcePolling } from '../ingest/poller.js';

export interface RunningServer {
  server: Server;
  services: Services;
  url: string;
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
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.server.port;
  const url = `http://127.0.0.1:${port}`;
  services.log.info({ port, publicUrl: config.server.publicUrl, store: services.store.kind }, 'sharecard listening');
  // Configured `sources` are kept in sync from here (docs/ingest.md); nothing runs without them.
  const poller = await startSourcePolling({ config, store: services.store, log: services.log });

  let stopping: Promise<void> | null = null;
  const stop = (options: { drain?: boolean } = {}) =>
    (stopping ??= (async () => {
      services.state.shuttingDown = true;
      if (options.drain && config.server.drainDelayMs > 0) await new Promise((r) => setTimeout(r, config.server.drainDelayMs));
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, config.server.shutdownTimeoutMs).unref());
      await Promise.race([closed, timeout]);
      server.closeAllConnections();
      await poller.stop();
      await services.close();
    })());
  return { server, services, url, stop };
}

