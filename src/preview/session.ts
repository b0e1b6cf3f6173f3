/**
 * Editor sessions: a signed cookie, so any replica behind the load balancer accepts it and
 * nothing is stored at login; logout records the session's id in the shared store as revoked
 * (see routes/preview.ts). The signing key is derived from the API token, so rotating the
 * token ends every session. A session carries a random id and an expiry; the CSRF token is
 * an HMAC of that id, bound to the session and never stored either.
 *
 * Cookie: HttpOnly, SameSite=Strict, Path=/; on https it is `__Host-` prefixed and Secure
 * (https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-rfc6265bis#name-the-__host-prefix).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { SharecardError } from '../core/errors.js';

/** The parts of an HTTP request a session is read from (an Express request is one). */
export interface RequestHeaders {
  headers: { cookie?: string };
  get(name: string): string | undefined;
}

/** How long a login lasts. Logout revokes the session early (ArticleStore.revokeSession); rotating the token ends every session. */
export const SESSION_TTL_SECONDS = 12 * 60 * 60;

export interface Session {
  id: string;
  expiresAt: number;
}

export interface SessionCodec {
  cookieName: string;
  /** A new session and its Set-Cookie value. */
  issue(now?: Date): { session: Session; setCookie: string };
  /** The valid session in a request's cookies, or null. */
  read(req: RequestHeaders, now?: Date): Session | null;
  /** Set-Cookie value that deletes the cookie. */
  clearCookie(): string;
  /** The CSRF token bound to a session. */
  csrfToken(session: Session): string;
  /** True when `candidate` is the session's CSRF token (constant time). */
  csrfMatches(session: Session, candidate: unknown): boolean;
}

function mac(key: Buffer, data: string): string {
  return createHmac('sha256', key).update(data).digest('base64url');
}

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** Cookie header → map (first value wins, as browsers send the most specific path first). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const name = part.slice(0, i).trim();
    if (name && !out.has(name)) out.set(name, part.slice(i + 1).trim());
  }
  return out;
}

export function createSessionCodec(options: { apiToken: string; secure: boolean; ttlSeconds?: number }): SessionCodec {
  const ttl = options.ttlSeconds ?? SESSION_TTL_SECONDS;
  // A key of its own, so a session MAC can never be replayed as anything else the token signs.
  const key = createHmac('sha256', options.apiToken).update('sharecard/preview-session/v1').digest();
  const cookieName = options.secure ? '__Host-sharecard-preview' : 'sharecard-preview';
  const attrs = `Path=/; HttpOnly; SameSite=Strict${options.secure ? '; Secure' : ''}`;

  const sign = (s: Session) => `${s.expiresAt}.${s.id}.${mac(key, `session.${s.expiresAt}.${s.id}`)}`;

  return {
    cookieName,
    issue(now = new Date()) {
      const session = { id: randomBytes(16).toString('base64url'), expiresAt: Math.floor(now.getTime() / 1000) + ttl };
      return { session, setCookie: `${cookieName}=${sign(session)}; ${attrs}; Max-Age=${ttl}` };
    },
    read(req, now = new Date()) {
      const value = parseCookies(req.headers.cookie).get(cookieName);
      const m = value?.match(/^(\d{1,12})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/);
      if (!m) return null;
      const session = { expiresAt: Number(m[1]), id: m[2] };
      if (!safeEqual(m[3], mac(key, `session.${session.expiresAt}.${session.id}`))) return null;
      if (session.expiresAt <= now.getTime() / 1000) return null;
      return session;
    },
    clearCookie() {
      return `${cookieName}=; ${attrs}; Max-Age=0`;
    },
    csrfToken(session) {
      return mac(key, `csrf.${session.id}`);
    },
    csrfMatches(session, candidate) {
      return typeof candidate === 'string' && safeEqual(candidate, mac(key, `csrf.${session.id}`));
    },
  };
}

/**
 * Refuses a state-changing request that a browser marks as coming from another site. Browsers
 * send `Sec-Fetch-Site` and `Origin` on every POST; both must name this service's public
 * origin. Clients that send neither (curl, scripts) are no cross-site risk, and the
 * session-bound routes still need the CSRF token.
 * https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Sec-Fetch-Site
 */
export function assertSameOrigin(req: RequestHeaders, publicOrigin: string): void {
  const site = req.get('sec-fetch-site');
  if (site !== undefined && site !== 'same-origin') {
    throw new SharecardError('forbidden', 'Cross-site request refused');
  }
  const origin = req.get('origin');
  if (origin !== undefined && origin !== publicOrigin) {
    throw new SharecardError('forbidden', `Cross-origin request refused: open the editor at ${publicOrigin}`);
  }
}
