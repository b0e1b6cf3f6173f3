import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalQuery, signParams, signedUrl, singleValuedParams, verifyParams } from '../src/core/signing.js';

const KEY = 'test-signing-key-0123456789';
const OLD_KEY = 'old-signing-key-abcdefghijkl';
const NOW = new Date('2026-02-03T08:30:00Z');
const NOW_S = Math.floor(NOW.getTime() / 1000);

// Keys other than the two the signer gives meaning to; any well-formed text (fast-check's
// "binary" unit never yields lone surrogates).
const paramKey = fc.string({ unit: 'binary', maxLength: 12 }).filter((k) => k !== 'sig' && k !== 'exp');
const paramValue = fc.string({ unit: 'binary', maxLength: 40 });
const params = fc.dictionary(paramKey, paramValue, { maxKeys: 8, noNullPrototype: true });

function paramsOf(url: string): Record<string, string> {
  const p = singleValuedParams(new URL(url).searchParams);
  if (!p) throw new Error('repeated key');
  return { ...p };
}

describe('canonicalQuery', () => {
  it('sorts keys, drops sig and encodes with URLSearchParams', () => {
    expect(canonicalQuery({ title: 'A & B', sig: 'x', kicker: 'é', a: '1 2' })).toBe('a=1+2&kicker=%C3%A9&title=A+%26+B');
  });

  it('does not depend on insertion order', () => {
    fc.assert(
      fc.property(params, (p) => {
        const reversed = Object.fromEntries(Object.entries(p).reverse());
        expect(canonicalQuery(reversed)).toBe(canonicalQuery(p));
      }),
    );
  });
});

describe('signedUrl + verifyParams', () => {
  it('any params round-trip through a signed URL and verify', () => {
    fc.assert(
      fc.property(params, (p) => {
        const url = signedUrl('https://share.example.com', '/og/render.png', p, KEY);
        const got = paramsOf(url);
        const { sig, ...rest } = got;
        expect(sig).toMatch(/^[A-Za-z0-9_-]{43}$/);
        expect(rest).toEqual(p);
        expect(verifyParams(got, [KEY], NOW)).toEqual({ ok: true });
      }),
    );
  });

  it('keeps the base path and puts sig last', () => {
    const url = new URL(signedUrl('https://share.example.com/cards/', 'og/render.png', { title: 'x#y&z', preset: 'og' }, KEY));
    expect(url.origin + url.pathname).toBe('https://share.example.com/cards/og/render.png');
    expect([...url.searchParams.keys()]).toEqual(['preset', 'title', 'sig']);
    expect(url.searchParams.get('title')).toBe('x#y&z');
  });

  it('any single-character change to a key, a value or the signature fails', () => {
    const nonEmpty = fc.dictionary(paramKey, paramValue, { minKeys: 1, maxKeys: 6, noNullPrototype: true });
    fc.assert(
      fc.property(nonEmpty, fc.nat(), fc.nat(), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), fc.constantFrom('key', 'value', 'sig'), (p, which, pos, ch, part) => {
        const signed = { ...p, sig: signParams(p, KEY) };
        const keys = Object.keys(p);
        const k = keys[which % keys.length];
        const tampered: Record<string, string> = { ...signed };
        const replace = (s: string) => {
          const chars = [...s];
          if (chars.length === 0) return ch; // an empty string can only change by gaining one
          const i = pos % chars.length;
          chars[i] = ch;
          return chars.join('');
        };
        if (part === 'sig') {
          tampered.sig = replace(signed.sig);
        } else if (part === 'value') {
          tampered[k] = replace(p[k]);
        } else {
          const newKey = replace(k);
          if (newKey === 'sig' || Object.hasOwn(tampered, newKey)) return; // not a one-character edit of the params
          delete tampered[k];
          tampered[newKey] = p[k];
        }
        fc.pre(JSON.stringify(tampered) !== JSON.stringify(signed) && tampered.sig !== undefined);
        const changed = part === 'sig' ? tampered.sig !== signed.sig : part === 'value' ? tampered[k] !== p[k] : !Object.hasOwn(tampered, k);
        fc.pre(changed);
        const result = verifyParams(tampered, [KEY], NOW);
        expect(result.ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('a signature whose last character differs only in unused bits is refused', () => {
    const p = { title: 'Hello' };
    const sig = signParams(p, KEY);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(sig.at(-1)!);
    // The last of 43 characters carries 4 data bits and 2 unused ones.
    for (let low = 0; low < 4; low++) {
      const variant = sig.slice(0, -1) + alphabet[(last & ~3) | low];
      if (variant === sig) continue;
      expect(Buffer.from(variant, 'base64url').equals(Buffer.from(sig, 'base64url'))).toBe(true);
      expect(verifyParams({ ...p, sig: variant }, [KEY], NOW)).toEqual({ ok: false, reason: 'invalid' });
    }
  });

  it('missing or empty sig is "missing"; malformed sig is "invalid"', () => {
    expect(verifyParams({ title: 'x' }, [KEY], NOW)).toEqual({ ok: false, reason: 'missing' });
    expect(verifyParams({ title: 'x', sig: '' }, [KEY], NOW)).toEqual({ ok: false, reason: 'missing' });
    expect(verifyParams({ title: 'x', sig: 'not a signature' }, [KEY], NOW)).toEqual({ ok: false, reason: 'invalid' });
    expect(verifyParams({ title: 'x', sig: signParams({ title: 'x' }, KEY) + 'A' }, [KEY], NOW)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('no configured key verifies nothing', () => {
    const p = { title: 'x', sig: signParams({ title: 'x' }, KEY) };
    expect(verifyParams(p, [], NOW)).toEqual({ ok: false, reason: 'invalid' });
    expect(verifyParams(p, [''], NOW)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('ill-formed UTF-16 (which URLSearchParams would fold to U+FFFD) is refused', () => {
    const p = { title: 'a\uD800' };
    expect(verifyParams({ ...p, sig: signParams(p, KEY) }, [KEY], NOW)).toEqual({ ok: false, reason: 'invalid' });
  });
});

describe('expiry', () => {
  it('exp in the past or now is expired, in the future is ok', () => {
    fc.assert(
      fc.property(params, fc.integer({ min: -10 * 365 * 86400, max: 10 * 365 * 86400 }), (p, delta) => {
        const exp = NOW_S + delta;
        fc.pre(exp >= 0);
        const signed = { ...p, exp: String(exp) };
        const result = verifyParams({ ...signed, sig: signParams(signed, KEY) }, [KEY], NOW);
        expect(result).toEqual(delta > 0 ? { ok: true } : { ok: false, reason: 'expired' });
      }),
    );
  });

  it('an exp removed or moved breaks the signature', () => {
    const signed = { title: 'x', exp: String(NOW_S - 10) };
    const sig = signParams(signed, KEY);
    expect(verifyParams({ title: 'x', sig }, [KEY], NOW)).toEqual({ ok: false, reason: 'invalid' });
    expect(verifyParams({ title: 'x', exp: String(NOW_S + 3600), sig }, [KEY], NOW)).toEqual({ ok: false, reason: 'invalid' });
  });

  it.each(['', ' 1', '1e12', '+99999999999', '-1', '01', '1.5', 'tomorrow', '9999999999999'])('a malformed exp %j is refused as malformed when signed, as invalid when not', (exp) => {
    const signed = { title: 'x', exp };
    expect(verifyParams({ ...signed, sig: signParams(signed, KEY) }, [KEY], NOW)).toEqual({ ok: false, reason: 'malformed_expiry' });
    expect(verifyParams({ ...signed, sig: signParams(signed, 'another-key-0123456789') }, [KEY], NOW)).toEqual({ ok: false, reason: 'invalid' });
  });
});

describe('key rotation', () => {
  it('a URL signed with any configured key verifies; with a dropped key it does not', () => {
    fc.assert(
      fc.property(params, (p) => {
        const byOld = { ...p, sig: signParams(p, OLD_KEY) };
        const byNew = { ...p, sig: signParams(p, KEY) };
        expect(verifyParams(byOld, [KEY, OLD_KEY], NOW)).toEqual({ ok: true });
        expect(verifyParams(byNew, [KEY, OLD_KEY], NOW)).toEqual({ ok: true });
        expect(verifyParams(byOld, [KEY], NOW)).toEqual({ ok: false, reason: 'invalid' });
      }),
      { numRuns: 50 },
    );
  });
});

describe('singleValuedParams', () => {
  it('refuses a repeated key', () => {
    expect(singleValuedParams(new URLSearchParams('a=1&a=2'))).toBeNull();
    expect({ ...singleValuedParams(new URLSearchParams('a=1&b=2')) }).toEqual({ a: '1', b: '2' });
  });
});
