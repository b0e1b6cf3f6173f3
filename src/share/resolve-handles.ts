/**
 * Bluesky handle → DID resolution for mention facets, through the operator's configured
 * service (`share.blueskyService`) only: `GET /xrpc/com.atproto.identity.resolveHandle`.
 * https://docs.bsky.app/docs/api/com-atproto-identity-resolve-handle
 *
 * Outbound requests are guarded like hero-image fetches (src/images/fetch.ts): the only origin
 * asked is the configured service, every address the name resolves to must pass the address
 * gate (no loopback, private or link-local targets) at connect time, the peer is checked again
 * once connected, redirects are not followed, the body is capped, and one deadline covers the
 * whole resolution. A handle that fails stays unresolved; resolution never fails the request.
 *
 * @example
 *   const resolve = createHandleResolver({ service: 'https://bsky.social' });
 *   await resolve(['examplenews.bsky.social']) // → { dids: { 'examplenews.bsky.social': 'did:plc:…' }, failed: [] }
 */
import { checkAddress } from '../images/address.js';
import { SHARECARD_VERSION } from '../version.js';
import { guardedGet, systemLookup, type AddressGuard, type LookupFunction } from '../images/fetch.js';

/** Whole-resolution deadline: a share payload answer should not wait on a slow service for long. */
export const RESOLVE_HANDLES_TIMEOUT_MS = 3000;
/** Most handles resolved for one payload (a headline rarely names more than a few). */
export const RESOLVE_HANDLES_MAX = 10;
// A resolveHandle answer is `{"did":"…"}`; a DID is at most 2 KB (atproto DID syntax).
const MAX_RESPONSE_BYTES = 4096;
const USER_AGENT = `sharecard/${SHARECARD_VERSION} (Bluesky handle resolver)`;

// https://atproto.com/specs/handle#handle-identifier-syntax and https://atproto.com/specs/did
const HANDLE = /^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;
const DID = /^did:[a-z]+:[a-zA-Z0-9._:%-]*[a-zA-Z0-9._-]$/;

export interface HandleResolution {
  /** Handle in lower case → DID. */
  dids: Record<string, string>;
  /** Handles not resolved, each with a reason safe to log and to show. */
  failed: { handle: string; reason: string }[];
}

export type ResolveHandles = (handles: readonly string[]) => Promise<HandleResolution>;

export interface HandleResolverOptions {
  /** Base URL of the XRPC service (config `share.blueskyService`). */
  service: string;
  timeoutMs?: number;
  maxHandles?: number;
}

export interface HandleResolverDeps {
  /** Resolver with dns.lookup's signature; default dns.lookup. */
  lookup?: LookupFunction;
  /** The address gate; default checkAddress (tests pass one that admits their loopback server). */
  guardAddress?: AddressGuard;
}

class Refused extends Error {}

function getJson(url: URL, deps: Required<HandleResolverDeps>, signal: AbortSignal): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const request = guardedGet(url, {
      headers: { accept: 'application/json', 'accept-encoding': 'identity', 'user-agent': USER_AGENT },
      lookup: deps.lookup,
      guardAddress: deps.guardAddress,
      signal,
      refuse: (reason) => new Refused(reason),
    });
    request.on('error', reject);
    request.on('response', (res) => {
      if (res.statusCode !== 200) {
        res.destroy();
        return reject(new Refused(`HTTP ${res.statusCode}`));
      }
      const chunks: Buffer[] = [];
      let received = 0;
      res.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > MAX_RESPONSE_BYTES) {
          // Settle first: the promise keeps the first answer, whatever the teardown emits.
          reject(new Refused(`response over ${MAX_RESPONSE_BYTES} bytes`));
          return request.destroy();
        }
        chunks.push(chunk);
      });
      res.on('error', reject);
      res.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch {
          reject(new Refused('response is not JSON'));
        }
      });
    });
    request.end();
  });
}

function reasonOf(err: unknown, signal: AbortSignal, timeoutMs: number): string {
  if (signal.aborted) return `timed out after ${timeoutMs} ms`;
  if (err instanceof Refused) return err.message;
  const code = (err as NodeJS.ErrnoException)?.code;
  return code === 'EADDRFORBIDDEN' ? (err as Error).message : `network error${code ? ` (${code})` : ''}`;
}

export function createHandleResolver(options: HandleResolverOptions, deps: HandleResolverDeps = {}): ResolveHandles {
  const service = new URL(options.service);
  if (service.protocol !== 'https:' && service.protocol !== 'http:') throw new TypeError(`createHandleResolver: service must be an http(s) URL, got ${service.protocol}`);
  const timeoutMs = options.timeoutMs ?? RESOLVE_HANDLES_TIMEOUT_MS;
  const maxHandles = options.maxHandles ?? RESOLVE_HANDLES_MAX;
  const d: Required<HandleResolverDeps> = { lookup: deps.lookup ?? systemLookup, guardAddress: deps.guardAddress ?? ((address) => checkAddress(address)) };

  return async (handles) => {
    const unique = [...new Set(handles.map((h) => h.toLowerCase()))];
    const result: HandleResolution = { dids: {}, failed: [] };
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    timer.unref?.();
    try {
      await Promise.all(
        unique.map(async (handle, i) => {
          if (i >= maxHandles) return result.failed.push({ handle, reason: `more than ${maxHandles} handles in one payload` });
          if (handle.length > 253 || !HANDLE.test(handle)) return result.failed.push({ handle, reason: 'not a valid handle' });
          const url = new URL('/xrpc/com.atproto.identity.resolveHandle', service);
          url.searchParams.set('handle', handle);
          try {
            const body = (await getJson(url, d, controller.signal)) as { did?: unknown } | null;
            const did = body?.did;
            if (typeof did !== 'string' || did.length > 2048 || !DID.test(did)) throw new Refused('answer has no valid did');
            result.dids[handle] = did;
          } catch (err) {
            result.failed.push({ handle, reason: reasonOf(err, controller.signal, timeoutMs) });
          }
        }),
      );
    } finally {
      clearTimeout(timer);
    }
    return result;
  };
}
