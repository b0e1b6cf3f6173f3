/**
 * The configuration schema: every key optional, defaults in one place, types derived from it.
 * `loadConfig` (src/config/load.ts) reads the JSON file and environment and validates here, so
 * a bad value stops startup with a message naming the key.
 */
import { z } from 'zod';
import ipaddr from 'ipaddr.js';
import { defaultArticleLimits } from '../core/limits.js';
import { canonicalLang, isAbsoluteHttpUrl } from '../core/article.js';
import { sharePlatforms, type SharePlatform } from '../core/share/utm.js';
import { defaultShareBarPlatforms, PLATFORM_PLACEHOLDER, shareBarStyles } from '../core/share-bar/index.js';
import { ghostSchema, ingestSchema, sourcesSchema } from '../ingest/config-schema.js';

/** `10.0.0.0/8`, `::1/128` or a single address. */
function isAddressOrRange(s: string): boolean {
  if (ipaddr.isValid(s)) return true;
  try {
    ipaddr.parseCIDR(s);
    return true;
  } catch {
    return false;
  }
}

const httpUrl = z.string().refine(isAbsoluteHttpUrl, { message: 'must be an absolute http: or https: URL' });
const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, { message: 'must be a colour like #0b1020' });
const positiveInt = z.number().int().positive();
const sharePlatformEnum = z.enum(sharePlatforms as readonly SharePlatform[] as [SharePlatform, ...SharePlatform[]]);

const limitsShape = Object.fromEntries(
  Object.entries(defaultArticleLimits).map(([k, v]) => [k, positiveInt.default(v)]),
) as { [K in keyof typeof defaultArticleLimits]: z.ZodDefault<z.ZodNumber> };

export const configSchema = z.strictObject({
  site: z
    .strictObject({
      name: z.string().min(1).default('Example News'),
      url: httpUrl.default('https://news.example.com'),
      /** Path (relative to the config file) or absolute http(s) URL of the logo (SVG or PNG). */
      logo: z.string().nullable().default(null),
      locale: z.string().regex(/^[a-z]{2,3}_[A-Z]{2}$/, { message: 'must be an Open Graph locale like en_US' }).default('en_US'),
      /** Default BCP 47 language for articles that carry none; derived from locale when unset. */
      lang: z.string().refine((s) => canonicalLang(s) !== undefined, { message: 'must be a BCP 47 tag' }).optional(),
      themeColor: color.default('#0b1020'),
      accentColor: color.default('#e4002b'),
      x: z.string().regex(/^@?[A-Za-z0-9_]{1,15}$/, { message: 'must be an X handle' }).transform((s) => s.replace(/^@/, '')).nullable().default(null),
      bluesky: z.string().transform((s) => s.replace(/^@/, '')).nullable().default(null),
      facebookAppId: z.string().regex(/^\d*$/, { message: 'must be digits' }).default(''),
    })
    .prefault({}),
  server: z
    .strictObject({
      port: z.number().int().min(0).max(65535).default(8080),
      host: z.string().default('0.0.0.0'),
      publicUrl: httpUrl.default('http://localhost:8080'),
      /** Express `trust proxy`: false, true, a hop count or a list of addresses. */
      trustProxy: z.union([z.boolean(), z.number().int().min(0), z.string(), z.array(z.string())]).default(false),
      maxBodyBytes: positiveInt.default(1024 * 1024),
      shutdownTimeoutMs: positiveInt.default(10_000),
      /**
       * Who may read `GET /metrics` without `security.metricsToken`: addresses or CIDR ranges,
       * matched against the client address (`trustProxy` decides whether X-Forwarded-For is
       * believed). Default: this host only.
       */
      metricsAllowFrom: z
        .array(z.string().refine(isAddressOrRange, { message: 'must be an IP address or CIDR range like 10.0.0.0/8' }))
        .default(['127.0.0.0/8', '::1/128']),
      /** Memory for built public pages (share pages, article-list pages) per replica, an LRU by bytes; 0 turns it off. */
      pageCacheMb: z.number().min(0).default(16),
      /**
       * Public dynamic pages (/a/:slug, /api/meta, /api/share, the article API's reads) answer 503 with
       * Retry-After while the event loop runs later than maxEventLoopDelayMs or more than
       * maxInFlight of them are in progress (0 turns a signal off). /healthz and /readyz are never shed.
       */
      loadShedding: z
        .strictObject({
          maxEventLoopDelayMs: z.number().int().min(0).default(75),
          maxInFlight: z.number().int().min(0).default(256),
          retryAfterSeconds: positiveInt.default(1),
        })
        .prefault({}),
      /**
       * A second listener for /healthz, /readyz and /metrics only (null: none). Point
       * orchestrator probes and Prometheus at it: a probe there is not queued behind a burst of
       * public connections, and /metrics there is protected by the bind address (adminHost).
       */
      adminPort: z.number().int().min(0).max(65535).nullable().default(null),
      adminHost: z.string().default('127.0.0.1'),
      /** On SIGTERM, how long /readyz fails while requests are still served, so load balancers stop routing first. */
      drainDelayMs: z.number().int().min(0).default(1_000),
      /** Per-client limits (requests per minute) on write routes and the signed ad-hoc render route. */
      rateLimit: z
        .strictObject({
          writesPerMinute: positiveInt.default(3000),
          adhocRendersPerMinute: positiveInt.default(120),
          /** Wrong bearer tokens per client, on any route (a burst of as many, then this rate); the right token is never limited. */
          authFailuresPerMinute: positiveInt.default(10),
        })
        .prefault({}),
    })
    .prefault({}),
  storage: z
    .strictObject({
      dataDir: z.string().default('./data'),
      databaseUrl: z.string().regex(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// URL' }).nullable().default(null),
    })
    .prefault({}),
  cache: z
    .strictObject({
      redisUrl: z.string().regex(/^rediss?:\/\//, { message: 'must be a redis:// URL' }).nullable().default(null),
      memoryMb: z.number().min(0).default(32),
      diskMb: z.number().min(0).default(1024),
    })
    .prefault({}),
  images: z
    .strictObject({
      allowedOrigins: z.array(httpUrl).default([]),
      /** URL prefix → local directory (relative to the config file). */
      localRoots: z.record(httpUrl, z.string()).default({}),
      allowHttp: z.boolean().default(false),
      maxSourceBytes: positiveInt.default(10 * 1024 * 1024),
      maxSourcePixels: positiveInt.default(40_000_000),
      fetchTimeoutMs: positiveInt.default(5_000),
      maxRedirects: z.number().int().min(0).max(10).default(3),
    })
    .prefault({}),
  security: z
    .strictObject({
      apiToken: z.string().min(16, { message: 'must be at least 16 characters' }).nullable().default(null),
      signingKeys: z.array(z.string().min(16, { message: 'must be at least 16 characters' })).default([]),
      /** Bearer token that lets a scraper read `GET /metrics` from any address (see server.metricsAllowFrom). */
      metricsToken: z.string().min(16, { message: 'must be at least 16 characters' }).nullable().default(null),
    })
    .prefault({}),
  feeds: z
    .strictObject({
      title: z.string().optional(),
      description: z.string().optional(),
      pageSize: z.number().int().min(1).max(500).default(50),
      maxPages: z.number().int().min(1).default(20),
      hub: httpUrl.nullable().default(null),
      /** Cache-Control max-age of feed responses. */
      maxAgeSeconds: z.number().int().min(0).default(300),
      /** Memory for built feed documents per replica (an LRU by bytes). */
      cacheMb: z.number().min(0).default(16),
      /** How long a replica may reuse its last read of the store's change stamp; 0 reads it on every request. */
      changeCheckMs: z.number().int().min(0).max(60_000).default(0),
    })
    .prefault({}),
  share: z
    .strictObject({
      utm: z.boolean().default(true),
      utmMedium: z.string().default('social'),
      utmCampaign: z.string().default('sharecard'),
      linkedinVersion: z.string().regex(/^\d{6}$/, { message: 'must be YYYYMM' }).default('202511'),
      linkedinAuthor: z.string().default('urn:li:organization:0'),
      /** Page id (numeric) or username; a `.` or `..` segment would climb the Graph API path, so only these characters. */
      facebookPageId: z
        .string()
        .regex(/^(?!\.+$)[A-Za-z0-9._-]{1,100}$/, { message: 'must be a page id or username (letters, digits, . _ -)' })
        .default('PAGE_ID'),
      /** Graph API version in the Facebook page-post request path. */
      facebookGraphVersion: z.string().regex(/^v\d+\.\d+$/, { message: 'must be a Graph API version like v21.0' }).default('v21.0'),
      /** Most hashtags (from article tags) added to X and Bluesky posts, where they fit. */
      maxHashtags: z.number().int().min(0).max(10).default(2),
      /** PDS that receives Bluesky createRecord/uploadBlob requests. */
      blueskyService: httpUrl.default('https://bsky.social'),
    })
    .prefault({}),
  /** The share bar (`GET /api/share/:slug/bar`): platforms in order, style, buttons, labels. */
  shareBar: z
    .strictObject({
      platforms: z
        .array(sharePlatformEnum)
        .min(1)
        .refine((a) => new Set(a).size === a.length, { message: 'must not repeat a platform' })
        .default([...defaultShareBarPlatforms]),
      style: z.enum(shareBarStyles).default('full'),
      copyLink: z.boolean().default(true),
      nativeShare: z.boolean().default(true),
      /** BCP 47 tag → labels replacing the built-in ones (en, fa, ar) or adding a language. */
      labels: z
        .record(
          z.string().refine((s) => canonicalLang(s) !== undefined, { message: 'must be a BCP 47 tag' }),
          z.strictObject({
            bar: z.string().min(1).optional(),
            shareOn: z.string().includes(PLATFORM_PLACEHOLDER, { message: `must contain ${PLATFORM_PLACEHOLDER}` }).optional(),
            copyLink: z.string().min(1).optional(),
            copied: z.string().min(1).optional(),
            share: z.string().min(1).optional(),
            platforms: z.partialRecord(sharePlatformEnum, z.string().min(1)).optional(),
          }),
        )
        .default({}),
    })
    .prefault({}),
  render: z
    .strictObject({
      workers: z.number().int().min(0).max(64).optional(),
      /** How long one card may take to draw once a worker has it (504 beyond). */
      renderTimeoutMs: positiveInt.default(15_000),
      /** How long a requested card may wait for a worker; refused early (503 + Retry-After) when the queue cannot start it by then. Crawlers wait about 10 s. */
      queueDeadlineMs: positiveInt.default(8_000),
      /** Requested cards waiting for a worker beyond which new ones are refused at once (a memory bound, not the shedding rule). */
      maxQueue: positiveInt.default(1024),
      /** Draw every card of a published article when it is created or changed, in the background (docs/prerender.md). */
      drawOnPublish: z.boolean().default(true),
      /** Worker heaps through each worker's resourceLimits: `compact` (a 24 MB young and a 512 MB old generation, see render/pool.ts workerResourceLimits) or `fast` (V8's defaults: more memory). */
      heap: z.enum(['compact', 'fast']).default('compact'),
    })
    .prefault({}),
  limits: z.strictObject(limitsShape).prefault({}),
  /** Ingest: polled sources, `sharecard sync` limits, Ghost webhooks (src/ingest/config-schema.ts). */
  sources: sourcesSchema,
  ingest: ingestSchema,
  ghost: ghostSchema,
});

export type ConfigInput = z.input<typeof configSchema>;
export type Config = z.output<typeof configSchema> & {
  site: { lang: string };
  /** Folder the config file was read from; relative paths resolve against it. */
  baseDir: string;
};
