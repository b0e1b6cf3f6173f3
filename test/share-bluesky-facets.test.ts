/**
 * Bluesky facets equal the AT Protocol's own detection (`RichText.detectFacetsWithoutResolution`
 * in @atproto/api) byte for byte: on every fixture's record, on hostile texts, and on generated
 * texts with links, bare domains, tags, cashtags and handles; every record passes the lexicon.
 */
import { AppBskyFeedPost, RichText } from '@atproto/api';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSharePayloads, detectBlueskyFacets } from '../src/core/share/index.js';
import { storedArticle, storedFixtures, testShareContext } from './share-fixtures.js';

type Facet = { index: { byteStart: number; byteEnd: number }; features: { $type: string; [k: string]: unknown }[] };
const strip = (facets: readonly Facet[]) => facets.map(({ index, features }) => ({ index, features }));

/** What the AT Protocol library detects, sorted as it sorts. */
function reference(text: string): Facet[] {
  const rt = new RichText({ text });
  rt.detectFacetsWithoutResolution();
  return strip((rt.facets ?? []) as Facet[]);
}
const isMention = (f: Facet) => f.features[0].$type === 'app.bsky.richtext.facet#mention';

/** Ours against the reference: links and tags equal; each reference mention is one unresolved handle. */
function expectSameAsReference(text: string): void {
  const ref = reference(text);
  const ours = detectBlueskyFacets(text);
  expect(strip(ours.facets), text).toEqual(ref.filter((f) => !isMention(f)));
  expect(
    ours.unresolvedHandles,
    text,
  ).toEqual(ref.filter(isMention).map((f) => ({ handle: f.features[0].did, ...f.index })));
}

// Links (schemed, bare, glued, with trailing punctuation), tags (Latin, Persian, fullwidth ＃,
// digits only, with ZWNJ), cashtags, handles, and hostile neighbours: CJK, RTL text, bidi marks.
const pieces = ['talks', 'ایران', 'می‌کنند', 'שלום', '米国', '全文は', '。', '🚢', '👩‍👩‍👧', '🇮🇷', '«', '»', '(', ')', '.', ',', '!', '?', ':', '—',
  'https://www.un.org/press', 'example.com/report', 'bbc.co.uk', 'Node.js', 'a.b', 'http://example.भारत/x', 'https://t.co/AbC123', 'https://x.example/p).',
  '#Iran', '#United_States', '#123', '#tag.', '＃東京', '#ایران', '#a\u200cb', '#️⃣', '$TSLA', '$tsla', '$TOOLONG', '@examplenews.bsky.social', '@alice.test', '@bob', '@UN.org',
  '\u200E', '\u200F', '\u2066', '\u2069', '\u00AD'];
const seps = fc.constantFrom(' ', '', '\n', '\n\n', '\u3000');
const text = fc.array(fc.tuple(fc.constantFrom(...pieces), seps), { maxLength: 16 }).map((a) => a.map(([p, s]) => p + s).join(''));

describe('Bluesky facet detection equals @atproto/api', () => {
  it('finds the links issue 27 reported missing', () => {
    for (const [s, uri] of [
      ['Read the statement at https://www.un.org/press today', 'https://www.un.org/press'],
      ['Full report: example.com/report', 'https://example.com/report'],
    ]) {
      expectSameAsReference(s);
      const links = detectBlueskyFacets(s).facets.filter((f) => f.features[0].$type.endsWith('#link'));
      expect(links.map((f) => (f.features[0] as { uri: string }).uri)).toEqual([uri]);
    }
  });

  it('on generated texts with links, tags, cashtags, handles and hostile neighbours', () => {
    fc.assert(
      fc.property(text, (s) => {
        expectSameAsReference(s);
      }),
      { numRuns: 500 },
    );
  });

  it('on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (s) => {
        expectSameAsReference(s);
      }),
      { numRuns: 300 },
    );
  });

  it('makes a mention facet for a handle with a DID, keyed by the handle in lower case', () => {
    const s = 'Interview with @Alice.test and @bob.example.com';
    const { facets, unresolvedHandles } = detectBlueskyFacets(s, { 'alice.test': 'did:plc:alice' });
    expect(strip(facets)).toEqual([{ index: { byteStart: 15, byteEnd: 26 }, features: [{ $type: 'app.bsky.richtext.facet#mention', did: 'did:plc:alice' }] }]);
    expect(unresolvedHandles).toEqual([{ handle: 'bob.example.com', byteStart: 31, byteEnd: 47 }]);
    // The reference finds the same two mentions at the same bytes.
    expect(reference(s).filter(isMention).map((f) => f.index)).toEqual([facets[0].index, { byteStart: 31, byteEnd: 47 }]);
  });
});

describe('Bluesky record facets', () => {
  const ctx = testShareContext();
  const recordOf = (a: Parameters<typeof buildSharePayloads>[0], c = ctx) => {
    const b = buildSharePayloads(a, c).platforms.bluesky;
    return { payload: b, record: (b.request!.body as { record: { text: string; facets?: Facet[] } }).record };
  };

  it('every fixture: facets equal the reference byte for byte and the record passes the lexicon', () => {
    for (const a of storedFixtures()) {
      const { record } = recordOf(a);
      expect(strip(record.facets ?? []), a.slug).toEqual(reference(record.text).filter((f) => !isMention(f)));
      expect(AppBskyFeedPost.validateRecord(record).success, a.slug).toBe(true);
    }
  });

  it('generated headlines: facets equal the reference, handles resolved or listed, lexicon valid', () => {
    const headline = fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 30 }).map((a) => a.join(' ').trim() || 'x');
    const lang = fc.constantFrom('en', 'fa', 'ja', 'he', 'ar');
    fc.assert(
      fc.property(headline, lang, fc.boolean(), (title, l, resolve) => {
        const a = storedArticle('generated', { url: 'https://news.example.com/g', title, lang: l, tags: ['Iran', 'United States'] });
        const dids: Record<string, string> = resolve ? { 'examplenews.bsky.social': 'did:plc:examplenews', 'alice.test': 'did:plc:alice' } : {};
        const c = testShareContext();
        c.bluesky = { ...c.bluesky, dids };
        const { record, payload } = recordOf(a, c);
        const ref = reference(record.text);
        const ours = record.facets ?? [];
        expect(strip(ours.filter((f) => !isMention(f)))).toEqual(ref.filter((f) => !isMention(f)));
        // Every mention the reference finds is either a facet with its DID or listed unresolved.
        const mentionsOurs = [...ours.filter(isMention).map((f) => f.index), ...(payload.unresolvedHandles ?? []).map(({ byteStart, byteEnd }) => ({ byteStart, byteEnd }))];
        expect(mentionsOurs.sort((x, y) => x.byteStart - y.byteStart)).toEqual(ref.filter(isMention).map((f) => f.index));
        for (const f of ours.filter(isMention)) expect(f.features[0].did).toMatch(/^did:plc:/);
        const v = AppBskyFeedPost.validateRecord(record);
        expect(v.success, v.success ? '' : String(v.error)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});
