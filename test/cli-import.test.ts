import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { importRecords, readImportFile } from '../src/cli/import.js';
import { main } from '../src/cli.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import { fixturesDir, loadFixtures, repoRoot, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('sharecard import', () => {
  it('imports the fixture file, then is idempotent', async () => {
    const dataDir = path.join(tmp.dir, 'data1');
    vi.stubEnv('SHARECARD_DATA_DIR', dataDir);
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      expect(await main(['import', path.join(fixturesDir, 'articles.json')])).toBe(0);
      expect(log.mock.calls[0][0]).toBe(`created ${loadFixtures().length}, updated 0, unchanged 0, rejected 0`);
      expect(await main(['import', path.join(fixturesDir, 'articles.json')])).toBe(0);
      expect(log.mock.calls[1][0]).toBe(`created 0, updated 0, unchanged ${loadFixtures().length}, rejected 0`);
    } finally {
      log.mockRestore();
      vi.unstubAllEnvs();
    }
    const store = openSqliteStore({ dataDir });
    expect((await store.get('us-iran-talks-istanbul'))?.title).toBe('US and Iran to Hold High-Stakes Talks in Istanbul');
    await store.close();
  });

  it('reports bad NDJSON records by line and imports the rest', async () => {
    const file = path.join(tmp.dir, 'mixed.ndjson');
    const good = { slug: 'good-one', url: 'https://news.example.com/g', title: 'Good' };
    writeFileSync(
      file,
      [JSON.stringify(good), '{not json', JSON.stringify({ url: 'https://news.example.com/n' }), JSON.stringify({ slug: 'bad-url', url: 'nope', title: 'x' }), '', JSON.stringify({ ...good, slug: 'good-two' })].join('\n'),
    );
    const store = openSqliteStore({ filename: ':memory:' });
    const records = await readImportFile(file);
    const progress: number[] = [];
    const summary = await importRecords(records, store, {}, (n) => progress.push(n));
    expect(summary.created).toBe(2);
    expect(summary.rejected.map((r) => r.line)).toEqual([2, 3, 4]);
    expect(summary.rejected[0].reason).toMatch(/not valid JSON/);
    expect(summary.rejected[1].reason).toMatch(/slug/);
    expect(summary.rejected[2]).toMatchObject({ slug: 'bad-url' });
    expect(summary.rejected[2].reason).toMatch(/^url: /);
    expect(progress).toEqual([1, 2, 3, 4, 5]);
    expect(await store.get('good-two')).not.toBeNull();
    await store.close();
  });

  it('refuses the slugs the API refuses: malformed, too long, reserved', async () => {
    const store = openSqliteStore({ filename: ':memory:' });
    const body = { url: 'https://news.example.com/s', title: 'Slugs' };
    const slugs = ['Hello World', '../etc', 'a'.repeat(121), 'render', 42, ''];
    const records = slugs.map((slug, i) => ({ line: i + 1, value: { slug, ...body } }));
    const summary = await importRecords(records, store, {});
    expect(summary.created).toBe(0);
    expect(summary.rejected).toHaveLength(slugs.length);
    for (const r of summary.rejected) expect(r.reason).toMatch(/^slug: /);
    expect(summary.rejected[3].reason).toMatch(/reserved/);
    expect((await store.list({ limit: 10, status: 'all' })).items).toHaveLength(0);
    await store.close();
  });

  it('exits non-zero when any record was rejected, and prints the reasons', async () => {
    const file = path.join(tmp.dir, 'one-bad.json');
    writeFileSync(file, JSON.stringify([{ slug: 'x-ok', url: 'https://news.example.com/x', title: 'X' }, { slug: 'x-bad', url: 'https://news.example.com/y' }]));
    vi.stubEnv('SHARECARD_DATA_DIR', path.join(tmp.dir, 'data2'));
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      expect(await main(['import', file])).toBe(2);
      expect(log.mock.calls.map((c) => c[0]).join('\n')).toMatch(/record 2 \(x-bad\): title: is required/);
    } finally {
      log.mockRestore();
      vi.unstubAllEnvs();
    }
  });

  it('--json prints only the JSON summary on stdout, in a process of its own', () => {
    const file = path.join(tmp.dir, 'json-summary.ndjson');
    writeFileSync(file, [JSON.stringify({ slug: 'j-ok', url: 'https://news.example.com/j', title: 'J' }), JSON.stringify({ slug: 'j-bad', title: 'no url' })].join('\n'));
    const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src/main.ts'), 'import', file, '--json'], {
      cwd: repoRoot,
      env: { ...process.env, SHARECARD_CONFIG: '', LOG_LEVEL: 'debug', SHARECARD_DATA_DIR: path.join(tmp.dir, 'data-json') },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status, run.stderr).toBe(2);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ created: 1, updated: 0, unchanged: 0, rejected: [{ line: 2, slug: 'j-bad' }] });
    expect(summary.rejected[0].reason).toMatch(/^url: /);
  });
});
