/**
 * renderCard (the library's one-call render): options checked by name, the article validated
 * like a PUT body, photos read only from the local roots given, and the bytes decoded by an
 * independent decoder (sharp).
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { SharecardError } from '../src/core/errors.js';
import { renderCard } from '../src/index.js';
import { fixtureBody, fixturesDir, loadFixtures } from './helpers.js';

const site = { name: 'Example News', url: 'https://news.example.com' };
const images = { localRoots: { 'https://news.example.com/media/': `${fixturesDir}/images` } };
const story = loadFixtures().find((f) => f.slug === 'us-iran-talks-istanbul')!;

describe('renderCard', () => {
  it('draws the reference story as a 1200×630 PNG, its photo read from the local root', async () => {
    const card = await renderCard(story, { site, images });
    expect(card.contentType).toBe('image/png');
    expect(card.body).toBeInstanceOf(Uint8Array);
    expect(card.degraded).toBe(false);
    const meta = await sharp(card.body).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 1200, 630]);
    // Same inputs, same card, same ETag; another preset, another ETag.
    expect((await renderCard(story, { site, images })).etag).toBe(card.etag);
    const square = await renderCard(story, { site, images, preset: 'square', format: 'jpg' });
    expect(square.etag).not.toBe(card.etag);
    const sq = await sharp(square.body).metadata();
    expect([square.contentType, sq.format, sq.width, sq.height]).toEqual(['image/jpeg', 'jpeg', 1200, 1200]);
  });

  it('never fetches: without a local root the photo card is drawn without its photo', async () => {
    const card = await renderCard(fixtureBody(story), { site });
    expect(card.degraded).toBe(true);
    const meta = await sharp(card.body).metadata();
    expect([meta.width, meta.height]).toEqual([1200, 630]);
  });

  it('names every bad option', async () => {
    const err = await renderCard(story, { site, preset: 'huge', format: 'gif', template: 'fancy' } as never).catch((e) => e);
    expect(err).toBeInstanceOf(SharecardError);
    expect(err.problems.map((p: { path: string[] }) => p.path[0]).sort()).toEqual(['format', 'preset', 'template']);
  });

  it('lists every problem of a bad article by path, as a PUT would', async () => {
    const err = await renderCard({ title: '', url: 'not a url' }, { site }).catch((e) => e);
    expect(err).toBeInstanceOf(SharecardError);
    expect(err.problems.map((p: { path: (string | number)[] }) => p.path.join('.')).sort()).toEqual(['title', 'url']);
    const notObject = await renderCard('a headline', { site }).catch((e) => e);
    expect(notObject).toBeInstanceOf(SharecardError);
    expect(notObject.kind).toBe('invalid_input');
  });

  it('checks the site with the config schema', async () => {
    const err = await renderCard(story, { site: { name: 'X', themeColor: 'blue' } }).catch((e) => e);
    expect(err).toBeInstanceOf(SharecardError);
    expect(err.message).toContain('site.themeColor');
  });
});
