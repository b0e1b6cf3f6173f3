/**
 * Which template and image format a stored article's card uses by default. One rule, used by
 * the renderer, the meta tags and the payloads, so og:image always names what is served.
 */
import type { Article, TemplateName } from './article.js';
import type { ImageFormat } from './presets.js';

/** The article's own template, else `photo` when it has a hero image, else `standard`. */
export function resolveTemplate(article: Pick<Article, 'template' | 'image'>): TemplateName {
  return article.template ?? (article.image ? 'photo' : 'standard');
}

/** Photos compress far better as JPEG; flat designs stay crisp and small as PNG. */
export function preferredFormat(article: Pick<Article, 'template' | 'image'>): ImageFormat {
  return resolveTemplate(article) === 'photo' ? 'jpg' : 'png';
}

export const mimeOf: Readonly<Record<ImageFormat, 'image/png' | 'image/jpeg'>> = Object.freeze({ png: 'image/png', jpg: 'image/jpeg' });
