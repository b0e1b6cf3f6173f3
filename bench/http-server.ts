/**
 * Child process of the HTTP section: a sharecard app over a temp data directory with the
 * reference story stored and its card already in the render cache, and beside it an
 * express.static server over a folder holding the same card bytes and the same feed bytes, and a
 * second sharecard app over the same data with `feeds.changeCheckMs: 1000`.
 * Prints one JSON line with both base URLs and the paths and validators to request.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import pino from 'pino';
import { parseArticle } from '../src/core/article.js';
import { parseConfig } from '../src/config/load.js';
import { createApp } from '../src/http/app.js';
import { createServices } from '../src/services.js';
import { BENCH_TOKEN, fixtureBody, fixturesDir, loadFixtures, REFERENCE_SLUG, root } from './lib.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'sharecard-bench-http-'));
const staticDir = path.join(dataDir, 'static');
mkdirSync(staticDir);
const settings = (extra: Record<string, unknown> = {}) =>
  parseConfig(
    {
      site: { name: 'Example News', url: 'https://news.example.com' },
      server: { publicUrl: 'https://share.example.com' },
      storage: { dataDir },
      security: { apiToken: BENCH_TOKEN },
      render: { workers: 1 },
      // The fixture photos, read from disk: the reference story is a photo card.
      images: { allowedOrigins: ['https://news.example.com'], localRoots: { 'https://news.example.com/media/': path.join(fixturesDir, 'images') } },
      ...extra,
    },
    root,
  );
const services = await createServices(settings(), { log: pino({ level: 'silent' }) });
// A second app over the same data directory with `feeds.changeCheckMs` set: it reuses its read
// of the store's change stamp for a second instead of reading it on every request.
const reusing = await createServices(settings({ feeds: { changeCheckMs: 1000 } }), { log: pino({ level: 'silent' }) });
for (const f of loadFixtures()) {
  if (f.status === 'draft') continue;
  await services.store.put(f.slug, parseArticle(fixtureBody(f)));
}
const article = await services.store.get(REFERENCE_SLUG);
if (!article) throw new Error('reference story missing');
const card = await services.renderer.render({ article, preset: 'og', format: 'png' });
if (card.degraded) throw new Error('the reference card was drawn without its photo: it would never be cached');
const feed = await services.feeds.get({ format: 'rss' });
writeFileSync(path.join(staticDir, 'card.png'), card.body);
writeFileSync(path.join(staticDir, 'rss.xml'), feed.body);

const listen = (app: express.Express) =>
  new Promise<string>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(s.address() as AddressInfo).port}`));
  });
const sharecard = await listen(createApp(services));
const sharecardReusing = await listen(createApp(reusing));
const stat = express();
stat.use(express.static(staticDir));
const statik = await listen(stat);
const staticFeedEtag = (await fetch(`${statik}/rss.xml`)).headers.get('etag');

process.stdout.write(
  JSON.stringify({
    sharecard,
    sharecardReusing,
    static: statik,
    card: `/og/${REFERENCE_SLUG}.png?v=${article.revision}`,
    cardBytes: card.body.length,
    feed: '/feeds/rss.xml',
    feedEtag: feed.etag,
    staticFeedEtag,
  }) + '\n',
);

const stop = async () => {
  await reusing.close();
  await services.close();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
