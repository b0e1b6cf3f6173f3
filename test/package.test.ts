/**
 * The package as a user gets it: built (`npm run build`) and packed (`npm pack`) from a copy
 * of the sources, the tarball installed into a fresh folder with `npm install <tgz>`, then a program there that
 * imports `sharecard` the way an embedder does. It checks what the tarball holds (no tests,
 * bench or fixtures), that the root import changes no environment variable and loads no
 * database driver, Redis client or sharp, that `renderCard` draws a PNG in one call, and that
 * `createFetchHandler` from `sharecard/server` answers /healthz.
 *
 * Dependencies come from the npm registry (through npm's cache when it has them). The one
 * native module that is compiled at install time, better-sqlite3, is installed without its
 * build step and given this checkout's compiled addon of the same version (same Node ABI):
 * compiling SQLite again would take minutes and proves nothing about sharecard.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturesDir, repoRoot, tempDir } from './helpers.js';

const run = promisify(execFile);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Runs in the install folder: records every module URL the ESM loader resolves, to a file. */
const RECORD_HOOKS = `
import { appendFileSync } from 'node:fs';
let file;
export function initialize(data) { file = data.file; }
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(file, result.url + '\\n');
  return result;
}
`;

const PROBE = `
import { register } from 'node:module';
import { writeFileSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
register('./record-hooks.mjs', import.meta.url, { data: { file: process.argv[2] } });

const envBefore = { ...process.env };
const t0 = performance.now();
const lib = await import('sharecard');
const importMs = performance.now() - t0;
const envAfter = { ...process.env };
const changedEnv = [...new Set([...Object.keys(envBefore), ...Object.keys(envAfter)])].filter((k) => envBefore[k] !== envAfter[k]);
const cjsLoaded = Object.keys(createRequire(import.meta.url).cache);
const loadedAfterImport = readFileSync(process.argv[2], 'utf8');

const [story] = JSON.parse(readFileSync(process.argv[3], 'utf8'));
const { slug, ...article } = story;
const card = await lib.renderCard({ ...article, slug }, {
  site: { name: 'Example News', url: 'https://news.example.com' },
  images: { localRoots: { 'https://news.example.com/media/': process.argv[4] } },
});
writeFileSync('card.png', card.body);

const { createFetchHandler } = await import('sharecard/server');
const handle = await createFetchHandler({ storage: { dataDir: './data' }, security: { apiToken: 'package-test-token-0123456789' }, render: { workers: 1 } });
const res = await handle(new Request('http://localhost/healthz'));
const health = { status: res.status, type: res.headers.get('content-type'), body: await res.json() };
await handle.close();

console.log(JSON.stringify({
  exports: Object.keys(lib).sort(),
  importMs,
  changedEnv,
  cjsLoaded,
  loadedAfterImport,
  card: { contentType: card.contentType, etag: card.etag, bytes: card.body.length, isUint8Array: card.body instanceof Uint8Array, degraded: card.degraded },
  health,
}));
`;

interface ProbeResult {
  exports: string[];
  importMs: number;
  changedEnv: string[];
  cjsLoaded: string[];
  loadedAfterImport: string;
  card: { contentType: string; etag: string; bytes: number; isUint8Array: boolean; degraded: boolean };
  health: { status: number; type: string | null; body: unknown };
}

describe('the npm package', () => {
  const tmp = tempDir('sharecard-pack-');
  let files: string[] = [];
  let result: ProbeResult;
  let installDir: string;

  beforeAll(async () => {
    const packDir = path.join(tmp.dir, 'pack');
    installDir = path.join(tmp.dir, 'app');
    mkdirSync(packDir);
    mkdirSync(installDir);
    // Built and packed from a copy of the sources, so the checkout's own dist/ (which other
    // test files run at the same time) is never rebuilt under them.
    const stage = path.join(tmp.dir, 'stage');
    for (const entry of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'config.example.json', 'tsconfig.json', 'tsconfig.build.json', 'bin', 'src', 'templates', 'fonts', 'docs', 'examples', 'scripts']) {
      cpSync(path.join(repoRoot, entry), path.join(stage, entry), { recursive: true });
    }
    symlinkSync(path.join(repoRoot, 'node_modules'), path.join(stage, 'node_modules'), 'dir');
    await run(process.execPath, ['scripts/build.mjs'], { cwd: stage });
    const { stdout } = await run(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', packDir], { cwd: stage, maxBuffer: 64 * 1024 * 1024 });
    const packed = JSON.parse(stdout)[0] as { filename: string; files: { path: string }[] };
    files = packed.files.map((f) => f.path);

    const sqliteVersion = JSON.parse(readFileSync(path.join(repoRoot, 'node_modules/better-sqlite3/package.json'), 'utf8')).version as string;
    writeFileSync(path.join(installDir, 'package.json'), JSON.stringify({ name: 'embedder', private: true, type: 'module' }));
    await run(
      npm,
      ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', path.join(packDir, packed.filename), `better-sqlite3@${sqliteVersion}`],
      { cwd: installDir, maxBuffer: 64 * 1024 * 1024 },
    );
    cpSync(path.join(repoRoot, 'node_modules/better-sqlite3/build'), path.join(installDir, 'node_modules/better-sqlite3/build'), { recursive: true });

    writeFileSync(path.join(installDir, 'record-hooks.mjs'), RECORD_HOOKS);
    writeFileSync(path.join(installDir, 'probe.mjs'), PROBE);
    const loaded = path.join(installDir, 'loaded.txt');
    writeFileSync(loaded, '');
    const probe = await run(process.execPath, ['probe.mjs', loaded, path.join(fixturesDir, 'articles.json'), path.join(fixturesDir, 'images')], {
      cwd: installDir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'silent' },
      maxBuffer: 64 * 1024 * 1024,
    });
    result = JSON.parse(probe.stdout.trim().split('\n').pop()!);
  }, 300_000);

  afterAll(() => tmp.cleanup());

  it('ships the build, templates, fonts, docs and bin, and no tests, bench or fixtures', () => {
    expect(files).toContain('dist/src/index.js');
    expect(files).toContain('dist/src/server.js');
    expect(files).toContain('bin/sharecard.js');
    expect(files).toContain('fonts/manifest.json');
    expect(files).toContain('LICENSE');
    expect(files).toContain('README.md');
    expect(files.some((f) => f.startsWith('dist/templates/'))).toBe(true);
    const unwanted = files.filter((f) => /^(test|bench|src|scripts|\.ci)\//.test(f) || f.startsWith('dist/test/') || f.startsWith('dist/bench/') || f.endsWith('.map') || f.includes('fixtures'));
    expect(unwanted).toEqual([]);
  });

  it('imports without changing the environment or loading drivers, sharp or workers', () => {
    expect(result.changedEnv).toEqual([]);
    const loaded = `${result.loadedAfterImport}\n${result.cjsLoaded.join('\n')}`;
    for (const pkg of ['pg', 'ioredis', 'sharp', 'better-sqlite3', 'piscina', 'satori', '@resvg/resvg-js', 'express', 'htmlparser2']) {
      expect(loaded, pkg).not.toMatch(new RegExp(`/node_modules/${pkg.replace('/', '\\/')}/`));
    }
    expect(loaded).not.toMatch(/render\/(worker|pool|renderer)\.js/);
    expect(result.exports).toEqual(expect.arrayContaining(['renderCard', 'buildArticleMeta', 'buildSharePayloads', 'renderFeed']));
    expect(result.exports).not.toContain('createApp');
    expect(result.exports).not.toContain('openPostgresStore');
  });

  it('renders a card with renderCard in one call', async () => {
    expect(result.card.contentType).toBe('image/png');
    expect(result.card.isUint8Array).toBe(true);
    expect(result.card.degraded).toBe(false);
    expect(result.card.etag).toMatch(/^"card-[A-Za-z0-9_-]+"$/);
    const png = readFileSync(path.join(installDir, 'card.png'));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 630]);
    const meta = await sharp(png).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 1200, 630]);
  });

  it('answers /healthz through createFetchHandler from sharecard/server', () => {
    expect(result.health).toEqual({ status: 200, type: 'application/json; charset=utf-8', body: { status: 'ok' } });
    expect(existsSync(path.join(installDir, 'data'))).toBe(true);
  });
});
