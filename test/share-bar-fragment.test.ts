/**
 * The share bar fragment (src/core/share-bar), parsed back with htmlparser2: its exact element
 * tree, each link's intent URL against the share payload builders, escaping of hostile text,
 * right-to-left stories, labels per language and the options from config.
 */
import fc from 'fast-check';
import { DomUtils, parseDocument } from 'htmlparser2';
import type { Element } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/load.js';
import { buildSharePayloads, sharePlatforms, type SharePlatform } from '../src/core/share/index.js';
import { buildShareBar, builtInShareBarLabels, renderShareBarHtml, resolveShareBarLabels, shareBarIcons, type ShareBarOptions } from '../src/core/share-bar/index.js';
import { repoRoot, testConfig } from './helpers.js';
import { storedArticle, storedFixtures, testShareContext } from './share-fixtures.js';

const fixtures = storedFixtures();
const bySlug = (slug: string) => fixtures.find((f) => f.slug === slug)!;
const ctx = testShareContext();
const defaults: ShareBarOptions = testConfig('unused-data-dir').shareBar;
const everything: ShareBarOptions = { ...defaults, copyLink: true, nativeShare: true };

function parse(html: string) {
  const doc = parseDocument(html);
  const all = DomUtils.findAll(() => true, doc.children);
  return { doc, all, links: all.filter((e) => e.name === 'a'), buttons: all.filter((e) => e.name === 'button') };
}

/** The element names, in document order, that a bar with these options must contain, and no others. */
function expectedElements(platforms: readonly SharePlatform[], o: Pick<ShareBarOptions, 'style' | 'copyLink' | 'nativeShare'>): string[] {
  const label = o.style === 'full' ? ['span'] : [];
  const svg = (n: keyof typeof shareBarIcons) => ['svg', ...shareBarIcons[n].paths.map(() => 'path')];
  const out = ['nav', 'ul'];
  for (const p of platforms) out.push('li', 'a', ...svg(p), ...label);
  if (o.copyLink) out.push('li', 'button', ...svg('copy'), ...label);
  if (o.nativeShare) out.push('li', 'button', ...svg('share'), ...label);
  if (o.copyLink) out.push('span');
  return out;
}

const ATTRS: Record<string, string[]> = {
  nav: ['aria-label', 'class', 'data-sharecard-bar', 'dir', 'lang'],
  ul: ['class'],
  li: ['class'],
  a: ['aria-label', 'class', 'href', 'rel', 'target'],
  svg: ['aria-hidden', 'class', 'fill', 'focusable', 'height', 'viewbox', 'width'],
  span: ['class'],
};

describe('share bar fragment', () => {
  it('contains exactly the expected elements and attributes, with no style, script or handler', () => {
    for (const style of ['full', 'compact'] as const) {
      const html = renderShareBarHtml(buildShareBar(bySlug('us-iran-talks-istanbul'), ctx, { ...everything, style }));
      const { all, links, buttons } = parse(html);
      expect(all.map((e) => e.name)).toEqual(expectedElements(defaults.platforms, { ...everything, style }));
      for (const e of all) {
        const names = Object.keys(e.attribs);
        expect(names.some((n) => n === 'style' || n.startsWith('on')), `${e.name} ${names}`).toBe(false);
        if (e.name === 'a' || e.name === 'svg' || e.name === 'nav' || e.name === 'ul') {
          const inButton = e.name === 'svg' && (e.parent as Element).name === 'button';
          const expected =
            e.name === 'a' && style === 'compact' ? [...ATTRS.a, 'title'] : inButton ? [...ATTRS.svg, 'stroke', 'stroke-linecap', 'stroke-linejoin', 'stroke-width'] : ATTRS[e.name];
          expect(names.sort(), e.name).toEqual([...expected].sort());
        }
      }
      expect(html).not.toMatch(/<script|<style|javascript:|style=/i);
      for (const a of links) {
        expect(a.attribs.target).toBe('_blank');
        expect(a.attribs.rel).toBe('noopener noreferrer');
      }
      for (const svg of all.filter((e) => e.name === 'svg')) {
        expect(svg.attribs['aria-hidden']).toBe('true');
        expect(svg.attribs.focusable).toBe('false');
      }
      // The buttons need the script: hidden until it reveals them, never submit anything.
      for (const b of buttons) {
        expect(b.attribs.type).toBe('button');
        expect((b.parent as Element).attribs.hidden).toBe('');
      }
      const text = (e: Element) => DomUtils.textContent(e);
      if (style === 'full') expect(links.map(text)).toEqual(['Facebook', 'X', 'LinkedIn', 'Bluesky', 'WhatsApp']);
      else expect(links.map(text)).toEqual(['', '', '', '', '']);
      expect(links.map((a) => a.attribs['aria-label'])).toEqual(['Share on Facebook', 'Share on X', 'Share on LinkedIn', 'Share on Bluesky', 'Share on WhatsApp']);
      expect(buttons.map((b) => b.attribs['aria-label'])).toEqual(['Copy link', 'Share…']);
    }
  });

  it('links every platform to exactly its intent URL for the story, with its UTM parameters', () => {
    for (const article of fixtures.filter((f) => f.status === 'published')) {
      const payloads = buildSharePayloads(article, ctx).platforms;
      const { links } = parse(renderShareBarHtml(buildShareBar(article, ctx, defaults)));
      expect(links.map((a) => a.attribs.class.split('--').at(-1))).toEqual([...defaults.platforms]);
      for (const a of links) {
        const platform = a.attribs.class.split('--').at(-1) as SharePlatform;
        expect(a.attribs.href, `${article.slug} ${platform}`).toBe(payloads[platform].intentUrl);
        const u = new URL(a.attribs.href);
        const shared = (v: string | null) => new URL(v as string);
        const expectUtm = (link: URL) => {
          expect(link.origin + link.pathname).toBe(new URL(article.url).origin + new URL(article.url).pathname);
          expect(link.searchParams.get('utm_source')).toBe(platform);
          expect(link.searchParams.get('utm_medium')).toBe('social');
          expect(link.searchParams.get('utm_campaign')).toBe('sharecard');
        };
        const lastUrlIn = (text: string) => shared(text.match(/https:\/\/\S+/g)!.find((s) => s.includes('utm_source'))!);
        switch (platform) {
          case 'facebook':
            expect([u.host, u.pathname, [...u.searchParams.keys()]]).toEqual(['www.facebook.com', '/sharer/sharer.php', ['u']]);
            expectUtm(shared(u.searchParams.get('u')));
            break;
          case 'x':
            expect([u.host, u.pathname]).toEqual(['x.com', '/intent/tweet']);
            expect(u.searchParams.get('via')).toBe('examplenews');
            expectUtm(shared(u.searchParams.get('url')));
            break;
          case 'linkedin':
            expect([u.host, u.pathname, [...u.searchParams.keys()]]).toEqual(['www.linkedin.com', '/sharing/share-offsite/', ['url']]);
            expectUtm(shared(u.searchParams.get('url')));
            break;
          case 'bluesky':
            expect([u.host, u.pathname, [...u.searchParams.keys()]]).toEqual(['bsky.app', '/intent/compose', ['text']]);
            if (!article.url.includes(' ')) expectUtm(lastUrlIn(u.searchParams.get('text')!));
            break;
          case 'whatsapp':
            expect([u.host, u.pathname, [...u.searchParams.keys()]]).toEqual(['wa.me', '/', ['text']]);
            expectUtm(lastUrlIn(u.searchParams.get('text')!));
            break;
        }
      }
    }
  });

  it('refers to no host but the platforms\' intent endpoints (and the story URL it copies)', () => {
    const intentHosts = new Set(['www.facebook.com', 'x.com', 'www.linkedin.com', 'bsky.app', 'wa.me']);
    for (const article of fixtures) {
      const { all } = parse(renderShareBarHtml(buildShareBar(article, ctx, everything)));
      for (const e of all) {
        for (const [name, value] of Object.entries(e.attribs)) {
          const urls = value.match(/(?:[a-z][a-z0-9+.-]*:)?\/\/[^\s"'<>]+|\bwww\.[^\s"'<>]+/gi) ?? [];
          if (e.name === 'a' && name === 'href') {
            expect(intentHosts.has(new URL(value).host), value).toBe(true);
          } else if (name === 'data-sharecard-url') {
            expect(value).toBe(article.url);
          } else {
            expect(urls, `${e.name}[${name}]`).toEqual([]);
          }
        }
      }
    }
  });

  it('escapes the XSS fixture: every string comes back as the exact text, no element is injected', () => {
    const article = bySlug('trump-bad-things-quote');
    const html = renderShareBarHtml(buildShareBar(article, ctx, everything));
    const { all } = parse(html);
    expect(all.map((e) => e.name)).toEqual(expectedElements(defaults.platforms, everything));
    const share = all.find((e) => e.attribs['data-sharecard-share'] !== undefined)!;
    expect(share.attribs['data-sharecard-title']).toBe(article.title);
    expect(html).not.toContain('<if not>');
    expect(html).not.toContain("'bad");
  });

  it('escapes any hostile title, URL path and configured label (property)', () => {
    const hostile = fc.oneof(
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 }),
      fc.constantFrom('"><script>alert(1)</script>', "' onmouseover='x", '</nav><img src=x onerror=alert(1)>', '&amp;&lt;', '`${x}`', '<!--', ']]>'),
    );
    fc.assert(
      fc.property(hostile, hostile, fc.webPath(), (title, label, path) => {
        fc.pre(title.trim().length > 0 && label.trim().length > 0);
        const article = storedArticle('hostile', { url: `https://news.example.com/x${path}`, title, lang: 'en' });
        const options = { ...everything, style: 'full' as const, labels: { en: { bar: label, copyLink: label, platforms: { x: label } } } };
        const { all } = parse(renderShareBarHtml(buildShareBar(article, ctx, options)));
        expect(all.map((e) => e.name)).toEqual(expectedElements(defaults.platforms, options));
        const nav = all[0];
        expect(nav.attribs['aria-label']).toBe(label);
        const xLink = all.find((e) => e.attribs.class?.endsWith('--x'))!;
        expect(DomUtils.textContent(xLink)).toBe(label);
        expect(xLink.attribs.href).toBe(buildSharePayloads(article, ctx).platforms.x.intentUrl);
        expect(all.find((e) => e.attribs['data-sharecard-title'] !== undefined)!.attribs['data-sharecard-title']).toBe(article.title);
      }),
      { numRuns: 200 },
    );
  });

  it.each([
    ['iran-us-talks-istanbul-fa', 'fa'],
    ['arabic-mediators', 'ar'],
  ] as const)('puts %s in right-to-left order with %s labels', (slug, lang) => {
    const labels = builtInShareBarLabels[lang];
    const { all, links, buttons } = parse(renderShareBarHtml(buildShareBar(bySlug(slug), ctx, everything)));
    expect(all[0].attribs.dir).toBe('rtl');
    expect(all[0].attribs.lang).toBe(lang);
    expect(all[0].attribs['aria-label']).toBe(labels.bar);
    // Reading order is the configured order; dir="rtl" lays the first out at the right.
    expect(links.map((a) => a.attribs['aria-label'])).toEqual(defaults.platforms.map((p) => labels.shareOn.replace('{platform}', labels.platforms[p])));
    expect(links.map((a) => DomUtils.textContent(a))).toEqual(defaults.platforms.map((p) => labels.platforms[p]));
    expect(buttons.map((b) => b.attribs['aria-label'])).toEqual([labels.copyLink, labels.share]);
    expect(buttons[0].attribs['data-sharecard-done']).toBe(labels.copied);
    for (const l of links) expect(l.attribs['aria-label']).toMatch(/\p{Script=Arabic}/u);
  });

  it('keeps left-to-right order and English for an English story, even with right-to-left words in it', () => {
    const { all } = parse(renderShareBarHtml(buildShareBar(bySlug('mixed-direction-quote'), ctx, defaults)));
    expect([all[0].attribs.dir, all[0].attribs.lang]).toEqual(['ltr', 'en']);
  });
});

describe('share bar options', () => {
  it('shows only the configured platforms, in the configured order', () => {
    const options = { ...defaults, platforms: ['whatsapp', 'bluesky'] as SharePlatform[] };
    const { all, links } = parse(renderShareBarHtml(buildShareBar(bySlug('us-iran-talks-istanbul'), ctx, options)));
    expect(links.map((a) => a.attribs['aria-label'])).toEqual(['Share on WhatsApp', 'Share on Bluesky']);
    expect(all.map((e) => e.name)).toEqual(expectedElements(['whatsapp', 'bluesky'], options));
  });

  it('leaves out the copy and native-share buttons (and the status region) when turned off', () => {
    const options = { ...defaults, copyLink: false, nativeShare: false };
    const { all, buttons } = parse(renderShareBarHtml(buildShareBar(bySlug('us-iran-talks-istanbul'), ctx, options)));
    expect(buttons).toEqual([]);
    expect(all.map((e) => e.name)).toEqual(expectedElements(defaults.platforms, options));
  });

  it('refuses a bar with no platform', () => {
    expect(() => buildShareBar(bySlug('us-iran-talks-istanbul'), ctx, { ...defaults, platforms: [] })).toThrow(/at least one platform/);
  });

  it('defaults to all five platforms, full style, both buttons', () => {
    expect(defaults).toEqual({ platforms: ['facebook', 'x', 'linkedin', 'bluesky', 'whatsapp'], style: 'full', copyLink: true, nativeShare: true, labels: {} });
  });

  it('validates shareBar config, naming the bad key', () => {
    const bad = (shareBar: unknown) => () => parseConfig({ shareBar }, repoRoot);
    expect(bad({ platforms: ['x', 'x'] })).toThrow(/shareBar\.platforms/);
    expect(bad({ platforms: ['myspace'] })).toThrow(/shareBar\.platforms\.0/);
    expect(bad({ platforms: [] })).toThrow(/shareBar\.platforms/);
    expect(bad({ style: 'huge' })).toThrow(/shareBar\.style/);
    expect(bad({ labels: { fa: { shareOn: 'Share' } } })).toThrow(/shareBar\.labels\.fa\.shareOn/);
    expect(bad({ labels: { de: { colour: 'x' } } })).toThrow(/shareBar\.labels\.de/);
    expect(bad({ labels: { '!!': { bar: 'x' } } })).toThrow(/shareBar\.labels/);
  });
});

describe('share bar labels', () => {
  it('chooses the story language, its primary subtag, else English', () => {
    expect(resolveShareBarLabels('fa', {}).lang).toBe('fa');
    expect(resolveShareBarLabels('fa-IR', {}).lang).toBe('fa');
    expect(resolveShareBarLabels('ar-EG', {}).labels).toEqual(builtInShareBarLabels.ar);
    expect(resolveShareBarLabels('ja', {})).toEqual({ lang: 'en', labels: builtInShareBarLabels.en });
  });

  it('applies configured overrides over the built-in labels, and adds languages', () => {
    const overrides = { fa: { copyLink: 'رونوشت پیوند' }, de: { shareOn: 'Auf {platform} teilen', platforms: { x: 'X (Twitter)' } }, 'pt-BR': { bar: 'Compartilhe' } };
    const fa = resolveShareBarLabels('fa', overrides);
    expect(fa.labels).toEqual({ ...builtInShareBarLabels.fa, copyLink: 'رونوشت پیوند' });
    const de = resolveShareBarLabels('de-AT', overrides);
    expect(de.lang).toBe('de');
    expect(de.labels.shareOn).toBe('Auf {platform} teilen');
    expect(de.labels.platforms).toEqual({ ...builtInShareBarLabels.en.platforms, x: 'X (Twitter)' });
    expect(resolveShareBarLabels('pt-BR', overrides)).toEqual({ lang: 'pt-br', labels: { ...builtInShareBarLabels.en, bar: 'Compartilhe' } });
    const article = storedArticle('de-story', { url: 'https://news.example.com/de', title: 'Gespräche in Istanbul', lang: 'de' });
    const { links } = parse(renderShareBarHtml(buildShareBar(article, ctx, { ...defaults, labels: overrides })));
    expect(links[1].attribs['aria-label']).toBe('Auf X (Twitter) teilen');
  });

  it('has every label for every built-in language and platform', () => {
    for (const labels of Object.values(builtInShareBarLabels)) {
      for (const v of [labels.bar, labels.shareOn, labels.copyLink, labels.copied, labels.share]) expect(v.trim()).not.toBe('');
      expect(labels.shareOn).toContain('{platform}');
      expect(Object.keys(labels.platforms).sort()).toEqual([...sharePlatforms].sort());
    }
  });
});
