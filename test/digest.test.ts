import { describe, expect, it } from 'vitest';
import { sha256url, strongEtag } from '../src/core/digest.js';

describe('digest', () => {
  it('is SHA-256 in base64url (the FIPS 180-2 "abc" vector), cut to the length asked', () => {
    // ba7816bf 8f01cfea 414140de 5dae2223 b00361a3 96177a9c b410ff61 f20015ad
    expect(sha256url('abc')).toBe(Buffer.from('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', 'hex').toString('base64url'));
    expect(sha256url('abc', 16)).toBe(sha256url('abc').slice(0, 16));
    expect(sha256url(Buffer.from('abc'))).toBe(sha256url('abc'));
  });

  it('makes a strong, quoted validator that changes with the bytes', () => {
    expect(strongEtag('a')).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(strongEtag('a')).not.toBe(strongEtag('b'));
  });
});
