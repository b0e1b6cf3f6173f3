/**
 * The whole HTTP API for a host program: as a web-standard fetch handler
 * (`(request: Request) => Promise<Response>`, for any runtime adapter or a test), and as an
 * Express router to mount into an existing Express app. Both are built from the same config
 * object as the JSON config file, and both own their services until `.close()`.
 *
 * The fetch handler drives the real Express app in-process (src/http/dispatch.ts): no port is
 * opened, and every route, header and error mapping is the one `sharecard serve` answers with.
 * Bodies are buffered both ways (cards and feeds are small).
 *
 * @example
 *   const handle = await createFetchHandler({ site: { name: 'Example News', url: 'https://news.example.com' } });
 *   const res = await handle(new Request('http://localhost/healthz'));
 *   await handle.close();
 */
import express, { type Router } from 'express';
import type { Logger } from 'pino';
import { parseConfig } from '../config/load.js';
import type { Config, ConfigInput } from '../config/schema.js';
import { createServices, type Services } from '../services.js';
import { createApp } from './app.js';
import { dispatch } from './dispatch.js';

export interface EmbedOptions {
  /** Folder relative paths in the config resolve against (default: the working directory). */
  baseDir?: string;
  /** A pino logger (default: one at LOG_LEVEL, JSON on stdout). */
  log?: Logger;
  /**
   * The client's address for a request (rate limits and logs), e.g. from your runtime's
   * connection info. Default: none, so every request counts as 127.0.0.1 unless
   * `server.trustProxy` lets `X-Forwarded-For` name the client.
   */
  clientAddress?: (request: Request) => string | undefined;
}

export interface FetchHandler {
  (request: Request): Promise<Response>;
  /** The services behind the handler (config, store, renderer, …). */
  readonly services: Services;
  /** Stops the render workers and closes the store and caches. */
  close(): Promise<void>;
}

export interface EmbeddedRouter {
  /** Mount it: `app.use('/share', router)` or `app.use(router)`. */
  router: Router;
  readonly services: Services;
  close(): Promise<void>;
}

/** An already parsed Config (from loadConfig) passes through; a config-file object is validated. */
function toConfig(config: ConfigInput | Config, baseDir: string | undefined): Config {
  const parsed = config as Partial<Config>;
  if (typeof parsed.baseDir === 'string' && parsed.site && parsed.server && parsed.storage) return config as Config;
  return parseConfig(config ?? {}, baseDir);
}

/** Request headers as Node's http module has them, with `host` from the URL when absent. */
function headersOf(request: Request, url: URL): Record<string, string> {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  headers.host ??= url.host;
  return headers;
}

/** Statuses that never carry a body (the Response constructor refuses one). */
const NO_BODY = new Set([101, 204, 205, 304]);

export async function createFetchHandler(config: ConfigInput | Config, options: EmbedOptions = {}): Promise<FetchHandler> {
  const services = await createServices(toConfig(config, options.baseDir), { log: options.log });
  const app = createApp(services);
  const handle = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
    const res = await dispatch(app, {
      method: request.method,
      path: `${url.pathname}${url.search}`,
      headers: headersOf(request, url),
      body,
      remoteAddress: options.clientAddress?.(request),
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(res.headers)) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [String(value)]) headers.append(name, v);
    }
    const payload = request.method === 'HEAD' || NO_BODY.has(res.status) ? null : new Uint8Array(res.body);
    return new Response(payload, { status: res.status, statusText: res.statusText, headers });
  };
  return Object.assign(handle, { services, close: () => services.close() });
}

/**
 * The HTTP API as an Express router. Mounted under a path, links in responses still use
 * `server.publicUrl`: set it to the public address of the mount point.
 */
export async function createRouter(config: ConfigInput | Config, options: EmbedOptions = {}): Promise<EmbeddedRouter> {
  const services = await createServices(toConfig(config, options.baseDir), { log: options.log });
  const router = express.Router();
  router.use(createApp(services));
  return { router, services, close: () => services.close() };
}
