/**
 * The real server process: graceful shutdown on SIGTERM, and crash safety under kill -9 in
 * the middle of a bulk import.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, tempDir, TEST_TOKEN } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

function startServer(dataDir: string): Promise<{ child: ChildProcess; url: string; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src/main.ts'), 'serve'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', SHARECARD_DATA_DIR: dataDir, SHARECARD_API_TOKEN: TEST_TOKEN, LOG_LEVEL: 'info', SHARECARD_RENDER_WORKERS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 30_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const m = out.match(/"port":(\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: `http://127.0.0.1:${m[1]}`, exited });
      }
    });
    child.stderr!.on('data', (d) => (out += d));
    child.once('exit', () => reject(new Error(`server exited: ${out}`)));
  });
}

const headers = { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'application/json' };

describe('server process', () => {
  it('finishes in-flight requests on SIGTERM, fails readiness, and exits 0', { timeout: 120_000 }, async () => {
    const dataDir = path.join(tmp.dir, 'graceful');
    const { child, url, exited } = await startServer(dataDir);
    // Start a PUT whose body arrives slowly: it is in flight when SIGTERM lands.
    const body = JSON.stringify({ url: 'https://news.example.com/slow', title: 'Slow upload' });
    const u = new URL(`${url}/api/articles/slow-one`);
    const inFlight = new Promise<number>((resolve, reject) => {
      const req = request({ host: u.hostname, port: u.port, path: u.pathname, method: 'PUT', headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write(body.slice(0, 10));
      // SIGTERM at 200 ms; the drain (server.drainDelayMs, 1 s) ends at ~1.2 s and the server
      // stops accepting; the body's last bytes arrive after that, at 1.8 s.
      setTimeout(() => {
        child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(10)), 1600);
      }, 200);
    });
    // Readiness fails during the drain while the server still answers.
    await new Promise((r) => setTimeout(r, 600));
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(503);
    expect((await ready.json()).status).toBe('shutting_down');
    expect(await inFlight).toBe(201);
    expect(await exited).toBe(0);
    // The acknowledged write is there after a restart.
    const again = await startServer(dataDir);
    const got = await fetch(`${again.url}/api/articles/slow-one`);
    expect((await got.json()).title).toBe('Slow upload');
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  });

  it('keeps every acknowledged write across kill -9 during a bulk import', { timeout: 120_000 }, async () => {
    const dataDir = path.join(tmp.dir, 'crash');
    const { child, url, exited } = await startServer(dataDir);
    const acknowledged: string[] = [];
    let killed = false;
    const writers = [0, 1, 2, 3].map(async (w) => {
      for (let i = 0; !killed; i++) {
        const slug = `bulk-${w}-${i}`;
        try {
          const res = await fetch(`${url}/api/articles/${slug}`, {
            method: 'PUT',
            headers,
            body: JSON.stringify({ url: `https://news.example.com/${slug}`, title: `Bulk ${w} ${i}`, tags: ['bulk', `w${w}`], contentHtml: '<p>x</p>'.repeat(200) }),
          });
          if (res.status === 201) acknowledged.push(slug);
          else if (res.status !== 429) throw new Error(`unexpected ${res.status}`);
          else await new Promise((r) => setTimeout(r, 50));
        } catch (err) {
          if (!killed) throw err;
        }
      }
    });
    await new Promise((r) => setTimeout(r, 1500));
    killed = true;
    child.kill('SIGKILL');
    await exited;
    await Promise.allSettled(writers);
    expect(acknowledged.length).toBeGreaterThan(5);

    const db = new Database(path.join(dataDir, 'sharecard.db'));
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
    const again = await startServer(dataDir);
    for (const slug of acknowledged) {
      const res = await fetch(`${again.url}/api/articles/${slug}`);
      expect(res.status, slug).toBe(200);
      const a = await res.json();
      expect(a.url).toBe(`https://news.example.com/${slug}`);
      expect(a.tags).toEqual(['bulk', `w${slug.split('-')[1]}`]);
    }
    again.child.kill('SIGTERM');
    await again.exited;
  });

  it('refuses to start with an unknown LOG_LEVEL, naming it and the allowed levels', { timeout: 60_000 }, () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src/main.ts'), 'serve'], {
      cwd: repoRoot,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', SHARECARD_DATA_DIR: path.join(tmp.dir, 'log-level'), SHARECARD_API_TOKEN: TEST_TOKEN, LOG_LEVEL: 'loud' },
      encoding: 'utf8',
      timeout: 50_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent, got "loud"');
    expect(r.stderr).not.toMatch(/custom levels/);
  });
});
