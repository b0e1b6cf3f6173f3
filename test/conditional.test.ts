/**
 * The one If-None-Match check (src/http/conditional.ts) every ETag route uses: RFC 9110
 * §13.1.2 weak comparison over `*` or a list of entity tags; anything malformed matches nothing.
 */
import { describe, expect, it } from 'vitest';
import { etagMatches } from '../src/http/conditional.js';

const etag = '"abc123"';

describe('etagMatches', () => {
  it('matches the tag alone, weakly, and anywhere in a list', () => {
    expect(etagMatches('"abc123"', etag)).toBe(true);
    expect(etagMatches('W/"abc123"', etag)).toBe(true);
    expect(etagMatches('"other", W/"abc123"', etag)).toBe(true);
    expect(etagMatches('"other" ,"abc123" ', etag)).toBe(true);
    expect(etagMatches('"abc123"', 'W/"abc123"')).toBe(true);
    // empty list elements are accepted and ignored (RFC 9110 §5.6.1.2)
    expect(etagMatches(', "other",, "abc123" ,', etag)).toBe(true);
  });

  it('matches * only as the whole header', () => {
    expect(etagMatches('*', etag)).toBe(true);
    expect(etagMatches(' * ', etag)).toBe(true);
    expect(etagMatches('"other", *', etag)).toBe(false);
  });

  it('matches nothing for an absent, empty, different or malformed header', () => {
    for (const header of [undefined, '', '"other"', 'abc123', '"abc123', 'W/ "abc123"', '"abc123" junk', ',,', 'w/"abc123"', '"abc"123"']) {
      expect(etagMatches(header, etag), String(header)).toBe(false);
    }
  });

  it('reads a comma inside a tag as part of it, not as a separator', () => {
    expect(etagMatches('"x,"abc123""', etag)).toBe(false);
    expect(etagMatches('"a,b", "abc123"', etag)).toBe(true);
    expect(etagMatches('"a,b"', '"a,b"')).toBe(true);
  });
});
