/**
 * The editor preview driven in headless Chromium (Debian's package through playwright-core;
 * never a downloaded browser): log in, open the reference story, check every mockup shows
 * the card and the platform's truncation, edit the headline and see the card re-render, see
 * the over-budget warning, no console errors or CSP violations. Screenshots (laptop and
 * phone, left-to-right and right-to-left) are kept in test-artifacts/ for a human to look at.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../src/services.js';
import { repoRoot, TEST_TOKEN } from './helpers.js';
import { startPreviewServer, type PreviewServer } from './preview-setup.js';
import { serviceAvailable } from './services-available.js';
import { launchChromium } from './chromium.js';

const hasChromium = await serviceAvailable('chromium');
const artifacts = path.join(repoRoot, 'test-artifacts');

/** The story whose og card the test renderer inflates past WhatsApp's and Bluesky's budgets. */
const HEAVY_SLUG = 'warships-near-iranian-waters';
const HEAVY_PADDING_BYTES = 1_200_000;

/**
 * The over-budget hook: the renderer is a dependency, so the test wraps it. Bytes after a
 * JPEG's end-of-image marker (or a PNG's IEND) are ignored by decoders, so the card still
 * displays while weighing what a real oversized card would.
 */
function withHeavyCard(s: Services): Services {
  const renderer = {
    ...s.renderer,
    render: async (req: Parameters<Services['renderer']['render']>[0]) => {
      const card = await s.renderer.render(req);
      if (req.article.slug !== HEAVY_SLUG || req.preset !== 'og') return card;
      return { ...card, body: Buffer.concat([card.body, Buffer.alloc(HEAVY_PADDING_BYTES)]) };
    },
  };
  return { ...s, renderer };
}

describe.skipIf(!hasChromium)('editor preview in Chromium', { timeout: 90_000 }, () => {
  let server: PreviewServer;
  let browser: Browser;
  let context: BrowserContext;
  const problems: string[] = [];

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    server = await startPreviewServer({ wrapServices: withHeavyCard });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  afterEach(async () => {
    await context?.close();
    const seen = problems.splice(0);
    expect(seen, 'console errors or CSP violations').toEqual([]);
  });

  /** A fresh logged-in page at a viewport, recording console errors and CSP violations. */
  async function openPage(viewport: { width: number; height: number }, { loggedIn = true } = {}): Promise<Page> {
    context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('requestfailed', (r) => {
      if (!r.url().startsWith('blob:')) problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
    });
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.protocol.startsWith('http') && u.origin !== server.base) problems.push(`request to another host: ${r.url()}`);
    });
    if (loggedIn) {
      await page.goto(`${server.base}/preview/login`);
      await page.fill('#token', TEST_TOKEN);
      await Promise.all([page.waitForURL(`${server.base}/preview`), page.click('button[type=submit]')]);
    }
    return page;
  }

  async function openStory(page: Page, slug: string): Promise<void> {
    await page.goto(`${server.base}/preview/${slug}`);
    await page.evaluate(() => {
      (window as unknown as { cspViolations: string[] }).cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { cspViolations: string[] }).cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await page.waitForFunction(() => Array.from(document.images).every((i) => i.complete));
    // Decoded, so full-page screenshots paint every card (off-screen images decode lazily).
    await page.evaluate(() => Promise.all(Array.from(document.images).map((i) => i.decode().catch(() => undefined))));
  }

  async function cspViolations(page: Page): Promise<string[]> {
    return page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
  }

  /**
   * A digest of the pixels an <img> shows. Drawn through a canvas because the page's CSP
   * (connect-src 'self') rightly refuses fetch() of the blob: URLs the live render uses.
   */
  async function imageDigest(page: Page, selector: string): Promise<string> {
    const pixels = await page.locator(selector).evaluate((img: HTMLImageElement) => {
      const c = document.createElement('canvas');
      c.width = img.naturalWidth;
      c.height = img.naturalHeight;
      const g = c.getContext('2d')!;
      g.drawImage(img, 0, 0);
      return Array.from(g.getImageData(0, 0, c.width, c.height).data.filter((_, i) => i % 97 === 0));
    });
    expect(pixels.length).toBeGreaterThan(1000);
    return createHash('sha256').update(Buffer.from(pixels)).digest('hex');
  }

  it('sends an editor without a session to the login form, and in with the token', async () => {
    const page = await openPage({ width: 1366, height: 900 }, { loggedIn: false });
    await page.goto(`${server.base}/preview/us-iran-talks-istanbul`);
    expect(new URL(page.url()).pathname).toBe('/preview/login');
    await page.fill('#token', 'not-the-token-at-all');
    await page.click('button[type=submit]');
    await expect.poll(() => page.locator('#login-error').count()).toBe(1);
    problems.length = 0; // the 401 answer is logged by Chromium as a failed resource: expected here
    await page.fill('#token', TEST_TOKEN);
    await Promise.all([page.waitForURL(`${server.base}/preview/us-iran-talks-istanbul`), page.click('button[type=submit]')]);
    await page.goto(`${server.base}/preview`);
    const titles = await page.locator('.story-row a.title').allTextContents();
    expect(titles).toContain('US and Iran to Hold High-Stakes Talks in Istanbul');
    expect(await page.locator('.badge.draft').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(artifacts, 'preview-list-laptop.png'), fullPage: true });
  });

  it('shows the reference story on every platform with the card image and each platform’s truncation', async () => {
    const page = await openPage({ width: 1366, height: 900 });
    await openStory(page, 'us-iran-talks-istanbul');
    const title = 'US and Iran to Hold High-Stakes Talks in Istanbul';
    for (const platform of ['x', 'facebook', 'linkedin', 'bluesky', 'whatsapp', 'slack', 'discord']) {
      const mock = page.locator(`article[data-platform="${platform}"]`);
      const width = await mock.locator('img.card-img').evaluate((i: HTMLImageElement) => i.naturalWidth);
      expect(width, `${platform} card image`).toBeGreaterThan(0);
      expect((await mock.locator('[data-cut-check]').textContent())?.trim(), `${platform} title`).toBe(title);
    }
    const pill = await page.locator('article[data-platform="x"] .pill').evaluate((n) => {
      const s = getComputedStyle(n);
      return { whiteSpace: s.whiteSpace, textOverflow: s.textOverflow, truncated: n.getAttribute('data-truncated') };
    });
    expect(pill).toEqual({ whiteSpace: 'nowrap', textOverflow: 'ellipsis', truncated: 'false' });
    const clamps = await page.evaluate(() =>
      Object.fromEntries(
        ['bluesky .title', 'bluesky .desc', 'facebook .title', 'facebook .desc', 'linkedin .title'].map((sel) => {
          const s = getComputedStyle(document.querySelector(`.frame.${sel}`)!);
          return [sel, s.webkitLineClamp === 'none' ? s.textOverflow : s.webkitLineClamp];
        }),
      ),
    );
    expect(clamps).toEqual({ 'bluesky .title': '3', 'bluesky .desc': '2', 'facebook .title': '2', 'facebook .desc': 'ellipsis', 'linkedin .title': '2' });
    // The Bluesky description (196 characters) does not fit two lines at this width: clamped.
    expect(await page.locator('.frame.bluesky .desc').evaluate((n) => n.scrollHeight > n.clientHeight)).toBe(true);
    expect(await page.locator('.frame.bluesky .domain').textContent()).toBe('news.example.com');
    expect(await page.locator('.frame.x .from').textContent()).toBe('From news.example.com');
    expect(await page.locator('#counter-x .count').textContent()).toMatch(/^\d+ \/ 280 weighted characters$/);
    expect(await page.locator('#counter-bluesky .count').textContent()).toMatch(/^\d+ \/ 300 graphemes$/);
    expect(await cspViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(artifacts, 'preview-story-laptop.png'), fullPage: true });
  });

  it('re-renders the card live, without saving, when the headline changes', async () => {
    const page = await openPage({ width: 1366, height: 900 });
    await openStory(page, 'us-iran-talks-istanbul');
    const before = await imageDigest(page, 'article[data-platform="bluesky"] img.card-img');
    const counterBefore = await page.locator('#counter-x .count').textContent();
    await page.fill('#f-title', 'Talks in Istanbul collapse before they begin');
    await page.waitForFunction(() => (document.querySelector('article[data-platform="bluesky"] img.card-img') as HTMLImageElement).src.startsWith('blob:'));
    await page.waitForFunction(() => document.querySelector('#render-state')?.textContent?.includes('re-rendered'));
    const after = await imageDigest(page, 'article[data-platform="bluesky"] img.card-img');
    expect(after).not.toBe(before);
    expect(await page.locator('.frame.x .pill').textContent()).toBe('Talks in Istanbul collapse before they begin');
    expect(await page.locator('#share-text-x').inputValue()).toContain('Talks in Istanbul collapse before they begin');
    expect(await page.locator('#counter-x .count').textContent()).not.toBe(counterBefore);
    // Nothing was saved.
    const stored = await server.services.store.get('us-iran-talks-istanbul');
    expect(stored?.title).toBe('US and Iran to Hold High-Stakes Talks in Istanbul');
    // Switching the template re-renders too.
    const beforeTemplate = await imageDigest(page, 'img[data-card="panel"]');
    await page.selectOption('#f-template', 'standard');
    await page.waitForFunction((d) => (document.querySelector('img[data-card="panel"]') as HTMLImageElement).src.startsWith('blob:') && d !== '', beforeTemplate);
    await page.waitForFunction(() => document.querySelector('#render-state')?.textContent?.includes('re-rendered'));
    expect(await imageDigest(page, 'img[data-card="panel"]')).not.toBe(beforeTemplate);
    expect(await cspViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(artifacts, 'preview-story-edited-laptop.png'), fullPage: true });
  });

  it('warns when the card is over a platform’s byte budget and flags headlines a platform cuts', async () => {
    const page = await openPage({ width: 1366, height: 900 });
    await openStory(page, HEAVY_SLUG);
    await expect.poll(() => page.locator('#warnings li[data-key="bytes-whatsapp"]').textContent()).toMatch(/WhatsApp image too heavy/);
    expect(await page.locator('#warnings li[data-key="bytes-bluesky"]').count()).toBe(1);
    expect(await page.locator('#warnings li[data-key="bytes-x"]').count()).toBe(0);
    expect(await page.locator('.frame.whatsapp').evaluate((n) => n.classList.contains('wa-dropped'))).toBe(true);

    await openStory(page, 'very-long-headline');
    await expect.poll(() => page.locator('#warnings li[data-key="title-cut"]').textContent()).toMatch(/X.*Bluesky/);
    expect(await page.locator('.frame.x .pill').getAttribute('data-truncated')).toBe('true');
    expect(await page.locator('.frame.discord .title').textContent()).toMatch(/…$/);
    await page.screenshot({ path: path.join(artifacts, 'preview-long-headline-laptop.png'), fullPage: true });
  });

  it('shows drafts to the editor with a warning', async () => {
    const page = await openPage({ width: 1366, height: 900 });
    await openStory(page, 'draft-not-public');
    expect(await page.locator('#warnings li[data-key="draft"]').count()).toBe(1);
    expect(await page.locator('.story-meta .badge.draft').count()).toBe(1);
  });

  it('draws a Japanese story’s text with the shipped fonts where the machine has none (no tofu)', async () => {
    const page = await openPage({ width: 1366, height: 900 });
    await openStory(page, 'japanese-summary');
    await page.evaluate(() => document.fonts.ready);
    // The page script's font pass after the faces loaded (src/preview/assets/client.ts).
    await expect.poll(() => page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--pv-font-pass'))).not.toBe('');
    const cdp = await context.newCDPSession(page);
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument');
    // Every element whose own text has kana or kanji, in the page and in every mockup.
    const count = await page.evaluate(() => {
      let n = 0;
      // Form fields draw their text in a shadow tree that CSS.getPlatformFontsForNode cannot see.
      for (const el of Array.from(document.querySelectorAll('body *:not(textarea, input, select, option, script, style, template)'))) {
        const own = Array.from(el.childNodes).filter((c) => c.nodeType === Node.TEXT_NODE).map((c) => c.textContent).join('');
        const kanaKanji = [...own].filter((c) => /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]/u.test(c)).length;
        if (kanaKanji && (el as HTMLElement).offsetParent !== null) el.setAttribute('data-kana-kanji', String(kanaKanji));
        n += kanaKanji ? 1 : 0;
      }
      return n;
    });
    const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector: '[data-kana-kanji]' });
    expect(nodeIds.length, 'elements with Japanese text').toBeGreaterThan(10);
    expect(count).toBeGreaterThanOrEqual(nodeIds.length);
    const checked: string[] = [];
    for (const nodeId of nodeIds) {
      // Which fonts Chromium really drew the element's glyphs with: a glyph from a font that
      // lacks it would be tofu, and this machine's only system fonts (DejaVu) have no kana or kanji.
      const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
      const { attributes } = await cdp.send('DOM.getAttributes', { nodeId });
      const kanaKanji = Number(attributes[attributes.indexOf('data-kana-kanji') + 1]);
      const { outerHTML } = await cdp.send('DOM.getOuterHTML', { nodeId });
      const where = outerHTML.slice(0, 120);
      const fromShipped = fonts.filter((f) => f.isCustomFont && f.familyName === 'Noto Sans JP').reduce((n, f) => n + f.glyphCount, 0);
      expect(fromShipped, `${where}: ${JSON.stringify(fonts)}`).toBeGreaterThanOrEqual(kanaKanji);
      checked.push(where);
    }
    // The mockups are among them: the platforms' own stacks (Arial, Helvetica …) come first there.
    for (const frame of ['x', 'facebook', 'linkedin', 'bluesky', 'whatsapp', 'slack', 'discord']) {
      expect(await page.locator(`.frame.${frame} [data-kana-kanji]`).count(), frame).toBeGreaterThan(0);
    }
    expect(await cspViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(artifacts, 'preview-story-ja-laptop.png') });
  });

  it('lays out right-to-left stories and phones (screenshots for review)', async () => {
    let page = await openPage({ width: 1366, height: 900 });
    await openStory(page, 'iran-us-talks-istanbul-fa');
    expect(await page.locator('#uidir-rtl').isChecked()).toBe(true);
    expect(await page.locator('.frame.x').evaluate((n) => getComputedStyle(n).direction)).toBe('rtl');
    expect(await page.locator('.frame.bluesky .title').evaluate((n) => getComputedStyle(n).direction)).toBe('rtl');
    await page.screenshot({ path: path.join(artifacts, 'preview-story-rtl-laptop.png'), fullPage: true });
    await page.check('#theme-dark');
    await page.screenshot({ path: path.join(artifacts, 'preview-story-rtl-dark-laptop.png'), fullPage: true });
    await context.close();

    page = await openPage({ width: 390, height: 844 });
    await openStory(page, 'us-iran-talks-istanbul');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, 'no horizontal scrolling on a phone').toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(artifacts, 'preview-story-phone.png'), fullPage: true });
    await openStory(page, 'iran-us-talks-istanbul-fa');
    await page.screenshot({ path: path.join(artifacts, 'preview-story-rtl-phone.png'), fullPage: true });
  });
});
