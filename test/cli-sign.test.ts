import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildSignedRenderUrl, parseTtlSeconds } from '../src/cli/sign.js';
import { signParams, singleValuedParams, verifyParams } from '../src/core/signing.js';
import { isSharecardError, type SharecardError } from '../src/core/errors.js';
import { defaultArticleLimits } from '../src/core/limits.js';
import { createInlinePool } from '../src/render/pool.js';
import { startTestServer } from './helpers.js';

const KEY = 'first-signing-key-0123456789';
const config = {
  server: { publicUrl: 'https://share.example.com' },
  security: { signingKeys: [KEY, 'older-key-0123456789abcdef'] },
  site: { url: 'https://news.example.com', lang: 'en' },
  limits: { ...defaultArticleLimits },
} as Parameters<typeof buildSignedRenderUrl>[0];
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

  it('refuses text longer than the configured limits, naming the option', () => {
    const limits = { ...defaultArticleLimits, maxTitleChars: 20, maxKickerChars: 5, maxSectionChars: 6 };
    const tight = { ...config, limits };
    const problemsOf = (options: Parameters<typeof buildSignedRenderUrl>[1], cfg: Parameters<typeof buildSignedRenderUrl>[0] = tight) => {
      try {
        buildSignedRenderUrl(cfg, options, NOW);
        return [];
      } catch (err) {
        expect(isSharecardError(err)).toBe(true);
        return (err as SharecardError).problems.map((p) => ({ path: p.path.join('.'), message: p.message }));
      }
    };
    // The limits come from the config, not from constants: 21 characters is over this one.
    expect(problemsOf({ title: 'x'.repeat(21), kicker: 'k'.repeat(6), section: 's'.repeat(7) })).toEqual([
      { path: '--title', message: expect.stringContaining('20') },
      { path: '--kicker', message: expect.stringContaining('5') },
      { path: '--section', message: expect.stringContaining('6') },
    ]);
    expect(problemsOf({ title: 'x'.repeat(20), kicker: 'k'.repeat(5), section: 's'.repeat(6) })).toEqual([]);
    // Counted after the same cleaning as the server's: 20 decomposed "é" are 20 once NFC.
    expect(problemsOf({ title: 'e\u0301'.repeat(20) })).toEqual([]);
    // Text that is empty once cleaned is refused too, and a missing title is named only once.
    expect(problemsOf({ title: '\u0000\u0001' }).map((p) => p.path)).toEqual(['--title']);
    expect(problemsOf({ title: ' ' }).map((p) => p.path)).toEqual(['--title']);
    // The default limits are the article limits the route uses: 400 characters of headline.
    expect(problemsOf({ title: 'x'.repeat(defaultArticleLimits.maxTitleChars + 1) }, config).map((p) => p.path)).toEqual(['--title']);
    expect(problemsOf({ title: 'x'.repeat(defaultArticleLimits.maxTitleChars) }, config)).toEqual([]);
  });

  it('prints each problem once on the command line and exits 1', async () => {
    vi.stubEnv('SHARECARD_CONFIG', '');
    vi.stubEnv('SHARECARD_SIGNING_KEYS', KEY);
    const out: string[] = [];
    const err: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((s: string) => void out.push(s));
    vi.spyOn(console, 'error').mockImplementation((s: string) => void err.push(s));
    const { main } = await import('../src/cli.js');
    const code = await main(['sign', '--title', 'x'.repeat(defaultArticleLimits.maxTitleChars + 1), '--kicker', 'Live']);
    expect(code).toBe(1);
    expect(out).toEqual([]);
    const lines = err.join('\n').split('\n');
    const titleLines = lines.filter((l) => l.trim().startsWith('--title:'));
    expect(titleLines).toHaveLength(1);
    expect(titleLines[0].trim()).toMatch(new RegExp(`^--title: .*\\b${defaultArticleLimits.maxTitleChars}\\b`));
    expect(lines.some((l) => l.includes('--kicker'))).toBe(false);
  });
});

describe('sharecard sign agrees with the ad-hoc route', () => {
  const limits = { maxTitleChars: 30, maxKickerChars: 8, maxSectionChars: 8 };
  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    server = await startTestServer({ overrides: { limits, security: { signingKeys: [KEY] } }, renderPool: createInlinePool() });
  });
  afterAll(() => server?.stop());

  const cases: Record<string, Parameters<typeof buildSignedRenderUrl>[1]> = {
    'title at the limit': { title: 't'.repeat(limits.maxTitleChars) },
    'title over the limit': { title: 't'.repeat(limits.maxTitleChars + 1) },
    'title of 401 characters': { title: 't'.repeat(401) },
    'title over the limit in UTF-16 only': { title: '😀'.repeat(limits.maxTitleChars) },
    'title over the limit before NFC only': { title: 'e\u0301'.repeat(limits.maxTitleChars) },
    'title of control characters': { title: '\u0000\u0007' },
    'kicker over the limit': { title: 'ok', kicker: 'k'.repeat(limits.maxKickerChars + 1) },
    'section at the limit': { title: 'ok', section: 's'.repeat(limits.maxSectionChars), kicker: 'Live', lang: 'fa', template: 'alert' },
    'section over the limit': { title: 'ok', section: 's'.repeat(limits.maxSectionChars + 1) },
  };

  it.each(Object.keys(cases))('%s', { timeout: 60_000 }, async (name) => {
    const options = cases[name];
    const cfg = server.services.config;
    let url: string | undefined;
    let refused: SharecardError | undefined;
    try {
      url = buildSignedRenderUrl(cfg, options, new Date());
    } catch (err) {
      if (!isSharecardError(err)) throw err;
      refused = err;
    }
    if (url) {
      // The route verifies the parameters, not the host: ask the test server for the same query.
      const res = await fetch(`${server.url}/og/render.png${new URL(url).search}`);
      expect(res.status, `${name}: sign accepted it, the server must too`).toBe(200);
      await res.arrayBuffer();
    } else {
      // What sign refused, signed anyway: the server refuses it with 400 for the same fields.
      const params = Object.fromEntries(Object.entries(options).map(([k, v]) => [k, String(v).trim()]));
      const res = await fetch(`${server.url}/og/render.png?${new URLSearchParams({ ...params, sig: signParams(params, KEY) })}`);
      expect(res.status, `${name}: sign refused it, so must the server`).toBe(400);
      const body = await res.json();
      const serverPaths = body.error.problems.map((p: { path: string }) => `--${p.path}`).sort();
      expect(refused!.problems.map((p) => p.path.join('.')).sort()).toEqual(serverPaths);
    }
  });
});
