/**
 * A small news site the ingest tests serve themselves on 127.0.0.1: article pages (JSON-LD,
 * meta tags only, relative URLs, right-to-left, CJK, a page with nothing but <title>), every
 * kind of source (RSS, Atom, JSON Feed, Google News sitemap, sitemap index, WordPress REST API
 * with and without Yoast) and hostile pages. Documents get a strong ETag and answer 304 to a
 * matching If-None-Match, as a real site behind a CDN does; every request is logged.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoggedRequest {
  path: string;
  status: number;
  ifNoneMatch?: string;
  userAgent?: string;
}

type Doc = { type: string; body: string; status?: number } | ((req: http.IncomingMessage, res: http.ServerResponse) => void);

export interface Site {
  origin: string;
  docs: Map<string, Doc>;
  log: LoggedRequest[];
  close(): Promise<void>;
}

export async function startSite(build: (origin: string) => Map<string, Doc>): Promise<Site> {
  const docs = new Map<string, Doc>();
  const log: LoggedRequest[] = [];
  const server = http.createServer((req, res) => {
    const path = decodeURI((req.url ?? '/').split('?')[0]);
    const doc = docs.get(path) ?? docs.get(req.url ?? '/');
    const entry: LoggedRequest = { path, status: 0, ifNoneMatch: req.headers['if-none-match'], userAgent: req.headers['user-agent'] };
    log.push(entry);
    res.on('finish', () => (entry.status = res.statusCode));
    if (!doc) {
      res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>');
      return;
    }
    if (typeof doc === 'function') return doc(req, res);
    const etag = `"${createHash('sha1').update(doc.body).digest('hex')}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag }).end();
      return;
    }
    res.writeHead(doc.status ?? 200, { 'content-type': doc.type, etag }).end(doc.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  for (const [k, v] of build(origin)) docs.set(k, v);
  return {
    origin,
    docs,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const html = (body: string) => ({ type: 'text/html; charset=utf-8', body });
const xml = (body: string, type = 'application/xml') => ({ type: `${type}; charset=utf-8`, body });
const json = (value: unknown, type = 'application/json') => ({ type: `${type}; charset=utf-8`, body: JSON.stringify(value) });

export const PERSIAN_PATH = '/fa/news/گفتگوهای-استانبول';
export const PERSIAN_TITLE = 'گفت‌وگوهای ایران و آمریکا در استانبول';

/** Page A: everything in JSON-LD (a Yoast-like @graph), with meta tags that must lose to it. */
export function jsonLdPage(origin: string, headline = 'US and Iran resume talks in Istanbul &amp; agree on next round'): string {
  const graph = {
    '@context': 'https://schema.org',
    '@graph': [
      {
        '@type': 'NewsArticle',
        '@id': '#article',
        headline,
        description: 'Negotiators met for six hours.',
        articleSection: ['World', 'Middle East'],
        keywords: 'Iran, United States, diplomacy',
        author: [{ '@id': '#/schema/person/1' }],
        image: { '@id': '#primaryimage' },
        datePublished: '2026-02-03T08:30:00+03:30',
        dateModified: '2026-02-03T10:00:00Z',
        inLanguage: 'en-US',
        mainEntityOfPage: { '@id': '/news/us-iran-talks-istanbul/' },
      },
      { '@type': 'ImageObject', '@id': '#primaryimage', url: '/media/talks.jpg', width: 1600, height: 900, caption: 'Delegates arrive in Istanbul' },
      { '@type': 'Person', '@id': '#/schema/person/1', name: 'Sara Ahmadi', url: `${origin}/authors/sara` },
    ],
  };
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>US and Iran resume talks | Example News</title>
<link rel="canonical" href="/news/us-iran-talks-istanbul/">
<meta property="og:title" content="OG title that must lose">
<meta property="og:description" content="OG description that must lose">
<meta property="og:image" content="/media/og-loses.jpg">
<meta property="article:section" content="OG section that must lose">
<script type="application/ld+json">${JSON.stringify(graph)}</script>
</head><body><h1>US and Iran resume talks</h1></body></html>`;
}

/** Page B: meta tags only, a relative og:image, og:locale. */
const metaOnlyPage = `<!doctype html><html lang="en"><head>
<title>Markets rally | Example News</title>
<link rel="canonical" href="/business/markets-rally.html">
<meta property="og:title" content="Markets rally as inflation cools">
<meta property="og:description" content="Stocks rose on Tuesday &amp; bonds fell.">
<meta property="og:image" content="../media/markets.jpg">
<meta property="og:image:width" content="1200">
<meta property="og:image:height" content="630">
<meta property="og:image:alt" content="Traders on the floor">
<meta property="article:section" content="Business">
<meta property="article:tag" content="Markets">
<meta property="article:tag" content="Inflation">
<meta property="article:published_time" content="2026-02-04T09:00:00Z">
<meta property="article:modified_time" content="2026-02-04T11:30:00Z">
<meta name="author" content="Li Wei">
<meta property="og:locale" content="en_GB">
</head><body></body></html>`;

/** Page C: Persian, right to left, its path in Persian. */
function persianPage(origin: string): string {
  const ld = { '@context': 'https://schema.org', '@type': 'NewsArticle', headline: PERSIAN_TITLE, description: 'مذاکره‌کنندگان شش ساعت گفت‌وگو کردند.', datePublished: '2026-02-03T12:00:00+03:30', author: { '@type': 'Person', name: 'سارا احمدی' } };
  return `<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8">
<link rel="canonical" href="${origin}${encodeURI(PERSIAN_PATH)}">
<script type="application/ld+json">${JSON.stringify(ld)}</script></head><body></body></html>`;
}

/** Page D: Japanese, meta tags only, no date (the feed gives it). */
const japanesePage = `<!doctype html><html lang="ja"><head><meta charset="utf-8">
<meta property="og:title" content="東京五輪のレガシー、10年後の評価">
<meta property="og:description" content="競技場の多くは今も使われている。">
<meta property="og:image" content="/media/tokyo.jpg">
<meta name="twitter:image:alt" content="国立競技場">
<meta name="twitter:image" content="/media/tokyo.jpg">
</head><body></body></html>`;

/** Page E: nothing but <title> and a canonical link: every other field comes from the source. */
const quietPage = `<!doctype html><html><head><title>Quiet story | Example News</title>
<link rel="canonical" href="/plain/quiet-story"></head><body><p>Text.</p></body></html>`;

/** A page whose headline carries markup and script. */
const scriptTitlePage = `<!doctype html><html lang="en"><head>
<meta property="og:title" content="&lt;script&gt;alert(1)&lt;/script&gt;Breaking: dam holds">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"<img src=x onerror=alert(1)>Dam holds <script>alert(2)<\\/script>after storm","datePublished":"2026-02-05T00:00:00Z"}</script>
</head><body></body></html>`;

export const QUIET = {
  rss: { title: 'Quiet story (RSS)', description: 'From the RSS description', publishedAt: '2026-01-10T08:00:00.000Z', author: 'Ana Souza', tags: ['Local', 'Weather'], lang: 'en-GB', image: '/media/quiet-rss.jpg', alt: 'A quiet street' },
  atom: { title: 'Quiet story (Atom)', description: 'From the Atom summary', publishedAt: '2026-01-11T08:00:00.000Z', updatedAt: '2026-01-12T09:30:00.000Z', author: 'Ben Okafor', tags: ['Atom tag'], lang: 'en-AU' },
  json: { title: 'Quiet story (JSON Feed)', description: 'From the JSON Feed summary', publishedAt: '2026-01-13T08:00:00.000Z', updatedAt: '2026-01-14T08:00:00.000Z', author: 'Chen Jie', tags: ['Json tag'], lang: 'en-CA', image: '/media/quiet-json.jpg' },
  news: { title: 'Stille Geschichte (News sitemap)', publishedAt: '2026-01-15T07:00:00.000Z', updatedAt: '2026-01-16T07:00:00.000Z', lang: 'de', tags: ['Wetter', 'Lokales'], image: '/media/quiet-news.jpg', alt: 'Eine ruhige Straße' },
};

export function buildSite(origin: string): Map<string, Doc> {
  const docs = new Map<string, Doc>();
  docs.set('/news/us-iran-talks-istanbul/', html(jsonLdPage(origin)));
  docs.set('/business/markets-rally.html', html(metaOnlyPage));
  docs.set(PERSIAN_PATH, html(persianPage(origin)));
  docs.set('/ja/tokyo-olympics-legacy', html(japanesePage));
  docs.set('/plain/quiet-story', html(quietPage));
  docs.set('/hostile/script-title', html(scriptTitlePage));
  docs.set('/hostile/huge', (_req, res) => {
    // 10 MB of HTML, streamed without a Content-Length.
    res.writeHead(200, { 'content-type': 'text/html' });
    const chunk = `<p>${'x'.repeat(64 * 1024)}</p>`;
    let sent = 0;
    const pump = () => {
      while (sent < 10 * 1024 * 1024) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    res.on('close', () => (sent = Infinity));
    pump();
  });
  docs.set('/hostile/loop', (_req, res) => void res.writeHead(302, { location: '/hostile/loop' }).end());
  docs.set('/hostile/endless', (_req, res) => {
    // A document that never ends: a byte every 50 ms, forever.
    res.writeHead(200, { 'content-type': 'text/html' });
    res.write('<html><head><title>');
    const t = setInterval(() => res.write('a'), 50);
    res.on('close', () => clearInterval(t));
  });
  docs.set('/hostile/endless-feed.xml', (_req, res) => {
    // A feed that never ends: items as fast as the socket takes them.
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    res.write('<?xml version="1.0"?><rss version="2.0"><channel>');
    let open = true;
    res.on('close', () => (open = false));
    const pump = () => {
      while (open && res.write(`<item><title>More</title><link>/more/${'m'.repeat(200)}</link></item>`));
      if (open) res.once('drain', pump);
    };
    pump();
  });
  docs.set('/hostile/offsite', (_req, res) => void res.writeHead(302, { location: 'http://localhost:9/elsewhere' }).end());
  docs.set('/hostile/untitled', html('<!doctype html><html><head></head><body>no title anywhere</body></html>'));

  const rssItem = (link: string, extra = '') => `<item><link>${link}</link>${extra}</item>`;
  docs.set(
    '/feed.xml',
    xml(
      `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/"><channel>
<title>Example News</title><link>${origin}/</link><language>en-GB</language>
${rssItem(`${origin}/news/us-iran-talks-istanbul/`, '<title>Feed title that must lose</title>')}
${rssItem('/business/markets-rally.html')}
${rssItem(`${origin}${encodeURI(PERSIAN_PATH)}`)}
${rssItem('/ja/tokyo-olympics-legacy', '<title>Tokyo</title><pubDate>Wed, 04 Feb 2026 01:00:00 +0900</pubDate><dc:creator>田中 花子</dc:creator><category>Sports</category>')}
${rssItem(
  '/plain/quiet-story',
  `<title>${QUIET.rss.title}</title><description><![CDATA[<p>${QUIET.rss.description}</p>]]></description><pubDate>Sat, 10 Jan 2026 08:00:00 GMT</pubDate><dc:creator>${QUIET.rss.author}</dc:creator><category>Local</category><category>Weather</category><media:content url="${QUIET.rss.image}" medium="image"><media:description>${QUIET.rss.alt}</media:description></media:content>`,
)}
${rssItem('/hostile/script-title')}
${rssItem('/hostile/huge', '<title>Huge</title>')}
${rssItem('/hostile/loop', '<title>Loop</title>')}
${rssItem('/hostile/endless', '<title>Endless</title>')}
${rssItem('/hostile/offsite', '<title>Offsite</title>')}
${rssItem('/hostile/untitled')}
${rssItem('http://localhost:9/other-site', '<title>Other site</title>')}
</channel></rss>`,
      'application/rss+xml',
    ),
  );

  docs.set(
    '/atom.xml',
    xml(
      `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${QUIET.atom.lang}"><title>Example News</title><id>${origin}/</id><updated>2026-01-12T09:30:00Z</updated>
<entry><title>A</title><link rel="alternate" href="/news/us-iran-talks-istanbul/"/><id>a</id><updated>2026-02-03T10:00:00Z</updated></entry>
<entry><title type="html">Quiet &lt;em&gt;story&lt;/em&gt; (Atom)</title><link href="/plain/quiet-story"/><id>q</id>
<published>2026-01-11T08:00:00Z</published><updated>2026-01-12T09:30:00Z</updated>
<summary type="html">&lt;p&gt;${QUIET.atom.description}&lt;/p&gt;</summary><author><name>${QUIET.atom.author}</name><uri>/authors/ben</uri></author><category term="${QUIET.atom.tags[0]}"/></entry>
</feed>`,
      'application/atom+xml',
    ),
  );

  docs.set(
    '/feed.json',
    json(
      {
        version: 'https://jsonfeed.org/version/1.1',
        title: 'Example News',
        language: QUIET.json.lang,
        items: [
          { id: 'b', url: '/business/markets-rally.html', title: 'B' },
          {
            id: 'q',
            url: `${origin}/plain/quiet-story`,
            title: QUIET.json.title,
            summary: QUIET.json.description,
            image: QUIET.json.image,
            date_published: '2026-01-13T08:00:00Z',
            date_modified: '2026-01-14T08:00:00Z',
            authors: [{ name: QUIET.json.author, url: '/authors/chen' }],
            tags: QUIET.json.tags,
          },
        ],
      },
      'application/feed+json',
    ),
  );

  docs.set(
    '/news-sitemap.xml',
    xml(`<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
<url><loc>${origin}/ja/tokyo-olympics-legacy</loc><news:news><news:publication><news:name>Example</news:name><news:language>ja</news:language></news:publication><news:publication_date>2026-02-03T16:00:00Z</news:publication_date><news:title>東京</news:title></news:news></url>
<url><loc>${origin}/plain/quiet-story</loc><lastmod>2026-01-16T07:00:00Z</lastmod>
<news:news><news:publication><news:name>Example</news:name><news:language>${QUIET.news.lang}</news:language></news:publication>
<news:publication_date>2026-01-15T07:00:00Z</news:publication_date><news:title>${QUIET.news.title}</news:title><news:keywords>Wetter, Lokales</news:keywords></news:news>
<image:image><image:loc>${origin}${QUIET.news.image}</image:loc><image:caption>${QUIET.news.alt}</image:caption></image:image></url>
</urlset>`),
  );

  docs.set(
    '/sitemap-index.xml',
    xml(`<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>${origin}/sitemap-1.xml</loc></sitemap><sitemap><loc>http://localhost:9/foreign-sitemap.xml</loc></sitemap>
</sitemapindex>`),
  );
  docs.set(
    '/sitemap-1.xml',
    xml(`<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>${origin}/business/markets-rally.html</loc><lastmod>2026-02-04</lastmod></url></urlset>`),
  );

  const wpPost = (id: number, link: string, extra: Record<string, unknown>) => ({
    id,
    date: '2026-01-17T09:00:00',
    date_gmt: '2026-01-17T08:00:00',
    modified_gmt: '2026-01-18T08:00:00',
    slug: 'quiet-story',
    status: 'publish',
    link,
    title: { rendered: 'Quiet story&#8217;s WordPress title' },
    excerpt: { rendered: '<p>WordPress excerpt &amp; more [&hellip;]</p>\n', protected: false },
    ...extra,
  });
  docs.set('/wp-json/wp/v2/posts', json([wpPost(7, `${origin}/plain/quiet-story`, {})]));
  docs.set(
    '/yoast/wp-json/wp/v2/posts',
    json([
      wpPost(7, `${origin}/plain/quiet-story`, {
        yoast_head_json: {
          title: 'Quiet story - Example News',
          description: 'Yoast meta description',
          canonical: `${origin}/plain/quiet-story`,
          og_locale: 'en_IE',
          og_type: 'article',
          og_title: 'Quiet story (Yoast)',
          og_description: 'Yoast OG description',
          og_url: `${origin}/plain/quiet-story`,
          article_published_time: '2026-01-19T08:00:00+00:00',
          article_modified_time: '2026-01-20T08:00:00+00:00',
          og_image: [{ width: 1200, height: 675, url: `${origin}/media/quiet-yoast.jpg`, type: 'image/jpeg' }],
          author: 'Dana Levi',
          schema: {
            '@context': 'https://schema.org',
            '@graph': [
              { '@type': 'Article', '@id': `${origin}/plain/quiet-story#article`, headline: 'Quiet story (Yoast schema)', articleSection: ['Yoast section'], keywords: ['Yoast tag'], image: { '@id': `${origin}/#primaryimage` } },
              { '@type': 'ImageObject', '@id': `${origin}/#primaryimage`, url: `${origin}/media/quiet-yoast.jpg`, caption: 'Yoast caption' },
            ],
          },
        },
      }),
    ]),
  );
  // Site pages that are not articles: sync follows what they link to.
  docs.set('/', html(`<!doctype html><html><head><meta property="og:type" content="website"><title>Example News</title>
<link rel="alternate" type="application/atom+xml" title="Atom" href="/atom.xml"></head><body></body></html>`));
  docs.set('/wp/', html(`<!doctype html><html><head><meta property="og:type" content="website">
<link rel="alternate" type="application/rss+xml" href="/feed.xml"><link rel="https://api.w.org/" href="${origin}/wp/wp-json/"></head></html>`));
  docs.set('/bare/', html('<!doctype html><html><head><meta property="og:type" content="website"><title>Bare</title></head></html>'));
  docs.set('/wp/wp-json/wp/v2/posts', (req, res) => {
    // Two pages of posts, as WordPress paginates: X-WP-TotalPages and ?page=N.
    const page = new URL(req.url ?? '/', origin).searchParams.get('page') ?? '1';
    const posts = page === '1' ? [wpPost(7, `${origin}/plain/quiet-story`, {})] : page === '2' ? [wpPost(8, `${origin}/business/markets-rally.html`, {})] : [];
    res.writeHead(posts.length ? 200 : 400, { 'content-type': 'application/json', 'x-wp-total': '2', 'x-wp-totalpages': '2' }).end(JSON.stringify(posts));
  });
  return docs;
}
