import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { escapeHtmlAttr, escapeHtmlText, escapeXml, serializeJsonForScript } from '../src/core/escape.js';
import { buildArticleMeta, metaContextFromConfig } from '../src/core/meta/index.js';
import { renderSharePage } from '../src/core/share-page.js';
import { testConfig } from './helpers.js';
import { parseHtml } from './html.js';
import { storedArticle } from './share-fixtures.js';

// Text a parser keeps as is: no controls (HTML folds CR, drops NUL) and no lone surrogates.
const hostile = fc
  .string({ unit: fc.oneof(fc.constantFrom('<', '>', '&', '"', "'", '`', '=', '/', '\\', '-', '!', '[', ']', ' ', 'script', '</script>', '<!--', '-->', ']]>', '&amp;', '&#x3c;', '\u2028', '\u2029', 'ی', '🚢'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })), maxLength: 60 })
  .filter((s) => !/[\u0000-\u001f\u007f-\u009f]/.test(s));

const ATTACK = `"><script>alert(1)</script>`;

describe('escapers, read back by real parsers', () => {
  it('escapeHtmlText: element text round-trips and adds no element', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const page = parseHtml(`<html><head></head><body><p>${escapeHtmlText(s)}</p></body></html>`);
        expect(page.body.map((e) => e.name)).toEqual(['p']);
        expect(page.text(page.body[0])).toBe(s);
      }),
      { numRuns: 400 },
    );
  });

  it('escapeHtmlAttr: both quote styles round-trip and add no attribute or element', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        for (const q of ['"', "'"]) {
          const page = parseHtml(`<html><head><meta name=${q}x${q} content=${q}${escapeHtmlAttr(s)}${q}></head><body></body></html>`);
          expect(page.head.map((e) => e.name)).toEqual(['meta']);
          expect(page.head[0].attribs).toEqual({ name: 'x', content: s });
        }
      }),
      { numRuns: 300 },
    );
  });

  it('serializeJsonForScript: the script element holds exactly the JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), hostile, (v, s) => {
        const value = { v, s };
        const out = serializeJsonForScript(value);
        expect(out).not.toMatch(/[<>&\u2028\u2029]/);
        const page = parseHtml(`<html><head><script type="application/ld+json">${out}</script></head><body></body></html>`);
        expect(page.head.map((e) => e.name)).toEqual(['script']);
        expect(page.jsonLd).toEqual([JSON.parse(JSON.stringify(value))]);
      }),
      { numRuns: 300 },
    );
  });

  it('escapeXml: text and attribute round-trip through an XML parser', () => {
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, parseAttributeValue: false, trimValues: false, processEntities: true, htmlEntities: false });
    fc.assert(
      fc.property(hostile.filter((s) => s.length > 0 && !/[\u2028\u2029]/.test(s) && s.trim() === s), (s) => {
        const doc = parser.parse(`<r a="${escapeXml(s)}">${escapeXml(s)}</r>`);
        expect(doc.r['@a']).toBe(s);
        expect(doc.r['#text']).toBe(s);
      }),
      { numRuns: 300 },
    );
  });
});

describe('hostile article text is inert in the meta head and the share page', () => {
  const config = testConfig('unused-data-dir', { site: { facebookAppId: '42' } });
  const ctx = metaContextFromConfig(config);
  const stylesheetUrl = 'https://share.example.com/a/-/share.css';
  function check(fields: { title: string; description: string; kicker: string; alt: string; author: string; tag: string; section: string }) {
    const a = storedArticle('hostile', {
      url: `https://news.example.com/x?q=${encodeURIComponent(fields.title)}`,
      title: fields.title,
      description: fields.description,
      kicker: fields.kicker,
      section: fields.section,
      tags: [fields.tag],
      authors: [{ name: fields.author, x: 'some_one' }],
      image: { url: 'https://news.example.com/media/storm.jpg', alt: fields.alt },
    });
    const meta = buildArticleMeta(a, ctx);
    const page = parseHtml(renderSharePage(a, meta, { ...ctx, stylesheetUrl }));
    // Exactly the elements we build: no script but the JSON-LD block, nothing injected.
    const headNames = page.head.map((e) => e.name);
    expect(headNames.filter((n) => n === 'script')).toHaveLength(1);
    expect(new Set(headNames)).toEqual(new Set(['meta', 'title', 'link', 'script']));
    expect(page.head.filter((e) => e.name === 'meta')).toHaveLength(2 + meta.tags.filter((t) => t.tag === 'meta').length);
    expect(page.head.filter((e) => e.name === 'link')).toHaveLength(1 + meta.tags.filter((t) => t.tag === 'link').length);
    expect(page.body.map((e) => e.name)).toEqual(['main', 'article', 'p', 'h1', 'p', 'p', 'span', 'time', 'p', 'img', 'p', 'a']);
    // Every value reads back as the stored text.
    expect(page.meta.get('og:title')).toEqual([a.title]);
    expect(page.meta.get('og:description')).toEqual([a.description]);
    expect(page.meta.get('og:image:alt')).toEqual([a.image!.alt]);
    expect(page.meta.get('twitter:image:alt')).toEqual([a.image!.alt]);
    expect(page.meta.get('article:tag')).toEqual(a.tags);
    expect(page.meta.get('article:section')).toEqual([a.section]);
    expect(page.meta.get('article:author')).toEqual([a.authors[0].name]);
    expect(page.meta.get('og:url')).toEqual([a.url]);
    expect(page.links[0]).toEqual({ rel: 'canonical', href: a.url });
    expect(page.title).toBe(`${a.title} – Example News`);
    expect(page.text(page.body.find((e) => e.name === 'h1')!)).toBe(a.title);
    expect(page.body.find((e) => e.name === 'img')!.attribs.alt).toBe(a.image!.alt);
    expect(page.body.find((e) => e.name === 'a')!.attribs.href).toBe(a.url);
    const ld = page.jsonLd[0] as Record<string, unknown>;
    expect(ld).toEqual(meta.jsonLd);
    expect(ld.description).toBe(a.description);
  }

  it('with the classic attribute-breaking headline in every field', () => {
    check({ title: ATTACK, description: ATTACK, kicker: ATTACK, alt: ATTACK, author: ATTACK, tag: ATTACK, section: ATTACK });
  });

  it('with arbitrary hostile text in every field', () => {
    const field = hostile.map((s) => s.trim()).filter((s) => s.length > 0 && !/\s{2}/.test(s));
    fc.assert(
      fc.property(fc.record({ title: field, description: field, kicker: field, alt: field, author: field, tag: field, section: field }), (f) => {
        // Stored text is cleaned (NFC, runs of white space folded); compare against that.
        check(f);
      }),
      { numRuns: 150 },
    );
  });
});
