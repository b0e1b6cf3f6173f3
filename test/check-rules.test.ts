import { describe, expect, it } from 'vitest';
import { checkPlatforms, imageUrlsToProbe, lintHead, parseHead, type ImageProbe } from '../src/check/index.js';

const GOOD_HEAD = `<!doctype html><html><head>
<title>Talks in Istanbul</title>
<meta property="og:type" content="article">
<meta property="og:title" content="Talks in Istanbul">
<meta property="og:description" content="What happens next.">
<meta property="og:url" content="https://news.example.com/a">
<meta property="og:image" content="https://cdn.example.com/card.png">
<meta property="og:image:type" content="image/png">
<meta property="og:image:width" content="1200">
<meta property="og:image:height" content="630">
<meta property="og:image:alt" content="A card">
<meta property="fb:app_id" content="1">
<meta name="twitter:card" content="summary_large_image">
<meta name="twitter:image:alt" content="A card">
<link rel="canonical" href="https://news.example.com/a">
</head><body><p>x</p></body></html>`;

const goodImage: ImageProbe = { url: 'https://cdn.example.com/card.png', ok: true, bytes: 120_000, format: 'png', width: 1200, height: 630 };

function lint(html: string, image: Partial<ImageProbe> | null = {}) {
  const head = parseHead(html);
  const images = new Map<string, ImageProbe>();
  for (const url of imageUrlsToProbe(head, 'https://news.example.com/a')) if (image) images.set(url, { ...goodImage, url, ...image });
  return lintHead({ head, baseUrl: 'https://news.example.com/a', images });
}
const codes = (f: ReturnType<typeof lint>, severity?: string) =>
  Object.fromEntries(checkPlatforms.map((p) => [p, f[p].filter((x) => !severity || x.severity === severity).map((x) => x.code)]));

describe('check rules', () => {
  it('finds no error or warning in a complete head', () => {
    const f = lint(GOOD_HEAD);
    expect(codes(f, 'error')).toEqual({ general: [], x: [], bluesky: [], linkedin: [], whatsapp: [], facebook: [] });
    expect(codes(f, 'warning')).toEqual({ general: [], x: [], bluesky: [], linkedin: [], whatsapp: [], facebook: [] });
  });

  it('reads decoded attribute values and byte offsets', () => {
    const head = parseHead('<head><meta property="og:title" content="A &amp; B &quot;C&quot;"><meta name="x" content="ی"></head>');
    expect(head.metas[0]).toMatchObject({ key: 'og:title', content: 'A & B "C"' });
    expect(head.metas[1].endByte - head.metas[0].endByte).toBe('<meta name="x" content="ی">'.length + 1);
    expect(head.headEndByte).toBe(Buffer.byteLength('<head><meta property="og:title" content="A &amp; B &quot;C&quot;"><meta name="x" content="ی"></head>'));
  });

  it('missing og:image: a warning everywhere, an error for a large X card', () => {
    const f = lint(GOOD_HEAD.replace(/<meta property="og:image" [^>]+>/, ''), null);
    for (const p of ['bluesky', 'linkedin', 'whatsapp', 'facebook'] as const) expect(codes(f)[p]).toContain('missing-og-image');
    expect(codes(f, 'error').x).toContain('missing-image');
  });

  it('missing or empty og:title breaks every og platform', () => {
    const f = lint(GOOD_HEAD.replace('content="Talks in Istanbul"', 'content=""'));
    for (const p of ['bluesky', 'linkedin', 'whatsapp', 'facebook'] as const) expect(codes(f, 'error')[p]).toContain('missing-og-title');
    expect(codes(f, 'error').general).toContain('empty-tag');
  });

  it('WebP: LinkedIn and X error; SVG: error everywhere it is read', () => {
    const webp = lint(GOOD_HEAD, { format: 'webp' });
    expect(codes(webp, 'error').linkedin).toContain('image-format');
    expect(codes(webp, 'error').x).toContain('image-format');
    expect(codes(webp, 'warning').general).toContain('image-format');
    expect(codes(webp, 'warning').general).toContain('image-type-mismatch');
    const svg = lint(GOOD_HEAD, { format: 'svg' });
    expect(codes(svg, 'error').general).toContain('svg-image');
  });

  it('declared size that differs from the real one is an error', () => {
    const f = lint(GOOD_HEAD, { width: 800, height: 400 });
    expect(codes(f, 'error').general).toEqual(['image-size-mismatch']);
    expect(codes(f, 'warning').linkedin).toContain('image-too-small');
  });

  it('byte limits: WhatsApp 300 KB, Bluesky 1,000,000, LinkedIn 5 MB, Facebook 8 MB, X 5 MB', () => {
    expect(codes(lint(GOOD_HEAD, { bytes: 300_001 }), 'error')).toMatchObject({ whatsapp: ['image-too-large'], bluesky: [], x: [] });
    expect(codes(lint(GOOD_HEAD, { bytes: 1_000_001 }), 'error')).toMatchObject({ whatsapp: ['image-too-large'], bluesky: ['image-too-large'] });
    const huge = codes(lint(GOOD_HEAD, { bytes: 9 * 1024 * 1024 }), 'error');
    expect(huge).toMatchObject({ linkedin: ['image-too-large'], facebook: ['image-too-large'], x: ['image-too-large'] });
  });

  it('small images: Facebook rejects under 200×200, X under 300×157', () => {
    const f = lint(GOOD_HEAD.replace('"1200"', '"150"').replace('"630"', '"150"'), { width: 150, height: 150 });
    expect(codes(f, 'error').facebook).toContain('image-too-small');
    expect(codes(f, 'error').x).toContain('image-too-small');
  });

  it('an unreachable image is an error', () => {
    const f = lint(GOOD_HEAD, { ok: false, error: 'HTTP 404', width: undefined });
    expect(codes(f, 'error').general).toContain('image-unreachable');
  });

  it('missing canonical, twitter:card and image size tags', () => {
    const f = lint(GOOD_HEAD.replace(/<link rel="canonical"[^>]+>/, '').replace(/<meta name="twitter:card"[^>]+>/, '').replace(/<meta property="og:image:(width|height)"[^>]+>/g, ''));
    expect(codes(f, 'warning').general).toContain('missing-canonical');
    expect(codes(f, 'warning').x).toContain('missing-twitter-card');
    expect(codes(f, 'warning').facebook).toContain('missing-image-size');
    expect(codes(lint(GOOD_HEAD.replace('summary_large_image', 'gallery')), 'error').x).toEqual(['invalid-twitter-card']);
  });

  it('long titles warn with each platform’s own limit', () => {
    const f = lint(GOOD_HEAD.replaceAll('Talks in Istanbul', 'T'.repeat(80)));
    expect(codes(f, 'warning')).toMatchObject({ x: ['long-title'], whatsapp: ['long-title'], facebook: [], linkedin: [], bluesky: [] });
    const g = lint(GOOD_HEAD.replaceAll('Talks in Istanbul', 'T'.repeat(120)));
    expect(codes(g, 'warning')).toMatchObject({ facebook: ['long-title'], linkedin: ['long-title'] });
  });

  it('og tags beyond the first 300 KB are missing for WhatsApp only', () => {
    const padding = `<meta name="filler" content="${'x'.repeat(310_000)}">`;
    const f = lint(GOOD_HEAD.replace('<title>', `${padding}<title>`));
    expect(codes(f, 'error').whatsapp).toEqual(expect.arrayContaining(['missing-og-title', 'head-beyond-300kb']));
    expect(codes(f, 'error').facebook).toEqual([]);
    const late = lint(GOOD_HEAD.replace('</head>', `${padding}</head>`));
    expect(codes(late, 'warning').whatsapp).toEqual(['head-beyond-300kb']);
    expect(codes(late, 'error').whatsapp).toEqual([]);
  });

  it('resolves relative image URLs for probing and flags them', () => {
    const html = GOOD_HEAD.replace('https://cdn.example.com/card.png', '/img/card.png');
    expect(imageUrlsToProbe(parseHead(html), 'https://news.example.com/a')).toEqual(['https://news.example.com/img/card.png']);
    expect(codes(lint(html), 'error').general).toContain('relative-image-url');
  });
});
