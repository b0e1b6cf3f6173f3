/**
 * Shared setup for the editor preview tests: the real app on a loopback port whose public URL
 * is that same origin (the CSRF checks compare Origin against it), with every fixture stored.
 */
import type { Services } from '../src/services.js';
import { freePort } from './services-available.js';
import { auth, createTestServices, fixtureBody, loadFixtures, TEST_TOKEN } from './helpers.js';

export interface PreviewServer {
  services: Services;
  base: string;
  stop: () => Promise<void>;
}

export async function startPreviewServer(options: { wrapServices?: (s: Services) => Services } = {}): Promise<PreviewServer> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const t = await createTestServices({ server: { publicUrl: base }, render: { workers: 1 } });
  const services = options.wrapServices ? options.wrapServices(t.services) : t.services;
  const { createApp } = await import('../src/http/app.js');
  const server = await new Promise<import('node:http').Server>((resolve) => {
    const s = createApp(services).listen(port, '127.0.0.1', () => resolve(s));
  });
  for (const f of loadFixtures()) {
    const res = await fetch(`${base}/api/articles/${f.slug}`, { method: 'PUT', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(fixtureBody(f)) });
    if (res.status >= 300) throw new Error(`PUT ${f.slug}: ${res.status}`);
  }
  return {
    services,
    base,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await t.cleanup();
    },
  };
}

/** Logs in like the form does; returns the Cookie header value for later requests. */
export async function login(base: string, token = TEST_TOKEN): Promise<{ res: Response; cookie: string | null }> {
  const res = await fetch(`${base}/preview/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base, 'sec-fetch-site': 'same-origin' },
    body: new URLSearchParams({ token, next: '/preview' }),
  });
  const set = res.headers.get('set-cookie');
  return { res, cookie: set ? set.split(';')[0]! : null };
}
