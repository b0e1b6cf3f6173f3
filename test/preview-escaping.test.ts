/**
 * Hostile text on the editor pages: the HTML-like fixture (`trump-bad-things-quote`) and a
 * headline that tries to close an attribute and open a script. Pages are parsed with
 * htmlparser2 and the trees compared: text comes back exactly as stored, and no element,
 * attribute or script exists that the page did not build itself. Plus the HTML builder's own
 * refusals and a syntax check of the served script.
 */
import { Script } from 'node:vm';
import { parseDocument } from 'htmlparser2';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewJs } from '../src/preview/assets/client.js';
import { el } from '../src/preview/html.js';
import { auth, loadFixtures } from './helpers.js';
import { login, startPreviewServer, type PreviewServer } from './preview-setup.js';

const EVIL = '"><script>alert(1)</script><img src=x onerror=alert(2)>';

let server: PreviewServer;
let cookie: string;

beforeAll(async () => {
  server = await startPreviewServer();
  cookie = (await login(server.base)).cookie!;
  const res = await fetch(`${server.base}/api/articles/evil-headline`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...auth },
    body: JSON.stringify({
      url: 'https://news.example.com/x?a=1&b="2"',
      title: EVIL,
      description: `</textarea>${EVIL}`,
      kicker: "'onmouseover='alert(3)",
      section: '<b>Politics</b>',
      status: 'draft',
    }),
  });
  expect(res.status).toBe(201);
});
afterAll(() => server.stop());

interface El extends Node {
  name: string;
  attribs: Record<string, string>;
  children: Node[];
}
type Node = { type: string; name?: string; attribs?: Record<string, string>; data?: string; children?: Node[] };
function all(root: { children: Node[] }): El[] {
  const out: El[] = [];
  const walk = (n: Node) => {
    if (n.type === 'tag' || n.type === 'script' || n.type === 'style') out.push(n as El);
    for (const c of (n as { children?: Node[] }).children ?? []) walk(c);
  };
  root.children.forEach(walk);
  return out;
}
const textOf = (n: Node): string => (n.type === 'text' ? (n.data ?? '') : ((n as { children?: Node[] }).children ?? []).map(textOf).join(''));

async function page(path: string) {
  const res = await fetch(`${server.base}${path}`, { headers: { cookie } });
  expect(res.status, path).toBe(200);
  const html = await res.text();
  return { html, doc: parseDocument(html, { decodeEntities: true }) };
}

function assertNoInjectedMarkup(doc: ReturnType<typeof parseDocument>): void {
  const els = all(doc);
  const scripts = els.filter((e) => e.name === 'script');
  // Exactly our two: the JSON data block and our own script file (story page), or none.
  for (const s of scripts) expect(s.attribs.type === 'application/json' || /^\/preview\/assets\/preview\.[\w-]+\.js$/.test(s.attribs.src ?? '')).toBe(true);
  for (const e of els) {
    for (const name of Object.keys(e.attribs)) expect(name, `<${e.name} ${name}>`).not.toMatch(/^on|^style$/);
    expect(['b', 'style', 'iframe', 'object']).not.toContain(e.name);
    if (e.name === 'img') expect(e.attribs.src).not.toBe('x');
  }
}

describe('escaping on the editor pages', () => {
  it('shows the HTML-like fixture as text, exactly as stored', async () => {
    const f = loadFixtures().find((x) => x.slug === 'trump-bad-things-quote')!;
    const { doc } = await page('/preview/trump-bad-things-quote');
    assertNoInjectedMarkup(doc);
    const els = all(doc);
    expect(textOf(els.find((e) => e.name === 'h1')!)).toBe(f.title);
    const titles = els.filter((e) => e.attribs['data-bind'] === 'title');
    expect(titles.length).toBeGreaterThanOrEqual(6);
    for (const t of titles) expect(textOf(t)).toBe(f.title);
    for (const d of els.filter((e) => e.attribs['data-bind'] === 'description')) expect(textOf(d)).toBe(f.description);
    expect(textOf(els.find((e) => e.attribs.id === 'f-description')!)).toBe(f.description);
    const data = JSON.parse(textOf(els.find((e) => e.attribs.id === 'preview-data')!));
    expect(data.original.title).toBe(f.title);
  });

  it('keeps a headline that tries to break out of attributes and elements inert', async () => {
    for (const path of ['/preview/evil-headline', `/preview?q=${encodeURIComponent(EVIL)}`, `/preview?q=${encodeURIComponent('Trump')}&section=${encodeURIComponent(EVIL)}`]) {
      const { doc } = await page(path);
      assertNoInjectedMarkup(doc);
    }
    const { doc, html } = await page('/preview/evil-headline');
    const els = all(doc);
    expect(textOf(els.find((e) => e.name === 'h1')!)).toBe(EVIL);
    expect(els.find((e) => e.attribs.id === 'f-kicker')!.attribs.value).toBe("'onmouseover='alert(3)");
    expect(textOf(els.find((e) => e.attribs.id === 'f-description')!)).toBe(`</textarea>${EVIL}`);
    expect(els.find((e) => e.name === 'title')).toBeDefined();
    // The JSON block cannot be closed early: no literal "</script" inside it.
    const block = html.match(/<script type="application\/json" id="preview-data">([\s\S]*?)<\/script>/)![1]!;
    expect(block).not.toMatch(/<\/?script/i);
    expect(JSON.parse(block).original.description).toBe(`</textarea>${EVIL}`);
    const search = all((await page(`/preview?q=${encodeURIComponent(EVIL)}`)).doc).find((e) => e.attribs.id === 'q')!;
    expect(search.attribs.value).toBe(EVIL);
  });

  it('builds any text into the same text and any attribute value into the same value', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (text, value) => {
        const doc = parseDocument(el('p', { title: value }, text).html, { decodeEntities: true });
        const p = doc.children[0] as unknown as El;
        expect(p.name).toBe('p');
        expect(p.attribs.title).toBe(value);
        expect(textOf(p)).toBe(text.replace(/\r\n?/g, '\n'));
        expect(p.children.every((c) => c.type === 'text')).toBe(true);
      }),
    );
  });

  it('refuses inline styles, event handlers and script elements in the builder', () => {
    expect(() => el('div', { style: 'color:red' })).toThrow(/style/);
    expect(() => el('img', { onerror: 'x' })).toThrow(/onerror/);
    expect(() => el('script', null, 'x')).toThrow(/script/);
    expect(() => el('div', { 'a b': 'x' })).toThrow();
  });

  it('serves a script that parses and uses no eval', () => {
    expect(() => new Script(previewJs)).not.toThrow();
    expect(previewJs).not.toMatch(/\beval\(|new Function|innerHTML|setAttribute\('style'/);
  });
});
