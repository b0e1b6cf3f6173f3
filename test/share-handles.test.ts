/**
 * Bluesky mentions: handles resolved to DIDs through the guarded resolver against a local XRPC
 * server, and `GET /api/share/:slug?resolveHandles=1` (token required) turning them into
 * mention facets that pass the lexicon; without it they are listed as unresolved.
 */
import { AppBskyFeedPost, RichText } from '@atproto/api';
import express from 'express';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createErrorHandler } from '../src/http/errors.js';
import { shareRoutes } from '../src/http/routes/share.js';
import { checkAddress } from '../src/images/address.js';
import type { LookupFunction } from '../src/images/fetch.js';
import { createHandleResolver } from '../src/share/resolve-handles.js';
import { auth, silentLog, startTestServer } from './helpers.js';

// A fake XRPC service: known handles answer a DID; `slow.test` never answers; `bad.test` answers junk.
const DIDS: Record<string, string> = { 'examplenews.bsky.social': 'did:plc:ewvi7nxzyoun6zhxrhs64oiz', 'alice.test': 'did:web:alice.test' };
const asked: string[] = [];
let xrpc: http.Server;
let port: number;

beforeAll(async () => {
  xrpc = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    const handle = url.searchParams.get('handle') ?? '';
    asked.push(handle);
    if (url.pathname !== '/xrpc/com.atproto.identity.resolveHandle') return void res.writeHead(404).end();
    if (handle === 'slow.test') return; // never answers
    res.setHeader('content-type', 'application/json');
    if (handle === 'bad.test') return void res.end(JSON.stringify({ did: 'not a did' }));
    if (handle === 'big.test') return void res.end(JSON.stringify({ did: `did:plc:${'a'.repeat(5000)}` }));
    if (!DIDS[handle]) return void res.writeHead(400).end(JSON.stringify({ error: 'InvalidRequest', message: 'Unable to resolve handle' }));
    res.end(JSON.stringify({ did: DIDS[handle] }));
  });
  await new Promise<void>((r) => xrpc.listen(0, '127.0.0.1', r));
  port = (xrpc.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => xrpc.close(() => r())));

// The service is reached by a name that resolves to the loopback server, which only this
// guard admits (the production guard refuses loopback).
const lookup: LookupFunction = (_host, _opts, cb) => (cb as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: '127.0.0.1', family: 4 }]);
const testGuard = (address: string, p: number) => (address.replace('::ffff:', '') === '127.0.0.1' && p === port ? { ok: true as const } : checkAddress(address));
const testResolver = (timeoutMs = 2000) => createHandleResolver({ service: `http://xrpc.test:${port}`, timeoutMs }, { lookup, guardAddress: testGuard });

describe('handle resolver', () => {
  it('resolves handles (case-insensitively) and reports the ones it could not', async () => {
    const r = await testResolver()(['ExampleNews.bsky.social', 'alice.test', 'nobody.test', 'bad.test', 'big.test', 'not_a_handle']);
    expect(r.dids).toEqual({ 'examplenews.bsky.social': DIDS['examplenews.bsky.social'], 'alice.test': 'did:web:alice.test' });
    expect(Object.fromEntries(r.failed.map((f) => [f.handle, f.reason]))).toEqual({
      'nobody.test': 'HTTP 400',
      'bad.test': 'answer has no valid did',
      'big.test': 'response over 4096 bytes',
      not_a_handle: 'not a valid handle',
    });
    expect(asked).not.toContain('not_a_handle');
  });

  it('gives up on a service that does not answer within the deadline', async () => {
    const r = await testResolver(300)(['slow.test', 'alice.test']);
    expect(r.dids).toEqual({ 'alice.test': 'did:web:alice.test' });
    expect(r.failed).toEqual([{ handle: 'slow.test', reason: 'timed out after 300 ms' }]);
  });

  it('refuses a service on a loopback or private address with the default guard', async () => {
    for (const service of [`http://127.0.0.1:${port}`, `http://xrpc.test:${port}`]) {
      const r = await createHandleResolver({ service }, { lookup })(['alice.test']);
      expect(r.dids).toEqual({});
      expect(r.failed[0].reason).toMatch(/loopback|forbidden/);
    }
  });

  it('asks at most maxHandles handles', async () => {
    const r = await createHandleResolver({ service: `http://xrpc.test:${port}`, maxHandles: 1 }, { lookup, guardAddress: testGuard })(['alice.test', 'examplenews.bsky.social']);
    expect(Object.keys(r.dids)).toEqual(['alice.test']);
    expect(r.failed).toEqual([{ handle: 'examplenews.bsky.social', reason: 'more than 1 handles in one payload' }]);
  });
});

describe('GET /api/share/:slug with handles in the headline', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let mini: http.Server;
  let miniUrl: string;
  const title = 'Interview: @examplenews.bsky.social talks to @alice.test and @nobody.test about Istanbul';

  beforeAll(async () => {
    server = await startTestServer();
    const put = await fetch(`${server.url}/api/articles/handles-story`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify({ url: 'https://news.example.com/handles', title, lang: 'en', status: 'published', publishedAt: '2026-02-04T10:00:00Z' }),
    });
    expect(put.status).toBe(201);
    // The same route with the resolver pointed at the local XRPC server.
    const app = express().use(shareRoutes(server.services, { resolveHandles: testResolver() })).use(createErrorHandler(silentLog));
    mini = app.listen(0, '127.0.0.1');
    await new Promise((r) => mini.once('listening', r));
    miniUrl = `http://127.0.0.1:${(mini.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => mini.close(r));
    await server.stop();
  });

  it('lists the handles as unresolved by default, at the bytes the AT Protocol detects', async () => {
    const body = await (await fetch(`${server.url}/api/share/handles-story`)).json();
    const b = body.platforms.bluesky;
    const rt = new RichText({ text: b.text });
    rt.detectFacetsWithoutResolution();
    const mentions = (rt.facets ?? []).filter((f) => f.features[0].$type === 'app.bsky.richtext.facet#mention');
    expect(b.unresolvedHandles).toEqual(mentions.map((f) => ({ handle: (f.features[0] as { did: string }).did, ...f.index })));
    expect(b.unresolvedHandles.map((h: { handle: string }) => h.handle)).toEqual(['examplenews.bsky.social', 'alice.test', 'nobody.test']);
    expect(AppBskyFeedPost.validateRecord(b.request.body.record).success).toBe(true);
  });

  it('needs the API token to resolve, and checks the parameter', async () => {
    const res = await fetch(`${server.url}/api/share/handles-story?resolveHandles=1`);
    expect(res.status).toBe(401);
    expect((await res.json()).error.message).toMatch(/resolveHandles/);
    const bad = await fetch(`${server.url}/api/share/handles-story?resolveHandles=yes`, { headers: auth });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toMatch(/resolveHandles/);
  });

  it('resolves them into mention facets that pass the lexicon; the failed one stays listed', async () => {
    const res = await fetch(`${miniUrl}/api/share/handles-story?resolveHandles=1`, { headers: auth });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const body = await res.json();
    const b = body.platforms.bluesky;
    const record = b.request.body.record;
    const mentions = record.facets.filter((f: { features: { $type: string }[] }) => f.features[0].$type === 'app.bsky.richtext.facet#mention');
    expect(mentions.map((f: { features: { did: string }[] }) => f.features[0].did)).toEqual([DIDS['examplenews.bsky.social'], 'did:web:alice.test']);
    const bytes = Buffer.from(record.text, 'utf8');
    expect(mentions.map((f: { index: { byteStart: number; byteEnd: number } }) => bytes.subarray(f.index.byteStart, f.index.byteEnd).toString())).toEqual(['@examplenews.bsky.social', '@alice.test']);
    expect(b.unresolvedHandles.map((h: { handle: string }) => h.handle)).toEqual(['nobody.test']);
    expect(body.resolveHandles).toEqual({ failed: [{ handle: 'nobody.test', reason: 'HTTP 400' }] });
    expect(AppBskyFeedPost.validateRecord(record).success).toBe(true);
  });
});
