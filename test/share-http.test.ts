import { AppBskyFeedPost } from '@atproto/api';
import twitter from 'twitter-text';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, loadFixtures, startTestServer } from './helpers.js';

let base: string;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ url: base, stop } = await startTestServer({ withFixtures: true }));
});
afterAll(() => stop());

describe('GET /api/share/:slug', () => {
  it('answers every published fixture with all five platforms', async () => {
    for (const f of loadFixtures().filter((x) => x.status === 'published')) {
      const res = await fetch(`${base}/api/share/${f.slug}`);
      expect(res.status, f.slug).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      const body = await res.json();
      expect(Object.keys(body.platforms).sort()).toEqual(['bluesky', 'facebook', 'linkedin', 'whatsapp', 'x']);
      expect(body.slug).toBe(f.slug);
      expect(twitter.parseTweet(body.platforms.x.text).valid).toBe(true);
      expect(AppBskyFeedPost.validateRecord(body.platforms.bluesky.request.body.record).success).toBe(true);
      for (const p of Object.keys(body.platforms)) {
        expect(new URL(body.platforms[p].link).searchParams.get('utm_source')).toBe(p);
        expect(new URL(body.platforms[p].link).searchParams.get('utm_medium')).toBe('social');
      }
    }
  });

  it('hides drafts without the token and 404s unknown or malformed slugs', async () => {
    expect((await fetch(`${base}/api/share/draft-not-public`)).status).toBe(404);
    const withToken = await fetch(`${base}/api/share/draft-not-public`, { headers: auth });
    expect(withToken.status).toBe(200);
    expect(withToken.headers.get('cache-control')).toBe('private, no-store');
    expect((await fetch(`${base}/api/share/nope`)).status).toBe(404);
    expect((await fetch(`${base}/api/share/Bad_Slug`)).status).toBe(404);
  });
});

describe('share config', () => {
  it('turns UTM off and changes the LinkedIn version and campaign from config', async () => {
    const server = await startTestServer({ overrides: { share: { utm: false, linkedinVersion: '202602' } }, withFixtures: true });
    try {
      const f = loadFixtures()[0];
      const body = await (await fetch(`${server.url}/api/share/${f.slug}`)).json();
      expect(body.platforms.x.link).toBe(f.url);
      expect(body.platforms.linkedin.request.headers['LinkedIn-Version']).toBe('202602');
    } finally {
      await server.stop();
    }
  });
});
