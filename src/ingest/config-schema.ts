/**
 * The configuration of ingest (`sharecard sync`, polled `sources`, Ghost webhooks). Kept here
 * and plugged into src/config/schema.ts, so the config schema stays one object while the keys
 * that only ingest reads live beside the code that reads them.
 */
import { z } from 'zod';
import { isAbsoluteHttpUrl } from '../core/article.js';
import { parseTtlSeconds } from '../cli/sign.js';

const httpUrl = z.string().refine(isAbsoluteHttpUrl, { message: 'must be an absolute http: or https: URL' });
const positiveInt = z.number().int().positive();

/** How a slug is made from the canonical URL's path (docs/ingest.md, "Slugs"). */
export const slugSources = ['last-segment', 'path'] as const;
export type SlugSource = (typeof slugSources)[number];

/** Polled sources: `{ url, every, origins }`; `every` is seconds or a number with s, m, h or d. */
export const sourcesSchema = z
  .array(
    z.strictObject({
      url: httpUrl,
      every: z
        .union([z.number(), z.string()])
        .transform((v, ctx) => {
          const seconds = typeof v === 'number' ? (Number.isInteger(v) && v > 0 ? v : undefined) : parseTtlSeconds(v);
          if (seconds === undefined || seconds < 10) {
            ctx.addIssue({ code: 'custom', message: 'must be a duration of at least 10 seconds: seconds, or with s, m, h or d (e.g. 900, 15m)' });
            return z.NEVER;
          }
          return seconds;
        })
        .default(900),
      /** Origins besides the source's own whose pages may be read (e.g. a CDN-hosted sitemap's site). */
      origins: z.array(httpUrl).default([]),
    }),
  )
  .default([]);

export const ingestSchema = z
  .strictObject({
    /** Documents fetched at once per sync run. */
    concurrency: z.number().int().min(1).max(32).default(4),
    /** Least time between two requests to the same host. */
    hostDelayMs: z.number().int().min(0).max(60_000).default(250),
    /** Deadline of one document: connection, every redirect, headers and the whole body. */
    fetchTimeoutMs: positiveInt.default(15_000),
    /** Largest document read (feed, sitemap, API page or HTML page), counted as it streams. */
    maxDocumentBytes: positiveInt.default(5 * 1024 * 1024),
    maxRedirects: z.number().int().min(0).max(10).default(5),
    /** Most stories one run reads (`--limit` lowers it). */
    maxStories: positiveInt.default(1000),
    /** Most child sitemaps read from a sitemap index, and WordPress API pages. */
    maxSitemaps: positiveInt.default(50),
    slugFrom: z.enum(slugSources).default('last-segment'),
  })
  .prefault({});

export const ghostSchema = z
  .strictObject({
    /** The secret of the Ghost custom integration's webhooks; null refuses every delivery. */
    webhookSecret: z.string().min(16, { message: 'must be at least 16 characters' }).nullable().default(null),
    /** A delivery whose `t=` is older (or further ahead) than this is refused as a replay. */
    maxSignatureAgeSeconds: positiveInt.default(300),
  })
  .prefault({});

export type IngestConfig = z.output<typeof ingestSchema>;
export type SourceConfig = z.output<typeof sourcesSchema>[number];
