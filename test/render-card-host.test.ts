/**
 * An embedded sharecard leaves the host's process alone: sharp's (libvips') settings are the
 * whole process's, and only `sharecard serve`, whose process is sharecard's own, sets them.
 * Its own file, so that the renderer is first loaded after the host's settings are made.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { renderCard } from '../src/index.js';
import { fixturesDir, loadFixtures } from './helpers.js';

const site = { name: 'Example News', url: 'https://news.example.com' };
const images = { localRoots: { 'https://news.example.com/media/': `${fixturesDir}/images` } };
const story = loadFixtures().find((f) => f.slug === 'us-iran-talks-istanbul')!;

describe('renderCard in a host process', () => {
  it("leaves sharp's process-wide settings as the host set them", async () => {
    const limits = () => ({ threads: sharp.concurrency(), memory: sharp.cache().memory.max, items: sharp.cache().items.max });
    // Settings of the host's own, other than sharp's defaults.
    sharp.concurrency(3);
    sharp.cache({ memory: 33, items: 44 });
    // A photo card as JPEG goes through sharp (the photo's crop and the encoder).
    const card = await renderCard(story, { site, images, preset: 'square', format: 'jpg', template: 'photo' });
    expect(card.contentType).toBe('image/jpeg');
    expect(limits()).toEqual({ threads: 3, memory: 33, items: 44 });
  });
});
