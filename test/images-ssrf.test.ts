/**
 * SSRF: an attack table against the guarded loader, with real HTTP servers on 127.0.0.1
 * (ports from the OS). The "forbidden" server stands for every internal service: it serves a
 * valid image to anyone, and it is on the allow-list under several names, so only the
 * address gate stands between the loader and it. Each case asserts a null result AND that the
 * forbidden server saw no connection at all.
 *
 * The "allowed" server is reached as `allowed.test` through an injected resolver, and the
 * loader is told (testOnlyAllowedEndpoints) that exactly 127.0.0.1:<its port> is fine. Hosts
 * that resolve to non-loopback forbidden ranges are checked without sockets (checkAddress and
 * guardedLookup tables): a regression there must not send a packet off this machine.
 */
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { checkAddress, createImageLoader, isAllowedUrl, type ImageLoaderDeps } from '../src/images/loader.js';
import { guardedLookup, type LookupFunction } from '../src/images/fetch.js';
import type { Config } from '../src/config/schema.js';
import { fixturesDir } from './helpers.js';

const PHOTO = readFileSync(path.join(fixturesDir, 'images', 'storm.jpg'));

interface CountingServer {
  port: number;
  connections: number;
  requests: string[];
  /** Bytes written to responses that were cut off, by path. */
  written: Map<string, number>;
  close(): Promise<void>;
}

async function startServer(handle: (req: http.IncomingMessage, res: http.ServerResponse, server: CountingServer) => void): Promise<CountingServer> {
  const state: CountingServer = { port: 0, connections: 0, requests: [], written: new Map(), close: async () => {} };
  const server = http.createServer((req, res) => {
    state.requests.push(req.url ?? '');
    handle(req, res, state);
  });
  server.on('connection', () => state.connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.address() as net.AddressInfo).port;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

let allowed: CountingServer;
let forbidden: CountingServer;
let A: number; // allowed server's port
let F: number; // forbidden server's port
const timers = new Set<NodeJS.Timeout>();

function allowedHandler(req: http.IncomingMessage, res: http.ServerResponse, server: CountingServer): void {
  const url = new URL(req.url ?? '/', 'http://allowed.test');
  const p = url.pathname;
  const image = (type = 'image/jpeg', body: Buffer = PHOTO, headers: http.OutgoingHttpHeaders = {}) => {
    res.writeHead(200, { 'content-type': type, 'content-length': body.length, ...headers });
    res.end(body);
  };
  if (p === '/photo.jpg') return image();
  if (p === '/redirect') {
    res.writeHead(Number(url.searchParams.get('status') ?? 302), { location: url.searchParams.get('to') ?? '/' });
    res.end();
    return;
  }
  if (p.startsWith('/chain/')) {
    const n = Number(p.slice('/chain/'.length));
    res.writeHead(302, { location: n > 0 ? `/chain/${n - 1}` : '/photo.jpg' });
    res.end();
    return;
  }
  if (p.startsWith('/slow-chain/')) {
    const n = Number(p.slice('/slow-chain/'.length));
    const t = setTimeout(() => {
      res.writeHead(302, { location: n > 0 ? `/slow-chain/${n - 1}` : '/photo.jpg' });
      res.end();
    }, 300);
    timers.add(t);
    return;
  }
  if (p === '/html') return image('text/html; charset=utf-8');
  if (p === '/no-type') {
    res.writeHead(200, { 'content-length': PHOTO.length });
    res.end(PHOTO);
    return;
  }
  if (p === '/svg') return image('image/svg+xml', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'));
  if (p === '/lying') return image('image/jpeg', Buffer.from('<!doctype html><title>not a photo</title>'));
  if (p === '/broken') return image('image/jpeg', PHOTO.subarray(0, PHOTO.length / 2));
  if (p === '/gzip') return image('image/jpeg', gzipSync(PHOTO), { 'content-encoding': 'gzip' });
  if (p === '/not-found') {
    res.writeHead(404, { 'content-type': 'image/jpeg' });
    res.end(PHOTO);
    return;
  }
  if (p === '/huge-declared' || p === '/huge-chunked') {
    // 20 MB in 64 KB chunks, as fast as the client reads; record how far it got.
    const total = 20 * 1024 * 1024;
    const chunk = Buffer.alloc(64 * 1024, 0xff);
    res.writeHead(200, { 'content-type': 'image/jpeg', ...(p === '/huge-declared' ? { 'content-length': total } : {}) });
    let sent = 0;
    const pump = () => {
      while (sent < total && !res.destroyed) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      if (!res.destroyed) res.end();
    };
    res.on('close', () => server.written.set(p, sent));
    return pump();
  }
  if (p === '/slow-body') {
    res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': PHOTO.length });
    let i = 0;
    const t = setInterval(() => {
      if (res.destroyed || i >= PHOTO.length) return clearInterval(t);
      res.write(PHOTO.subarray(i, i + 10));
      i += 10;
    }, 50);
    timers.add(t);
    return;
  }
  if (p === '/hang') return; // never answers
  res.writeHead(404);
  res.end();
}

/** A resolver that knows only the test's names; everything else fails like NXDOMAIN. */
function testLookup(table: Record<string, string | string[]>): LookupFunction {
  return (hostname, options, callback) => {
    const entry = table[hostname];
    if (!entry) {
      const err: NodeJS.ErrnoException = new Error(`test: no such host ${hostname}`);
      err.code = 'ENOTFOUND';
      return (callback as (e: Error, a: string, f: number) => void)(err, '', 0);
    }
    const list = [entry].flat().map((address) => ({ address, family: net.isIP(address) }));
    if (typeof options === 'object' && options?.all) (callback as (e: null, a: typeof list) => void)(null, list);
    else (callback as (e: null, a: string, f: number) => void)(null, list[0].address, list[0].family);
  };
}

const hosts = (): Record<string, string | string[]> => ({
  'allowed.test': '127.0.0.1',
  'also-allowed.test': '127.0.0.1',
  'loopback.test': '127.0.0.1',
  'zero.test': '0.0.0.0',
  'mapped.test': '::ffff:127.0.0.1',
  'mapped-hex.test': '::ffff:7f00:1',
  'v6-loopback.test': '::1',
  'mixed.test': ['127.0.0.1', '10.0.0.1'],
  'unlisted.test': '127.0.0.1',
});

function images(overrides: Partial<Config['images']> = {}): Config['images'] {
  return {
    // The forbidden server is deliberately allow-listed under every spelling, so that only the
    // connect-time address check can stop these requests.
    allowedOrigins: [
      `http://allowed.test:${A}`,
      `http://also-allowed.test:${A}`,
      `http://mixed.test:${A}`,
      `http://rebind.test:${A}`,
      `http://zero.test:${A}`,
      `http://loopback.test:${F}`,
      `http://zero.test:${F}`,
      `http://mapped.test:${F}`,
      `http://mapped-hex.test:${F}`,
      `http://v6-loopback.test:${F}`,
      `http://127.0.0.1:${F}`,
      `http://0.0.0.0:${F}`,
      `http://[::ffff:7f00:1]:${F}`,
      `http://[::1]:${F}`,
    ],
    localRoots: {},
    allowHttp: true,
    maxSourceBytes: 200_000,
    maxSourcePixels: 40_000_000,
    fetchTimeoutMs: 1000,
    maxRedirects: 3,
    ...overrides,
  };
}

function makeLoader(overrides: Partial<Config['images']> = {}, deps: ImageLoaderDeps = {}) {
  const warn = vi.fn();
  const loader = createImageLoader(images(overrides), {
    log: { warn },
    lookup: testLookup(hosts()),
    testOnlyAllowedEndpoints: [{ address: '127.0.0.1', port: A }],
    failureTtlMs: 0,
    ...deps,
  });
  return { loader, warn, reasons: () => warn.mock.calls.map(([o]) => String(o.reason)) };
}

const req = (url: string) => ({ url, width: 120, height: 63 });

beforeAll(async () => {
  allowed = await startServer(allowedHandler);
  forbidden = await startServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': PHOTO.length });
    res.end(PHOTO);
  });
  A = allowed.port;
  F = forbidden.port;
});

afterAll(async () => {
  for (const t of timers) clearTimeout(t);
  await Promise.all([allowed?.close(), forbidden?.close()]);
});

let forbiddenBefore = 0;
let allowedRequestsBefore = 0;
beforeEach(() => {
  forbiddenBefore = forbidden.connections;
  allowedRequestsBefore = allowed.requests.length;
});
const forbiddenConnections = () => forbidden.connections - forbiddenBefore;
const allowedRequests = () => allowed.requests.slice(allowedRequestsBefore);

describe('positive controls (the harness can fetch at all)', () => {
  it('loads from the allowed server by name', async () => {
    const { loader, warn } = makeLoader();
    const img = await loader.load(req(`http://allowed.test:${A}/photo.jpg`));
    expect(img).not.toBeNull();
    expect([img!.mime, img!.width, img!.height]).toEqual(['image/jpeg', 120, 63]);
    expect(allowedRequests()).toEqual(['/photo.jpg']);
    expect(warn).not.toHaveBeenCalled();
  });

  it('follows an allowed redirect (absolute and relative)', async () => {
    const { loader } = makeLoader();
    expect(await loader.load(req(`http://allowed.test:${A}/redirect?to=${encodeURIComponent(`http://also-allowed.test:${A}/photo.jpg`)}`))).not.toBeNull();
    expect(await loader.load(req(`http://allowed.test:${A}/redirect?status=308&to=/photo.jpg`))).not.toBeNull();
  });

  it('follows up to maxRedirects redirects', async () => {
    const { loader } = makeLoader({ maxRedirects: 3 });
    expect(await loader.load(req(`http://allowed.test:${A}/chain/2`))).not.toBeNull();
  });

  it('the forbidden server really serves an image (so a null below means "not reached")', async () => {
    const res = await fetch(`http://127.0.0.1:${F}/photo.jpg`);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await res.arrayBuffer()).equals(PHOTO)).toBe(true);
    forbiddenBefore = forbidden.connections; // this test's own connection does not count
  });
});

describe('control: the harness notices when the forbidden server is reached', () => {
  it('with the forbidden endpoint exempted (a guard that lets it through), the same attacks connect', async () => {
    const exempted = (extra: { address: '127.0.0.1'; port: number }[]) => makeLoader({}, { testOnlyAllowedEndpoints: [{ address: '127.0.0.1', port: A }, ...extra] });
    const { loader } = exempted([{ address: '127.0.0.1', port: F }]);
    expect(await loader.load(req(`http://loopback.test:${F}/photo.jpg`))).not.toBeNull();
    expect(await loader.load(req(`http://allowed.test:${A}/redirect?to=${encodeURIComponent(`http://loopback.test:${F}/photo.jpg`)}`))).not.toBeNull();
    expect(forbiddenConnections()).toBe(2);
    forbiddenBefore = forbidden.connections;
  });
});

describe('attack table: direct URLs that reach the forbidden server if the guard fails', () => {
  const cases: [string, () => string, RegExp][] = [
    ['name → 127.0.0.1', () => `http://loopback.test:${F}/photo.jpg`, /loopback/],
    ['name → 0.0.0.0 (Linux connects that to localhost)', () => `http://zero.test:${F}/photo.jpg`, /unspecified/],
    ['name → ::ffff:127.0.0.1', () => `http://mapped.test:${F}/photo.jpg`, /loopback.*IPv4-mapped/],
    ['name → ::ffff:7f00:1', () => `http://mapped-hex.test:${F}/photo.jpg`, /loopback.*IPv4-mapped/],
    ['name → ::1', () => `http://v6-loopback.test:${F}/photo.jpg`, /loopback/],
    ['literal 127.0.0.1', () => `http://127.0.0.1:${F}/photo.jpg`, /loopback/],
    ['decimal 2130706433', () => `http://2130706433:${F}/photo.jpg`, /loopback/],
    ['hex 0x7f000001', () => `http://0x7f000001:${F}/photo.jpg`, /loopback/],
    ['short 127.1', () => `http://127.1:${F}/photo.jpg`, /loopback/],
    ['octal 0177.0.0.1', () => `http://0177.0.0.1:${F}/photo.jpg`, /loopback/],
    ['mixed hex 0x7f.0.0.1', () => `http://0x7f.0.0.1:${F}/photo.jpg`, /loopback/],
    ['percent-encoded %31%32%37.0.0.1', () => `http://%31%32%37.0.0.1:${F}/photo.jpg`, /loopback/],
    ['bare 0', () => `http://0:${F}/photo.jpg`, /unspecified/],
    ['trailing dot 127.0.0.1.', () => `http://127.0.0.1.:${F}/photo.jpg`, /loopback/],
    ['IPv4-mapped literal [::ffff:127.0.0.1]', () => `http://[::ffff:127.0.0.1]:${F}/photo.jpg`, /loopback.*IPv4-mapped/],
    ['IPv6 loopback literal [::1]', () => `http://[::1]:${F}/photo.jpg`, /loopback/],
  ];

  it.each(cases)('%s → null, no connection', async (_label, url, reason) => {
    const { loader, warn, reasons } = makeLoader();
    expect(await loader.load(req(url()))).toBeNull();
    expect(forbiddenConnections()).toBe(0);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(reasons()[0]).toMatch(reason);
  });

  it('a name with one allowed and one forbidden address is refused outright', async () => {
    const { loader, reasons } = makeLoader();
    expect(await loader.load(req(`http://mixed.test:${A}/photo.jpg`))).toBeNull();
    expect(allowedRequests()).toEqual([]);
    expect(reasons()[0]).toMatch(/private.*10\.0\.0\.1/);
  });

  it('0.0.0.0 on the allowed port is not the allowed endpoint', async () => {
    const { loader } = makeLoader();
    const before = allowed.connections;
    expect(await loader.load(req(`http://zero.test:${A}/photo.jpg`))).toBeNull();
    expect(allowed.connections).toBe(before);
  });

  it('an origin not on the allow-list is never resolved or fetched', async () => {
    const lookup = vi.fn(testLookup(hosts()));
    const { loader, reasons } = makeLoader({}, { lookup });
    expect(await loader.load(req(`http://unlisted.test:${A}/photo.jpg`))).toBeNull();
    expect(lookup).not.toHaveBeenCalled();
    expect(allowedRequests()).toEqual([]);
    expect(reasons()[0]).toMatch(/not in images\.allowedOrigins/);
  });

  it('http: is refused unless images.allowHttp', async () => {
    const { loader, reasons } = makeLoader({ allowHttp: false });
    expect(await loader.load(req(`http://allowed.test:${A}/photo.jpg`))).toBeNull();
    expect(allowedRequests()).toEqual([]);
    expect(reasons()[0]).toMatch(/allowHttp/);
  });

  it('credentials in the URL are refused', async () => {
    const { loader } = makeLoader();
    expect(await loader.load(req(`http://user:pw@allowed.test:${A}/photo.jpg`))).toBeNull();
    expect(allowedRequests()).toEqual([]);
  });
});

describe('attack table: redirects from the allowed server', () => {
  const viaRedirect = (to: string, status = 302) => `http://allowed.test:${A}/redirect?status=${status}&to=${encodeURIComponent(to)}`;
  const cases: [string, () => string, RegExp][] = [
    ['to an allow-listed name that resolves to loopback', () => viaRedirect(`http://loopback.test:${F}/photo.jpg`), /loopback/],
    ['to literal 127.0.0.1', () => viaRedirect(`http://127.0.0.1:${F}/photo.jpg`), /loopback/],
    ['to decimal 2130706433 (307)', () => viaRedirect(`http://2130706433:${F}/photo.jpg`, 307), /loopback/],
    ['to [::ffff:127.0.0.1] (308)', () => viaRedirect(`http://[::ffff:127.0.0.1]:${F}/photo.jpg`, 308), /IPv4-mapped/],
    ['to a name → 0.0.0.0 (301)', () => viaRedirect(`http://zero.test:${F}/photo.jpg`, 301), /unspecified/],
    ['to an origin off the allow-list', () => viaRedirect(`http://unlisted.test:${F}/photo.jpg`), /not in images\.allowedOrigins/],
    ['to file:', () => viaRedirect('file:///etc/passwd'), /scheme file:/],
    ['to a second hop that goes internal', () => viaRedirect(viaRedirect(`http://127.0.0.1:${F}/photo.jpg`)), /loopback/],
  ];

  it.each(cases)('%s → null, no connection', async (_label, url, reason) => {
    const { loader, reasons } = makeLoader();
    expect(await loader.load(req(url()))).toBeNull();
    expect(forbiddenConnections()).toBe(0);
    expect(reasons()[0]).toMatch(reason);
  });

  it('a redirect to the allowed port via 0.0.0.0 does not reach the server again', async () => {
    const { loader } = makeLoader();
    expect(await loader.load(req(viaRedirect(`http://zero.test:${A}/photo.jpg`)))).toBeNull();
    expect(allowedRequests()).toEqual([expect.stringMatching(/^\/redirect/)]);
  });

  it('more than maxRedirects is refused', async () => {
    const { loader, reasons } = makeLoader({ maxRedirects: 3 });
    expect(await loader.load(req(`http://allowed.test:${A}/chain/3`))).toBeNull();
    expect(reasons()[0]).toMatch(/maxRedirects \(3\)/);
    expect(allowedRequests()).toHaveLength(4);
  });

  it('maxRedirects 0 refuses any redirect', async () => {
    const { loader } = makeLoader({ maxRedirects: 0 });
    expect(await loader.load(req(`http://allowed.test:${A}/chain/0`))).toBeNull();
  });

  it('DNS rebinding: the second resolution of the same name is checked again', async () => {
    let calls = 0;
    const rebinding: LookupFunction = (hostname, options, callback) => {
      if (hostname !== 'rebind.test') return testLookup(hosts())(hostname, options, callback);
      calls++;
      return testLookup({ 'rebind.test': calls === 1 ? '127.0.0.1' : '0.0.0.0' })(hostname, options, callback);
    };
    const { loader, reasons } = makeLoader({}, { lookup: rebinding });
    expect(await loader.load(req(`http://rebind.test:${A}/redirect?to=/photo.jpg`))).toBeNull();
    expect(calls).toBe(2);
    expect(allowedRequests()).toEqual(['/redirect?to=/photo.jpg']);
    expect(reasons()[0]).toMatch(/0\.0\.0\.0/);
  });
});

describe('limits and non-images over the network', () => {
  it('a Content-Length over maxSourceBytes is refused before reading the body', async () => {
    const { loader, reasons } = makeLoader();
    const t = performance.now();
    expect(await loader.load(req(`http://allowed.test:${A}/huge-declared`))).toBeNull();
    expect(performance.now() - t).toBeLessThan(1000);
    expect(reasons()[0]).toMatch(/Content-Length 20971520 exceeds images\.maxSourceBytes \(200000\)/);
  });

  it('a body without Content-Length is cut off as soon as it passes maxSourceBytes', async () => {
    const { loader, reasons } = makeLoader();
    expect(await loader.load(req(`http://allowed.test:${A}/huge-chunked`))).toBeNull();
    expect(reasons()[0]).toMatch(/exceeds images\.maxSourceBytes/);
    await vi.waitFor(() => expect(allowed.written.has('/huge-chunked')).toBe(true));
    // The server got far less than its 20 MB out before the connection was torn down.
    expect(allowed.written.get('/huge-chunked')!).toBeLessThan(5 * 1024 * 1024);
  });

  it('a slow body hits the fetchTimeoutMs deadline', async () => {
    const { loader, reasons } = makeLoader({ fetchTimeoutMs: 400 });
    const t = performance.now();
    expect(await loader.load(req(`http://allowed.test:${A}/slow-body`))).toBeNull();
    const ms = performance.now() - t;
    expect(ms).toBeGreaterThanOrEqual(350);
    expect(ms).toBeLessThan(1500);
    expect(reasons()[0]).toMatch(/timed out after images\.fetchTimeoutMs \(400 ms\)/);
  });

  it('a server that never answers hits the deadline', async () => {
    const { loader, reasons } = makeLoader({ fetchTimeoutMs: 300 });
    expect(await loader.load(req(`http://allowed.test:${A}/hang`))).toBeNull();
    expect(reasons()[0]).toMatch(/timed out/);
  });

  it('the deadline covers the whole redirect chain, not each hop', async () => {
    const { loader, reasons } = makeLoader({ fetchTimeoutMs: 700 });
    const t = performance.now();
    expect(await loader.load(req(`http://allowed.test:${A}/slow-chain/3`))).toBeNull(); // 4 hops × 300 ms
    expect(performance.now() - t).toBeLessThan(1500);
    expect(reasons()[0]).toMatch(/timed out/);
  });

  it.each([
    ['/html', /not an image \(Content-Type text\/html\)/],
    ['/no-type', /not an image \(Content-Type missing\)/],
    ['/svg', /not an image \(Content-Type image\/svg\+xml\)/],
    ['/lying', /not a decodable image/],
    ['/broken', /decod/],
    ['/gzip', /Content-Encoding gzip/],
    ['/not-found', /HTTP 404/],
  ])('%s → null', async (p, reason) => {
    const { loader, reasons } = makeLoader();
    expect(await loader.load(req(`http://allowed.test:${A}${p}`))).toBeNull();
    expect(reasons()[0]).toMatch(reason);
  });

  it('a remote image over maxSourcePixels is refused', async () => {
    const { loader, reasons } = makeLoader({ maxSourcePixels: 100_000 });
    expect(await loader.load(req(`http://allowed.test:${A}/photo.jpg`))).toBeNull();
    expect(reasons()[0]).toMatch(/maxSourcePixels/);
  });
});

describe('one fetch per burst', () => {
  it('ten concurrent renders of one story fetch its image once, and later ones hit the cache', async () => {
    const { loader } = makeLoader();
    const url = `http://allowed.test:${A}/photo.jpg?burst=1`;
    const results = await Promise.all(Array.from({ length: 10 }, () => loader.load(req(url))));
    expect(results.every((r) => r !== null && r === results[0])).toBe(true);
    expect(allowedRequests()).toEqual(['/photo.jpg?burst=1']);
    expect(await loader.load(req(url))).toBe(results[0]);
    expect(allowedRequests()).toHaveLength(1);
  });
});

describe('address policy without sockets', () => {
  const forbiddenAddresses: [string, RegExp][] = [
    ['127.0.0.1', /loopback/],
    ['127.255.255.254', /loopback/],
    ['10.0.0.1', /private/],
    ['172.16.0.1', /private/],
    ['172.31.255.255', /private/],
    ['192.168.1.1', /private/],
    ['169.254.0.1', /link-local/],
    ['169.254.169.254', /cloud metadata/],
    ['100.64.0.1', /carrier-grade NAT/],
    ['100.127.255.255', /carrier-grade NAT/],
    ['0.0.0.0', /unspecified/],
    ['0.1.2.3', /unspecified/],
    ['224.0.0.1', /multicast/],
    ['239.255.255.250', /multicast/],
    ['255.255.255.255', /broadcast/],
    ['240.0.0.1', /reserved/],
    ['192.0.2.1', /reserved/],
    ['198.18.0.1', /reserved/],
    ['::', /unspecified/],
    ['::1', /loopback/],
    ['fe80::1', /link-local/],
    ['febf::1', /link-local/],
    ['fec0::1', /site-local/],
    ['fc00::1', /unique local/],
    ['fd12:3456::1', /unique local/],
    ['fd00:ec2::254', /cloud metadata/],
    ['ff02::1', /multicast/],
    ['::ffff:127.0.0.1', /loopback.*IPv4-mapped/],
    ['::ffff:10.0.0.1', /private.*IPv4-mapped/],
    ['::ffff:169.254.169.254', /cloud metadata.*IPv4-mapped/],
    ['::ffff:0.0.0.0', /unspecified/],
    ['::127.0.0.1', /non-global/],
    ['::8.8.8.8', /non-global/],
    ['64:ff9b::7f00:1', /loopback.*NAT64/],
    ['64:ff9b::a00:1', /private.*NAT64/],
    ['2002:7f00:1::1', /6to4/],
    ['2001::1', /Teredo/],
    ['2001:db8::1', /reserved/],
    ['fe80::1%eth0', /scoped/],
    ['0x7f000001', /not a canonical IP/],
    ['2130706433', /not a canonical IP/],
    ['127.1', /not a canonical IP/],
    ['0177.0.0.1', /not a canonical IP/],
    ['127.000.000.001', /not a canonical IP/],
    ['localhost', /not a canonical IP/],
    ['', /not a canonical IP/],
  ];

  it.each(forbiddenAddresses)('checkAddress refuses %j', (ip, reason) => {
    const result = checkAddress(ip);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(reason);
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '2a00:1450:4001::1', '::ffff:8.8.8.8', '64:ff9b::808:808'])(
    'checkAddress allows public %s',
    (ip) => {
      expect(checkAddress(ip)).toEqual({ ok: true });
    },
  );

  it.each(forbiddenAddresses.filter(([ip]) => net.isIP(ip)))('a name resolving to %s never hands it to the socket', async (ip) => {
    const onAddress = vi.fn();
    const lookup = guardedLookup(testLookup({ 'evil.test': ip }), 443, checkAddress);
    for (const all of [true, false]) {
      const err = await new Promise<NodeJS.ErrnoException | null>((resolve) =>
        lookup('evil.test', { all }, (e, address) => {
          if (address && (typeof address === 'string' || address.length)) onAddress(address);
          resolve(e);
        }),
      );
      expect(err?.code).toBe('EADDRFORBIDDEN');
    }
    expect(onAddress).not.toHaveBeenCalled();
  });

  it('a name resolving to a public address passes through unchanged', async () => {
    const lookup = guardedLookup(testLookup({ 'ok.test': ['93.184.216.34', '2606:4700:4700::1111'] }), 443, checkAddress);
    const all = await new Promise((resolve) => lookup('ok.test', { all: true }, (_e, a) => resolve(a)));
    expect(all).toEqual([
      { address: '93.184.216.34', family: 4 },
      { address: '2606:4700:4700::1111', family: 6 },
    ]);
  });
});

describe('isAllowedUrl', () => {
  const policy = { allowedOrigins: ['https://news.example.com', 'https://CDN.Example.org:443/'] };
  it.each([
    ['https://news.example.com/a.jpg', true],
    ['https://cdn.example.org/a.jpg', true],
    ['https://NEWS.example.com:443/a.jpg', true],
    ['http://news.example.com/a.jpg', false],
    ['https://news.example.com:8443/a.jpg', false],
    ['https://news.example.com.evil.test/a.jpg', false],
    ['https://evil.test/?https://news.example.com', false],
    ['https://news.example.com@evil.test/a.jpg', false],
    ['https://u:p@news.example.com/a.jpg', false],
    ['ftp://news.example.com/a.jpg', false],
    ['//news.example.com/a.jpg', false],
  ])('%s → %s', (url, ok) => {
    expect(isAllowedUrl(url, policy).ok).toBe(ok);
  });

  it('an allow-listed IP literal is still judged by address', () => {
    expect(isAllowedUrl('https://2130706433/x', { allowedOrigins: ['https://127.0.0.1'] })).toEqual({ ok: false, reason: 'forbidden loopback address 127.0.0.1' });
  });
});
