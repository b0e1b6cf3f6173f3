/**
 * Facebook: the sharer dialog (it takes only `u`; everything else comes from og:* tags) and the
 * Graph API page-post request.
 * https://developers.facebook.com/docs/sharing/reference/share-dialog
 * https://developers.facebook.com/docs/graph-api/reference/page/feed/#publish (`message`, `link`)
 */
import type { PublishedArticleLike, ShareContext, SharePayload } from './types.js';
import { urlWithQuery, withUtm } from './utm.js';

export function buildFacebookPayload(article: PublishedArticleLike, ctx: ShareContext): SharePayload {
  const link = withUtm(article.url, 'facebook', ctx.utm);
  const text = article.title;
  const graph = new URL('https://graph.facebook.com/');
  graph.pathname = `/${encodeURIComponent(ctx.facebook.graphVersion)}/${encodeURIComponent(ctx.facebook.pageId)}/feed`;
  return {
    platform: 'facebook',
    text,
    link,
    counts: { chars: text.length },
    intentUrl: urlWithQuery('https://www.facebook.com/sharer/sharer.php', { u: link }),
    request: {
      method: 'POST',
      url: graph.href,
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer <page access token>' },
      body: { message: text, link },
    },
  };
}
