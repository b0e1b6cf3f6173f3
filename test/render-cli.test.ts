/**
 * `sharecard render` draws one file without a server; `sharecard prerender` warms the cache
 * for every published article (and a second run finds everything cached).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { parseArticle } from '../src/core/article.js';
import { SharecardError } from '../src/core/errors.js';
import { prerender, renderArticleFile } from '../src/cli/render.js';
import { main } from '../src/cli.js';
import { createInlinePool } from '../src/render/pool.js';
import { createServices } from '../src/services.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import { fixtureBody, loadFixtures, repoRoot, silentLog, tempDir, testConfig } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const config = testConfig(tmp.dir);

describe('sharecard render', () => {
  it('writes the card in the format the file name asks for', async () => {
    const fixture = loadFixtures().find((f) => f.slug === 'us-iran-talks-istanbul')!;
    const input = path.join(tmp.dir, 'story.json');
    writeFileSync(input, JSON.stringify(fixture));
    const output = path.join(tmp.dir, 'card.jpg');
    const result = await renderArticleFile(input, { output, preset: 'square' }, config);
    expect(result).toMatchObject({ template: 'photo', format: 'jpg', width: 1200, height: 1200, degraded: false });
    const meta = await sharp(readFileSync(output)).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 1200, 1200]);
  });

  it('names every bad option', async () => {
    const input = path.join(tmp.dir, 'story.json');
    const err = await renderArticleFile(input, { output: path.join(tmp.dir, 'x.gif'), preset: 'huge', template: 'fancy' }, config).catch((e) => e);
    expect(err).toBeInstanceOf(SharecardError);
    expect(err.problems.map((p: { path: string[] }) => p.path[0])).toEqual(['--template', '--preset', '--format']);
  });
});

describe('sharecard render on the command line', () => {
  it('prints every problem of an invalid article with its path, and exits non-zero', async () => {
    const body = { title: 'x', authors: [{ name: ' ' }], image: { url: 'https://news.example.com/a.jpg', focusX: 2 } };
    const input = path.join(tmp.dir, 'bad.json');
    const output = path.join(tmp.dir, 'bad.png');
    writeFileSync(input, JSON.stringify(body));
    // What the article parser reports for this body: several problems, nested paths among them.
    const expected = (() => {
      try {
        parseArticle(body);
      } catch (err) {
        return (err as SharecardError).problems.map((p) => `${p.path.join('.')}: ${p.message}`);
      }
      throw new Error('the body should be invalid');
    })();
    expect(expected.length).toBeGreaterThanOrEqual(3);
    expect(expected.some((l) => l.startsWith('authors.0.name: '))).toBe(true);

    vi.stubEnv('SHARECARD_CONFIG', '');
    vi.stubEnv('SHARECARD_DATA_DIR', tmp.dir);
    const err: string[] = [];
    const out = vi.spyOn(console, 'log').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void err.push(args.map(String).join(' ')));
    try {
      const code = await main(['render', input, '-o', output]);
      expect(code).toBeTypeOf('number');
      expect(code).not.toBe(0);
      expect(out).not.toHaveBeenCalled();
    } finally {
      out.mockRestore();
      error.mockRestore();
      vi.unstubAllEnvs();
    }
    const lines = err.join('\n').split('\n');
    // A summary line, then one `path: message` line per problem, each once.
    const problemLines = lines.slice(1).map((l) => l.trim());
    expect(problemLines.sort()).toEqual([...expected].sort());
    expect(existsSync(output)).toBe(false);
  });
});

/** Runs the CLI from source in a child process; resolves with its exit code, stdout and stderr. */
function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src/main.ts'), ...args], {
      cwd: repoRoot,
      env: { ...process.env, SHARECARD_CONFIG: '', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('sharecard prerender --json', () => {
  it('prints only the JSON report on stdout; warnings go to stderr', { timeout: 120_000 }, async () => {
    const dataDir = path.join(tmp.dir, 'prerender-json');
    const store = openSqliteStore({ dataDir });
    // A photo story whose image origin is not allowed (no images.allowedOrigins here): the
    // card is drawn without it and a warning is logged.
    for (const slug of ['us-iran-talks-istanbul', 'arabic-mediators']) {
      const f = loadFixtures().find((x) => x.slug === slug)!;
      await store.put(slug, parseArticle(fixtureBody(f)));
    }
    await store.close();
    const { code, stdout, stderr } = await runCli(['prerender', '--json'], { SHARECARD_DATA_DIR: dataDir, SHARECARD_RENDER_WORKERS: '0' });
    expect(code, stderr).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ articles: 2, cards: 7, failed: [] });
    expect(report.rendered + report.cached).toBe(7);
    // The warnings were logged, to stderr, as JSON lines.
    const logs = stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
    expect(logs.some((l) => /hero image/.test(l.msg) && l.level === 40)).toBe(true);
  });
});

describe('sharecard prerender', () => {
  it('renders every published card once, then finds them cached', { timeout: 60_000 }, async () => {
    const services = await createServices(config, { log: silentLog, renderPool: createInlinePool() });
    try {
      for (const slug of ['us-iran-talks-istanbul', 'arabic-mediators', 'draft-not-public']) {
        const f = loadFixtures().find((x) => x.slug === slug)!;
        await services.store.put(slug, parseArticle(fixtureBody(f)));
      }
      const progress: number[] = [];
      const first = await prerender(services, (done) => progress.push(done));
      // Photo story: og.png + og/x/square .jpg; text story: og/x/square .png. No draft.
      expect(first).toMatchObject({ articles: 2, cards: 7, rendered: 7, cached: 0, failed: [] });
      expect(progress.at(-1)).toBe(7);
      const second = await prerender(services);
      expect(second).toMatchObject({ cards: 7, rendered: 0, cached: 7 });
    } finally {
      await services.close();
    }
  });
});
