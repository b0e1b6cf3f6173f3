/**
 * Load test (loopback only, bounded in requests and time, stops by itself): starts a sharecard
 * server as a child process on a temp data directory, seeds articles, then mixes crawler
 * fetches of cold and cached cards, feed polls with revalidation, and API writes. Reports
 * requests, errors by status, latency percentiles and the server's peak memory, then checks
 * that every acknowledged write reads back.
 *
 *   npm run load -- [--seconds 20] [--concurrency 32] [--max-requests 20000]
 *
 * `--scenario public-pages` instead drives the public dynamic pages the way a crawler storm
 * does (issue 31): 500 connections (autocannon) on `/a/:slug`, then on
 * `/api/articles?limit=100`, each for `--seconds` (at most 12), while two probers (processes of
 * their own) ask /readyz every 500 ms on a fresh connection with a 1 s deadline, as an
 * orchestrator would: one on the operations listener (`server.adminPort`), one on the public
 * port. It reports req/s, latency, statuses (503 = shed) and every probe, and fails when an
 * operations-listener probe took longer than 1 s. (Public-port probes are reported, not
 * judged: libuv accepts one connection per pass of the event loop, so a probe opened just
 * after hundreds of crawler connections waits behind them; see src/http/admin-app.ts.)
 *
 *   npm run load -- --scenario public-pages [--seconds 10] [--connections 500]
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { root, startCommand } from './lib.js';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '20' },
    concurrency: { type: 'string', default: '32' },
    'max-requests': { type: 'string', default: '20000' },
    articles: { type: 'string', default: '200' },
    scenario: { type: 'string', default: 'mixed' },
    connections: { type: 'string', default: '500' },
  },
});
if (!['mixed', 'public-pages'].includes(String(args.scenario))) throw new Error(`--scenario must be mixed or public-pages, got ${args.scenario}`);
const seconds = Math.min(Number(args.seconds), 120);
const concurrency = Math.min(Number(args.concurrency), 256);
const maxRequests = Math.min(Number(args['max-requests']), 200_000);
const articleCount = Math.min(Number(args.articles), 5000);
const TOKEN = 'load-test-token-0123456789';
const fixtures = path.join(root, 'test', 'fixtures');

type Kind = 'card-cached' | 'card-cold' | 'feed-poll' | 'api-write' | 'api-read';

async function main(): Promise<void> {
  const { url, adminUrl, child, dataDir, peakRss, stopSampler } = await startServer();
  try {
    if (args.scenario === 'public-pages') await publicPages(url, adminUrl);
    else await mixed(url, peakRss);
  } finally {
    stopSampler();
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function startServer() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sharecard-load-'));
  const logFile = path.join(dataDir, 'server.log');
  const logFd = openSync(logFile, 'w');
  let adminUrl: string | null = null;
  // As `npm start` runs it: its node flags and environment.
  const child = spawn(process.execPath, [...startCommand.nodeArgs, path.join(root, 'bin/sharecard.js'), 'serve'], {
    env: {
      ...process.env,
      ...startCommand.env,
      PORT: '0',
      HOST: '127.0.0.1',
      SHARECARD_DATA_DIR: dataDir,
      SHARECARD_API_TOKEN: TOKEN,
      LOG_LEVEL: 'info', // the start line carries the port
      SHARECARD_CONFIG: writeConfig(dataDir),
    },
    // The request log goes to a file, as in production, not a pipe: a pipe this process
    // drains between its own requests would fill under load and stall the server's
    // synchronous log writes, measuring this harness rather than the server.
    stdio: ['ignore', logFd, 'inherit'],
  });
  closeSync(logFd);
  const url = await new Promise<string>((resolve, reject) => {
    const poll = setInterval(() => {
      const line = readFileSync(logFile, 'utf8').match(/^.*"port":\d+.*$/m)?.[0];
      if (!line) return;
      clearInterval(poll);
      const started = JSON.parse(line) as { port: number; adminUrl?: string };
      adminUrl = started.adminUrl ?? null;
      resolve(`http://127.0.0.1:${started.port}`);
    }, 50);
    child.once('exit', () => {
      clearInterval(poll);
      reject(new Error(`server exited: ${readFileSync(logFile, 'utf8').slice(0, 2000)}`));
    });
  });
  let peakRssKb = 0;
  const sampler = setInterval(() => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const hwm = Number(status.match(/VmHWM:\s+(\d+)/)?.[1] ?? 0);
      peakRssKb = Math.max(peakRssKb, hwm);
    } catch {
      /* process gone */
    }
  }, 200);
  return { url, adminUrl, child, dataDir, peakRss: () => peakRssKb, stopSampler: () => clearInterval(sampler) };
}

const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

/** Seeds `articleCount` published articles from the fixtures; returns their slugs. */
async function seed(url: string): Promise<string[]> {
  const fixturesList = JSON.parse(readFileSync(path.join(fixtures, 'articles.json'), 'utf8')) as { slug: string }[];
  const slugs: string[] = [];
  for (let i = 0; i < articleCount; i++) {
    const { slug, ...body } = fixturesList[i % fixturesList.length];
    const s = `${slug}-${i}`;
    const res = await fetch(`${url}/api/articles/${s}`, { method: 'PUT', headers, body: JSON.stringify({ ...body, status: 'published' }) });
    if (res.status !== 201) throw new Error(`seeding ${s}: ${res.status} ${await res.text()}`);
    slugs.push(s);
  }
  return slugs;
}

/** Starts bench/readyz-prober.ts against `url`; `stop` ends it and returns every probe. */
async function startProber(url: string): Promise<{ stop: () => Promise<{ ms: number; status: number | string }[]> }> {
  const prober = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'bench/readyz-prober.ts'), '--url', url, '--every', '500', '--deadline', '1000', '--max-seconds', '60'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  prober.stdout!.on('data', (d) => (out += d));
  await new Promise<void>((resolve, reject) => {
    const poll = setInterval(() => {
      if (!out.startsWith('ready\n')) return;
      clearInterval(poll);
      resolve();
    }, 20);
    prober.once('exit', () => reject(new Error('the readyz prober exited before starting')));
  });
  return {
    async stop() {
      const exited = new Promise((r) => prober.once('exit', r));
      prober.kill('SIGTERM');
      await exited;
      return out
        .split('\n')
        .slice(1)
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { ms: number; status: number | string });
    },
  };
}

/** 500 connections on each public dynamic page while /readyz is probed (see the top of the file). */
async function publicPages(url: string, adminUrl: string | null): Promise<void> {
  if (!adminUrl) throw new Error('the server did not start its operations listener (server.adminPort)');
  const phaseSeconds = Math.min(Number(args.seconds), 12);
  const connections = Math.min(Number(args.connections), 1000);
  const slugs = await seed(url);
  const targets = [
    { name: '/a/:slug', path: `/a/${slugs[0]}` },
    { name: '/api/articles?limit=100', path: '/api/articles?limit=100' },
  ];
  console.log(`\nsharecard public pages under load (${url}): ${connections} connections, ${phaseSeconds} s per page, /readyz probed every 500 ms (1 s deadline)\n`);
  console.log('/readyz is probed twice: on the operations listener (server.adminPort, where orchestrators should probe) and on the public port.\n');
  console.log('| page | req/s | p50 ms | p99 ms | 200 | 503 (shed) | other | errors/timeouts | admin /readyz ≤ 1 s | slowest ms | public /readyz ≤ 1 s | slowest ms |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  let failed = false;
  for (const target of targets) {
    const adminProber = await startProber(`${adminUrl}/readyz`);
    const publicProber = await startProber(`${url}/readyz`);
    const result = await autocannon({ url: `${url}${target.path}`, connections, duration: phaseSeconds, timeout: 10 });
    const [probes, publicProbes] = await Promise.all([adminProber.stop(), publicProber.stop()]);
    const count = (code: string) => result.statusCodeStats?.[code]?.count ?? 0;
    const ok = count('200');
    const shed = count('503');
    const total = Object.values(result.statusCodeStats ?? {}).reduce((n, s) => n + s.count, 0);
    const within = (ps: typeof probes) => ps.filter((p) => p.status === 200 && p.ms <= 1_000).length;
    const slowest = (ps: typeof probes) => Math.max(...ps.map((p) => p.ms)).toFixed(0);
    console.log(
      `| ${target.name} | ${result.requests.average.toFixed(0)} | ${result.latency.p50} | ${result.latency.p99} | ${ok} | ${shed} | ${total - ok - shed} | ${result.errors} | ${within(probes)} of ${probes.length} | ${slowest(probes)} | ${within(publicProbes)} of ${publicProbes.length} | ${slowest(publicProbes)} |`,
    );
    const late = (ps: typeof probes) => JSON.stringify(ps.map((p, i) => ({ i, ms: Math.round(p.ms), status: p.status })).filter((p) => p.status !== 200 || p.ms > 1_000));
    if (within(probes) !== probes.length) {
      failed = true;
      console.log(`  admin probes that failed or took over 1 s: ${late(probes)}`);
    }
    if (within(publicProbes) !== publicProbes.length) console.log(`  public-port probes that failed or took over 1 s: ${late(publicProbes)}`);
  }
  if (failed) process.exitCode = 1;
}

async function mixed(url: string, peakRss: () => number): Promise<void> {
  const slugs = await seed(url);
  const hot = slugs.slice(0, 5);
  for (const s of hot) await (await fetch(`${url}/og/${s}.png`)).arrayBuffer();
  // Like a feed reader: revalidate with the entity tag of the last full answer seen.
  let feedEtag = (await fetch(`${url}/feeds/rss.xml`)).headers.get('etag') ?? '';

  const latencies: Record<Kind, number[]> = { 'card-cached': [], 'card-cold': [], 'feed-poll': [], 'api-write': [], 'api-read': [] };
  const statuses = new Map<string, number>();
  const acknowledged: { slug: string; title: string }[] = [];
  let sent = 0;
  const deadline = Date.now() + seconds * 1000;
  const presets = ['og', 'x', 'square'];
  let writeSeq = 0;

  async function one(): Promise<void> {
    const r = Math.random();
    const kind: Kind = r < 0.35 ? 'card-cached' : r < 0.5 ? 'card-cold' : r < 0.8 ? 'feed-poll' : r < 0.9 ? 'api-read' : 'api-write';
    const t0 = performance.now();
    let res: Response;
    if (kind === 'card-cached') res = await fetch(`${url}/og/${hot[Math.floor(Math.random() * hot.length)]}.png`);
    else if (kind === 'card-cold') {
      const s = slugs[Math.floor(Math.random() * slugs.length)];
      res = await fetch(`${url}/og/${s}/${presets[Math.floor(Math.random() * 3)]}.${Math.random() < 0.5 ? 'png' : 'jpg'}`);
    } else if (kind === 'feed-poll') {
      res = await fetch(`${url}/feeds/rss.xml`, { headers: { 'if-none-match': feedEtag } });
      if (res.status === 200) feedEtag = res.headers.get('etag') ?? feedEtag;
    }
    else if (kind === 'api-read') res = await fetch(`${url}/api/articles/${slugs[Math.floor(Math.random() * slugs.length)]}`);
    else {
      const slug = `load-write-${writeSeq++}`;
      const title = `Load write ${slug}`;
      res = await fetch(`${url}/api/articles/${slug}`, { method: 'PUT', headers, body: JSON.stringify({ url: `https://news.example.com/${slug}`, title }) });
      if (res.status === 201 || res.status === 200) acknowledged.push({ slug, title });
    }
    await res.arrayBuffer();
    latencies[kind].push(performance.now() - t0);
    const key = `${kind} ${res.status}`;
    statuses.set(key, (statuses.get(key) ?? 0) + 1);
  }

  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < deadline && sent < maxRequests) {
        sent++;
        await one().catch((err) => statuses.set(`network ${err.code ?? err.message}`, (statuses.get(`network ${err.code ?? err.message}`) ?? 0) + 1));
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;

  let missing = 0;
  for (const w of acknowledged) {
    const a = await (await fetch(`${url}/api/articles/${w.slug}`)).json();
    if (a.title !== w.title) missing++;
  }

  const pct = (xs: number[], p: number) => (xs.length ? xs.sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] : NaN);
  console.log(`\nsharecard load test: ${sent} requests in ${elapsed.toFixed(1)} s (${(sent / elapsed).toFixed(0)} req/s), concurrency ${concurrency}, ${articleCount} articles\n`);
  console.log('| kind | requests | p50 ms | p95 ms | p99 ms | max ms |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const [kind, xs] of Object.entries(latencies)) {
    if (!xs.length) continue;
    console.log(`| ${kind} | ${xs.length} | ${pct(xs, 50).toFixed(1)} | ${pct(xs, 95).toFixed(1)} | ${pct(xs, 99).toFixed(1)} | ${Math.max(...xs).toFixed(1)} |`);
  }
  console.log('\n| kind status | count |\n|---|---:|');
  for (const [k, n] of [...statuses].sort()) console.log(`| ${k} | ${n} |`);
  const bad = [...statuses].filter(([k]) => /\s5\d\d$/.test(k) && !k.endsWith(' 503')).reduce((n, [, c]) => n + c, 0);
  console.log(`\npeak server RSS: ${(peakRss() / 1024).toFixed(0)} MB; acknowledged writes: ${acknowledged.length}, missing after the run: ${missing}; unexpected 5xx: ${bad}`);
  if (bad || missing) process.exitCode = 1;
}

function writeConfig(dir: string): string {
  const file = path.join(dir, 'config.json');
  const config = {
    // adminPort: the operations listener, probed beside the public port's /readyz.
    server: { rateLimit: { writesPerMinute: 1_000_000 }, adminPort: 0, adminHost: '127.0.0.1' },
    images: { allowedOrigins: ['https://news.example.com'], localRoots: { 'https://news.example.com/media/': path.join(fixtures, 'images') } },
  };
  writeFileSync(file, JSON.stringify(config));
  return file;
}

await main();
