/**
 * The editor's live font coverage check in headless Chromium (Debian's package through
 * playwright-core): typing text no shipped font can draw into the headline puts "Characters no
 * shipped font can draw" in the Checks list before anything is saved, and fixing the text takes
 * it away again ("No problems found").
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_TOKEN } from './helpers.js';
import { startPreviewServer, type PreviewServer } from './preview-setup.js';
import { serviceAvailable } from './services-available.js';
import { launchChromium } from './chromium.js';

const hasChromium = await serviceAvailable('chromium');

describe.skipIf(!hasChromium)('live font coverage check in Chromium', { timeout: 90_000 }, () => {
  let server: PreviewServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startPreviewServer();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists the edited headline’s undrawable characters in Checks, and clears them when fixed', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.base}/preview/login`);
    await page.fill('#token', TEST_TOKEN);
    await Promise.all([page.waitForURL(`${server.base}/preview`), page.click('button[type=submit]')]);
    await page.goto(`${server.base}/preview/us-iran-talks-istanbul`);
    const tofu = page.locator('#warnings li[data-key="tofu"]');
    expect(await tofu.count()).toBe(0);

    await page.fill('#f-title', 'Talks in Lhasa: བོད་ལྗོངས་');
    await expect.poll(() => tofu.textContent(), { timeout: 30_000 }).toMatch(/^Characters no shipped font can draw: title: U\+0F56 བ/);
    expect(await tofu.getAttribute('class')).toBe('bad');
    // Nothing was saved.
    expect((await server.services.store.get('us-iran-talks-istanbul'))?.title).toBe('US and Iran to Hold High-Stakes Talks in Istanbul');

    // Thai is shipped: the check clears, although the story still is not saved.
    await page.fill('#f-title', 'ครม. อนุมัติงบ 3.5 แสนล้านบาท');
    await expect.poll(() => tofu.count(), { timeout: 30_000 }).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
