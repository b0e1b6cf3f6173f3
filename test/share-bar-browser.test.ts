/**
 * The share bar in headless Chromium (Debian's package through playwright-core; never a
 * downloaded browser). A page served by the test embeds the fragment, the stylesheet and the
 * script under a strict CSP. Checks: no console error, CSP violation or request to another
 * host; keyboard focus order and accessible names; right-to-left layout; the copy and
 * native-share buttons; the bar without JavaScript. Screenshots go to test-artifacts/ for a
 * human to look at.
 */
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { escapeHtmlAttr, escapeHtmlText } from '../src/core/escape.js';
import { builtInShareBarLabels } from '../src/core/share-bar/index.js';
import { createApp } from '../src/http/app.js';
import { auth, createTestServices, fixtureBody, loadFixtures, repoRoot } from './helpers.js';
import { serviceAvailable } from './services-available.js';
import { launchChromium } from './chromium.js';

const hasChromium = await serviceAvailable('chromium');
const artifacts = path.join(repoRoot, 'test-artifacts');
const PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'";
// Stands in for a publisher's article page around the bar.
const PAGE_CSS = `body{margin:0;background:#fff;color:#111;font-family:"DejaVu Sans",system-ui,sans-serif}
main{max-width:760px;margin:0 auto;padding:24px}
.kicker{margin:0;color:#b00020;font-size:13px;font-weight:700;letter-spacing:.04em;text-transform:uppercase}
h1{margin:6px 0 10px;font-size:28px;line-height:1.2}
.lede{margin:0 0 8px;color:#444;font-size:16px;line-height:1.5}
`;

describe.skipIf(!hasChromium)('share bar in Chromium', () => {
  let base: string;
  let server: Server;
  let stopServices: () => Promise<void>;
  let browser: Browser;
  let context: BrowserContext;
  const problems: string[] = [];

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    const t = await createTestServices();
    stopServices = t.cleanup;
    const outer = express();
    outer.get('/test-page.css', (_req, res) => void res.type('text/css').send(PAGE_CSS));
    // The page a publisher would serve: the fragment fetched from sharecard, our CSS and JS.
    outer.get('/test-page/:slug', async (req, res) => {
      const query = new URLSearchParams(req.query as Record<string, string>).toString();
      const bar = await (await fetch(`${base}/api/share/${req.params.slug}/bar?format=json${query ? `&${query}` : ''}`)).json();
      const article = await (await fetch(`${base}/api/articles/${req.params.slug}`)).json();
      const local = (u: string) => new URL(u).pathname + new URL(u).search;
      res.setHeader('Content-Security-Policy', PAGE_CSP);
      res.type('html').send(
        `<!doctype html><html lang="${escapeHtmlAttr(bar.lang)}" dir="${escapeHtmlAttr(bar.dir)}"><head><meta charset="utf-8"><title>Share bar</title>` +
          `<link rel="stylesheet" href="/test-page.css"><link rel="stylesheet" href="${escapeHtmlAttr(local(bar.assets.css))}">` +
          `<script src="${escapeHtmlAttr(local(bar.assets.js))}" defer></script></head><body><main>` +
          `<p class="kicker">${escapeHtmlText(article.section ?? '')}</p><h1>${escapeHtmlText(article.title)}</h1>` +
          `<p class="lede">${escapeHtmlText(article.description ?? '')}</p>${bar.html}</main></body></html>`,
      );
    });
    outer.use(createApp(t.services));
    server = await new Promise<Server>((resolve) => {
      const s = outer.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    for (const f of loadFixtures()) {
      await fetch(`${base}/api/articles/${f.slug}`, { method: 'PUT', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(fixtureBody(f)) });
    }
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => {
      if (!server) return resolve();
      server.closeAllConnections();
      server.close(() => resolve());
    });
    await stopServices?.();
  });
  afterEach(async () => {
    await context?.close();
    expect(problems, 'console errors, CSP violations or requests to other hosts').toEqual([]);
    problems.length = 0;
  });

  async function openBar(slug: string, query = '', options: { javaScriptEnabled?: boolean; initScript?: () => void } = {}): Promise<Page> {
    context = await browser.newContext({ viewport: { width: 820, height: 360 }, deviceScaleFactor: 1, javaScriptEnabled: options.javaScriptEnabled ?? true });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    // Nothing may leave the machine: a request to another host is recorded and refused.
    await page.route('**/*', (route) => {
      const u = new URL(route.request().url());
      if (u.origin === base) return route.continue();
      problems.push(`request to another host: ${u.href}`);
      return route.abort();
    });
    await page.addInitScript(() => {
      (window as unknown as { cspViolations: string[] }).cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { cspViolations: string[] }).cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    if (options.initScript) await page.addInitScript(options.initScript);
    await page.goto(`${base}/test-page/${slug}${query ? `?${query}` : ''}`);
    await page.waitForLoadState('load');
    if (options.javaScriptEnabled !== false) {
      await page.waitForSelector('[data-sharecard-ready]', { state: 'attached' });
      expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
    }
    return page;
  }

  /** Accessible names of the elements focused by pressing Tab from the top of the page. */
  async function tabOrder(page: Page, count: number): Promise<string[]> {
    await page.locator('h1').click();
    const names: string[] = [];
    for (let i = 0; i < count; i++) {
      await page.keyboard.press('Tab');
      names.push(await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.tagName ?? ''));
    }
    return names;
  }

  const shot = (page: Page, name: string) => page.locator('main').screenshot({ path: path.join(artifacts, `share-bar-${name}.png`) });

  it('left to right, full: tabs through every link and the copy button by name, copies the link', async () => {
    const page = await openBar('us-iran-talks-istanbul');
    const en = builtInShareBarLabels.en;
    const hasNativeShare = await page.evaluate(() => typeof navigator.share === 'function');
    const expected = ['Share on Facebook', 'Share on X', 'Share on LinkedIn', 'Share on Bluesky', 'Share on WhatsApp', en.copyLink, ...(hasNativeShare ? [en.share] : [])];
    expect(await tabOrder(page, expected.length)).toEqual(expected);
    for (const name of expected.slice(0, 5)) await expect(page.getByRole('link', { name, exact: true }).isVisible()).resolves.toBe(true);
    expect(await page.getByRole('navigation', { name: en.bar }).count()).toBe(1);
    // The icons are decorative: the accessibility tree shows each link by its name only.
    const tree = await page.getByRole('navigation').ariaSnapshot();
    expect(tree).toContain('link "Share on Bluesky"');
    expect(tree).not.toMatch(/\bimg\b/);
    await expect(page.getByRole('button', { name: en.share, exact: true }).isVisible()).resolves.toBe(hasNativeShare);

    // Focus is on the copy button now (the last name in the order without native share).
    await page.keyboard.press(hasNativeShare ? 'Shift+Tab' : 'Enter');
    if (hasNativeShare) await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('status').textContent()).toBe(en.copied);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('https://news.example.com/world/us-iran-talks-istanbul');
    await page.getByRole('link', { name: 'Share on X' }).focus();
    await shot(page, 'ltr-full');
  });

  it('right to left (Persian), full: the first platform sits at the right and is focused first', async () => {
    const page = await openBar('iran-us-talks-istanbul-fa');
    const fa = builtInShareBarLabels.fa;
    const names = ['facebook', 'x', 'linkedin', 'bluesky', 'whatsapp'].map((p) => fa.shareOn.replace('{platform}', fa.platforms[p as 'x']));
    expect(await tabOrder(page, 6)).toEqual([...names, fa.copyLink]);
    const boxes = await Promise.all(names.map((name) => page.getByRole('link', { name, exact: true }).boundingBox()));
    const xs = boxes.map((b) => b!.x);
    expect([...xs].sort((a, b) => b - a)).toEqual(xs);
    await page.locator('h1').click();
    await shot(page, 'rtl-fa-full');
  });

  it('compact, left to right and Arabic: icon buttons with names, tooltips, at least 40 px', async () => {
    const page = await openBar('us-iran-talks-istanbul', 'style=compact');
    for (const a of await page.locator('.sharecard-bar__link').all()) {
      const box = (await a.boundingBox())!;
      expect(box.width).toBeGreaterThanOrEqual(40);
      expect(box.height).toBeGreaterThanOrEqual(40);
      expect(await a.innerText()).toBe('');
    }
    await expect(page.getByRole('link', { name: 'Share on Bluesky', exact: true }).isVisible()).resolves.toBe(true);
    await page.getByRole('link', { name: 'Share on LinkedIn' }).hover();
    await shot(page, 'ltr-compact');
    await context.close();

    const ar = await openBar('arabic-mediators', 'style=compact');
    const labels = builtInShareBarLabels.ar;
    const first = (await ar.getByRole('link', { name: labels.shareOn.replace('{platform}', labels.platforms.facebook) }).boundingBox())!;
    const last = (await ar.getByRole('link', { name: labels.shareOn.replace('{platform}', labels.platforms.whatsapp) }).boundingBox())!;
    expect(first.x).toBeGreaterThan(last.x);
    await shot(ar, 'rtl-ar-compact');
  });

  it('reveals the native-share button where navigator.share exists and shares title and link', async () => {
    const page = await openBar('us-iran-talks-istanbul', '', {
      initScript: () => {
        const w = window as unknown as { shared: unknown[] };
        w.shared = [];
        Object.defineProperty(Navigator.prototype, 'share', { configurable: true, value: (data: unknown) => (w.shared.push(data), Promise.resolve()) });
      },
    });
    const button = page.getByRole('button', { name: builtInShareBarLabels.en.share, exact: true });
    await expect(button.isVisible()).resolves.toBe(true);
    await button.click();
    expect(await page.evaluate(() => (window as unknown as { shared: unknown[] }).shared)).toEqual([
      { title: 'US and Iran to Hold High-Stakes Talks in Istanbul', url: 'https://news.example.com/world/us-iran-talks-istanbul' },
    ]);
    await shot(page, 'ltr-full-native-share');
  });

  it('works without JavaScript: every link is there, the buttons that need the script are not', async () => {
    const page = await openBar('us-iran-talks-istanbul', '', { javaScriptEnabled: false });
    expect(await page.getByRole('link').count()).toBe(5);
    expect(await page.getByRole('button').count()).toBe(0);
    expect(await page.locator('.sharecard-bar__button').evaluateAll((els) => els.map((e) => (e as HTMLElement).offsetParent))).toEqual([null, null]);
    await shot(page, 'ltr-full-no-js');
  });
});
