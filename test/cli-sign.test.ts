import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildSignedRenderUrl, parseTtlSeconds } from '../src/cli/sign.js';
import { singleValuedParams, verifyParams } from '../src/core/signing.js';
import { isSharecardError } from '../src/core/errors.js';

const KEY = 'first-signing-key-0123456789';
const config = { server: { publicUrl: 'https://share.example.com' }, security: { signingKeys: [KEY, 'older-key-0123456789abcdef'] } } as Parameters<typeof buildSignedRenderUrl>[0];
const NOW = new Date('2026-02-03T08:30:00Z');

function paramsOf(url: string) {
  return { ...singleValuedParams(new URL(url).searchParams)! };
}

describe('sharecard sign', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('builds a /og/render.png URL signed with the first key', () => {
    const url = buildSignedRenderUrl(config, { title: 'Talks resume in Istanbul', kicker: 'Live', section: 'World', template: 'alert', lang: 'EN-us', preset: 'x', ttl: '7d' }, NOW);
    const u = new URL(url);
    expect(u.origin + u.pathname).toBe('https://share.example.com/og/render.png');
    const params = paramsOf(url);
    expect(params).toMatchObject({ title: 'Talks resume in Istanbul', kicker: 'Live', section: 'World', template: 'alert', lang: 'en-US', preset: 'x' });
    expect(Number(params.exp)).toBe(NOW.getTime() / 1000 + 7 * 86400);
    expect(verifyParams(params, [KEY], NOW)).toEqual({ ok: true });
    expect(verifyParams(params, ['older-key-0123456789abcdef'], NOW)).toEqual({ ok: false, reason: 'invalid' });
    expect(verifyParams(params, [KEY], new Date(NOW.getTime() + 8 * 86400_000))).toEqual({ ok: false, reason: 'expired' });
  });

  it('without --ttl the URL has no expiry', () => {
    expect(paramsOf(buildSignedRenderUrl(config, { title: 'x' }, NOW)).exp).toBeUndefined();
  });

  it('lists every bad option, and a missing key', () => {
    try {
      buildSignedRenderUrl({ ...config, security: { ...config.security, signingKeys: [] } }, { title: ' ', preset: 'huge', template: 'nope', lang: '!!', ttl: '-5' }, NOW);
      expect.unreachable();
    } catch (err) {
      expect(isSharecardError(err)).toBe(true);
      const paths = (err as { problems: { path: string[] }[] }).problems.map((p) => p.path.join('.'));
      expect(paths.sort()).toEqual(['--lang', '--preset', '--template', '--title', '--ttl', 'security.signingKeys'].sort());
    }
  });

  it.each([
    ['3600', 3600],
    ['90m', 5400],
    ['2h', 7200],
    ['1d', 86400],
    ['0', undefined],
    ['1.5h', undefined],
    ['1w', undefined],
    ['', undefined],
  ])('parses --ttl %j', (ttl, seconds) => {
    expect(parseTtlSeconds(ttl)).toBe(seconds);
  });

  it('prints the URL from the command line with keys from the environment', async () => {
    vi.stubEnv('SHARECARD_CONFIG', '');
    vi.stubEnv('SHARECARD_SIGNING_KEYS', `${KEY},older-key-0123456789abcdef`);
    vi.stubEnv('SHARECARD_PUBLIC_URL', 'https://cards.example.org');
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((s: string) => void lines.push(s));
    const { main } = await import('../src/cli.js');
    const code = await main(['sign', '--title', 'Hello world', '--preset', 'square']);
    expect(code ?? 0).toBe(0);
    expect(lines).toHaveLength(1);
    const url = new URL(lines[0]);
    expect(url.origin).toBe('https://cards.example.org');
    expect(verifyParams(paramsOf(lines[0]), [KEY], new Date())).toEqual({ ok: true });
  });
});
