/**
 * Debian's Chromium for the browser tests, launched the one way they all use: no sandbox (CI
 * runs as root), no GPU, and none of the background traffic a fresh profile starts.
 */
import { chromium, type Browser } from 'playwright-core';
import { chromiumPath } from './services-available.js';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}
