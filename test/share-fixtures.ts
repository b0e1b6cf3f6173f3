/**
 * Stored articles built from the shared fixtures without a server, and a share context from
 * the test config, for the share and meta unit tests.
 */
import { parseArticle, type StoredArticle } from '../src/core/article.js';
import { buildStoredArticle } from '../src/core/stored-article.js';
import { shareContextFromConfig } from '../src/core/share/index.js';
import type { ShareContext } from '../src/core/share/types.js';
import { fixtureBody, loadFixtures, testConfig } from './helpers.js';

export const NOW = new Date('2026-02-04T12:00:00.000Z');

export function storedFixtures(): StoredArticle[] {
  return loadFixtures().map((f) => buildStoredArticle(f.slug, parseArticle(fixtureBody(f)), null, NOW));
}

export function storedArticle(slug: string, body: Record<string, unknown>): StoredArticle {
  return buildStoredArticle(slug, parseArticle(body), null, NOW);
}

export function testShareContext(overrides: Record<string, unknown> = {}): ShareContext {
  return shareContextFromConfig(testConfig('unused-data-dir', overrides), NOW);
}
