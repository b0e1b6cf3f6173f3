import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChecker, type CheckReport } from '../src/check/index.js';
import { loadFixtures, startTestServer } from './helpers.js';
import { routedFetch } from './check-images.js';

let base: string;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ url: base, stop } = await startTestServer({ overrides: { render: { workers: 1 } }, withFixtures: true }));
});
afterAll(() => stop());

const published = () => loadFixtures().filter((f) => f.status === 'published');
const errors = (r: CheckReport) => Object.entries(r.platforms).flatMap(([p, fs]) => fs.filter((f) => f.severity === 'error').map((f) => `${p}:${f.code}: ${f.message}`));
const warnings = (r: CheckReport) => Object.entries(r.platforms).flatMap(([p, fs]) => fs.filter((f) => f.severity === 'warning').map((f) => `${p}:${f.code}`));

describe('check against our own share pages', () => {
  it('finds no error on /a/:slug of any fixture (card images stubbed at their preset sizes)', async () => {
    const checker = createChecker({ fetch: routedFetch(base, { fakeCards: true }) });
    for (const f of published()) {
      const r = await checker.check(`https://share.example.com/a/${f.slug}`);
      expect(errors(r), f.slug).toEqual([]);
      expect(r.images.map((i) => i.ok)).toEqual([true, true]);
      // Only length warnings may remain (and a missing description where the story has none).
      const allowed = [':long-title', ':long-description', ...(f.description ? [] : [':missing-og-description'])];
      expect(warnings(r).filter((w) => !allowed.some((a) => w.endsWith(a))), f.slug).toEqual([]);
    }
  });

  it('finds no error with the cards rendered by the live /og/ routes', async () => {
    const checker = createChecker({ fetch: routedFetch(base) });
    for (const { slug } of published()) {
      const r = await checker.check(`https://share.example.com/a/${slug}`);
      expect(r.images.every((i) => i.ok), JSON.stringify(r.images)).toBe(true);
      expect(errors(r), slug).toEqual([]);
      const og = r.images[0];
      expect([og.width, og.height]).toEqual([1200, 630]);
      expect(og.bytes).toBeLessThanOrEqual(300_000);
    }
  });

  it('a draft page is not checkable without the token', async () => {
    const checker = createChecker({ fetch: routedFetch(base, { fakeCards: true }) });
    await expect(checker.check('https://share.example.com/a/draft-not-public')).rejects.toThrow(/HTTP 404/);
  });
});
