import { statSync, writeFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from '../src/config/load.js';
import { resolveApiToken } from '../src/config/token.js';
import { SharecardError } from '../src/core/errors.js';
import { repoRoot, tempDir } from './helpers.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function tmp() {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return t.dir;
}

describe('configuration', () => {
  it('has embedded defaults that need no file and no services', () => {
    const c = loadConfig({});
    expect(c.server.port).toBe(8080);
    expect(c.server.publicUrl).toBe('http://localhost:8080');
    expect(c.storage.databaseUrl).toBeNull();
    expect(c.cache.redisUrl).toBeNull();
    expect(c.site.lang).toBe('en');
    expect(path.isAbsolute(c.storage.dataDir)).toBe(true);
  });

  it('accepts the example config in the repo', () => {
    const c = loadConfig({ SHARECARD_CONFIG: path.join(repoRoot, 'config.example.json') });
    expect(c.site.name).toBe('Example News');
    // Relative paths resolve against the config file's folder.
    expect(Object.values(c.images.localRoots)[0]).toBe(path.join(repoRoot, 'media'));
  });

  it('lets environment variables override the file', () => {
    const dir = tmp();
    const file = path.join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ server: { port: 9000, publicUrl: 'https://share.example.com' }, storage: { dataDir: 'd' } }));
    const c = loadConfig({ SHARECARD_CONFIG: file, PORT: '9100', SHARECARD_SIGNING_KEYS: 'aaaaaaaaaaaaaaaa1, bbbbbbbbbbbbbbbb2' });
    expect(c.server.port).toBe(9100);
    expect(c.server.publicUrl).toBe('https://share.example.com');
    expect(c.storage.dataDir).toBe(path.join(dir, 'd'));
    expect(c.security.signingKeys).toEqual(['aaaaaaaaaaaaaaaa1', 'bbbbbbbbbbbbbbbb2']);
  });

  it('derives the public URL from PORT when none is configured', () => {
    expect(loadConfig({ PORT: '9200' }).server.publicUrl).toBe('http://localhost:9200');
  });

  it('names every bad key in one error', () => {
    try {
      parseConfig({ server: { port: 'eighty', publicUrl: 'not a url' }, site: { themeColor: 'red' }, bogus: 1 });
      throw new Error('expected a failure');
    } catch (err) {
      expect(err).toBeInstanceOf(SharecardError);
      const paths = (err as SharecardError).problems.map((p) => p.path.join('.')).sort();
      expect(paths).toEqual(['bogus', 'server.port', 'server.publicUrl', 'site.themeColor']);
      expect((err as Error).message).toMatch(/server\.publicUrl/);
    }
  });

  it('says what a wrong-typed or out-of-range value should be, and "is required" for none', () => {
    const problemsOf = (input: Record<string, unknown>) => {
      try {
        parseConfig(input);
      } catch (err) {
        expect(err).toBeInstanceOf(SharecardError);
        return (err as SharecardError).problems.map((p) => ({ path: p.path.join('.'), message: p.message }));
      }
      throw new Error('expected a failure');
    };
    expect(problemsOf({ server: { port: 'x' } })).toEqual([{ path: 'server.port', message: 'must be a whole number from 0 to 65535' }]);
    expect(problemsOf({ server: { port: 70000 } })).toEqual([{ path: 'server.port', message: 'must be a whole number from 0 to 65535' }]);
    expect(problemsOf({ server: { maxBodyBytes: 0 } })).toEqual([{ path: 'server.maxBodyBytes', message: 'must be a whole number of at least 1' }]);
    expect(problemsOf({ site: { logo: 3 } })).toEqual([{ path: 'site.logo', message: 'must be a string or null' }]);
    expect(problemsOf({ images: { allowedOrigins: 'https://a.example' } })).toEqual([{ path: 'images.allowedOrigins', message: 'must be an array of strings' }]);
    expect(problemsOf({ share: { utm: 'yes' } })).toEqual([{ path: 'share.utm', message: 'must be true or false' }]);
    expect(problemsOf({ server: { portt: 1, rateLimit: { writes: 1 } } })).toEqual([
      { path: 'server.rateLimit.writes', message: 'unknown field' },
      { path: 'server.portt', message: 'unknown field' },
    ]);
    // The message (what `serve` prints) names the key and the problem on one line.
    expect(() => parseConfig({ server: { port: 'x' } })).toThrow(/^Invalid configuration:\nserver\.port: must be a whole number from 0 to 65535$/);
  });

  it('rejects an unknown LOG_LEVEL by name, listing the levels', () => {
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(
      /^Invalid environment:\nLOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent, got "loud"$/,
    );
    for (const level of ['debug', 'silent', '']) expect(() => loadConfig({ LOG_LEVEL: level }), level).not.toThrow();
  });

  it('reports an unreadable or non-JSON config file by its variable name', () => {
    const dir = tmp();
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, '{ nope');
    expect(() => loadConfig({ SHARECARD_CONFIG: file })).toThrow(/SHARECARD_CONFIG.*not valid JSON/);
    expect(() => loadConfig({ SHARECARD_CONFIG: path.join(dir, 'missing.json') })).toThrow(/SHARECARD_CONFIG: cannot read/);
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
  });

  it('validates limits and rejects a too-short API token', () => {
    expect(() => parseConfig({ limits: { maxTitleChars: 0 } })).toThrow(/limits\.maxTitleChars/);
    expect(() => parseConfig({ security: { apiToken: 'short' } })).toThrow(/security\.apiToken/);
  });
});

describe('API token', () => {
  it('generates one token at first start, stores it with mode 0600, and reuses it', () => {
    const dir = tmp();
    const first = resolveApiToken(null, dir);
    expect(first.generated).toBe(true);
    expect(first.token.length).toBeGreaterThanOrEqual(32);
    expect(statSync(first.file!).mode & 0o777).toBe(0o600);
    expect(readFileSync(first.file!, 'utf8').trim()).toBe(first.token);
    const second = resolveApiToken(null, dir);
    expect(second).toMatchObject({ token: first.token, generated: false });
  });

  it('uses the configured token without touching the disk', () => {
    const dir = tmp();
    expect(resolveApiToken('configured-token-123456', dir)).toEqual({ token: 'configured-token-123456', generated: false });
  });
});
