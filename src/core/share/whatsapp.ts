/**
 * WhatsApp: a message of headline and link, and the click-to-chat URL. WhatsApp previews the
 * first link in a message from the page's og:* tags (read from the first 300 KB of HTML).
 * https://faq.whatsapp.com/5913398998672934 (wa.me links: `https://wa.me/?text=`)
 * There is no public API to post to a feed, so `request` is null.
 */
import type { PublishedArticleLike, ShareContext, SharePayload } from './types.js';
import { urlWithQuery, withUtm } from './utm.js';

export function buildWhatsAppPayload(article: PublishedArticleLike, ctx: ShareContext): SharePayload {
  const link = withUtm(article.url, 'whatsapp', ctx.utm);
  const text = `${article.title}\n\n${link}`;
  return {
    platform: 'whatsapp',
    text,
    link,
    counts: { chars: text.length },
    intentUrl: urlWithQuery('https://wa.me/', { text }),
    request: null,
  };
}
