import { AppBskyFeedPost, RichText } from '@atproto/api';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildBlueskyFacets, buildSharePayloads } from '../src/core/share/index.js';
import { countGraphemes } from '../src/core/text.js';
import { NOW, storedArticle, storedFixtures, testShareContext } from './share-fixtures.js';

const ctx = testShareContext();
type Facet = { index: { byteStart: number; byteEnd: number }; features: unknown[] };

/** Facets as RichText detects them, without the optional facet-level $type, sorted. */
function detected(text: string): Facet[] {
  const rt = new RichText({ text });
  rt.detectFacetsWithoutResolution();
  return (rt.facets ?? []).map(({ index, features }) => ({ index, features })).sort((a, b) => a.index.byteStart - b.index.byteStart);
}
const ours = (text: string): Facet[] => buildBlueskyFacets(text).map(({ index, features }) => ({ index, features }));

describe('Bluesky record', () => {
  it('is valid against the app.bsky.feed.post lexicon for every fixture', () => {
    for (const a of storedFixtures()) {
      const { record } = buildSharePayloads(a, ctx).platforms.bluesky.request!.body as { record: Record<string, unknown> };
      const result = AppBskyFeedPost.validateRecord(record);
      expect(result.success, `${a.slug}: ${result.success ? '' : result.error}`).toBe(true);
      expect(record.createdAt).toBe(NOW.toISOString());
      expect(record.langs).toEqual([a.lang]);
    }
  });

  it('the lexicon check is strict: a 301-grapheme text fails it', () => {
    const a = storedFixtures()[0];
    const { record } = buildSharePayloads(a, ctx).platforms.bluesky.request!.body as { record: Record<string, unknown> };
    expect(AppBskyFeedPost.validateRecord({ ...record, text: 'a'.repeat(301) }).success).toBe(false);
  });

  it('has the facets RichText detects, with UTF-8 byte offsets, emoji and Persian before the link', () => {
    for (const a of storedFixtures()) {
      const b = buildSharePayloads(a, ctx).platforms.bluesky;
      const { record } = b.request!.body as { record: { text: string; facets?: Facet[] } };
      expect((record.facets ?? []).map(({ index, features }) => ({ index, features })), a.slug).toEqual(detected(record.text));
      const link = record.facets!.find((f) => JSON.stringify(f.features).includes('#link'))!;
      const bytes = Buffer.from(record.text, 'utf8');
      expect(bytes.subarray(link.index.byteStart, link.index.byteEnd).toString('utf8')).toBe(b.link);
    }
    const fa = storedFixtures().find((f) => f.slug === 'iran-us-talks-istanbul-fa')!;
    const text = buildSharePayloads(fa, ctx).platforms.bluesky.text;
    // Persian letters are 2 bytes in UTF-8: the byte offset is far beyond the UTF-16 index.
    const facet = buildBlueskyFacets(text)[0];
    expect(facet.index.byteStart).toBeGreaterThan(text.indexOf('https://'));
  });

  it('matches RichText facet detection on arbitrary text around links and tags', () => {
    const word = fc.constantFrom('talks', 'ایران', 'می‌کنند', '米国', '🚢', '👩‍👩‍👧', '🇮🇷', '«quote»', '(x)', 'C#', '#Iran', '#United_States', '#123', '#tag.', 'https://news.example.com/a?b=1&c=2', 'https://x.example/p).');
    fc.assert(
      fc.property(fc.array(word, { maxLength: 12 }), fc.constantFrom(' ', '\n', '\n\n'), (words, sep) => {
        const text = words.join(sep);
        expect(ours(text)).toEqual(detected(text));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps text within 300 graphemes and 3000 bytes, cutting a long headline at a word', () => {
    const long = storedFixtures().find((f) => f.slug === 'very-long-headline')!;
    const b = buildSharePayloads(long, ctx).platforms.bluesky;
    expect(countGraphemes(b.text)).toBeLessThanOrEqual(300);
    expect(Buffer.byteLength(b.text)).toBeLessThanOrEqual(3000);
    expect(b.text.split('\n\n')[0]).toMatch(/\p{L}…$/u);
    // Zalgo-style clusters: few graphemes, many bytes — the byte limit binds first.
    const zalgo = storedArticle('zalgo', { url: 'https://news.example.com/z', title: Array.from({ length: 20 }, () => 'a' + '\u0301'.repeat(18)).join(' ') });
    const z = buildSharePayloads(zalgo, ctx).platforms.bluesky;
    expect(Buffer.byteLength(z.text)).toBeLessThanOrEqual(3000);
    const { record } = z.request!.body as { record: unknown };
    expect(AppBskyFeedPost.validateRecord(record).success).toBe(true);
  });

  it('carries an external card and the og card to upload as its thumb', () => {
    const a = storedFixtures().find((f) => f.slug === 'us-iran-talks-istanbul')!;
    const b = buildSharePayloads(a, ctx).platforms.bluesky;
    const body = b.request!.body as { repo: string; collection: string; record: { embed: { $type: string; external: Record<string, unknown> } } };
    expect(b.request!.url).toBe('https://bsky.social/xrpc/com.atproto.repo.createRecord');
    expect(body.repo).toBe('examplenews.bsky.social');
    expect(body.collection).toBe('app.bsky.feed.post');
    expect(body.record.embed).toEqual({
      $type: 'app.bsky.embed.external',
      external: { uri: b.link, title: a.title, description: a.description },
    });
    expect(b.thumbnail).toMatchObject({
      imageUrl: `https://share.example.com/og/${a.slug}/og.jpg?v=${a.revision}`,
      mimeType: 'image/jpeg',
      maxBytes: 1_000_000,
      target: 'record.embed.external.thumb',
      upload: { method: 'POST', url: 'https://bsky.social/xrpc/com.atproto.repo.uploadBlob' },
    });
    const intent = new URL(b.intentUrl);
    expect(intent.origin + intent.pathname).toBe('https://bsky.app/intent/compose');
    expect(intent.searchParams.get('text')).toBe(b.text);
  });
});
