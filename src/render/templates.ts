/**
 * The template registry: every template in templates/, by name. Templates are plain modules,
 * imported statically so they load the same way from src/ (tests) and dist/ (production).
 */
import type { TemplateName } from '../core/article.js';
import standard from '../../templates/standard.js';
import photo from '../../templates/photo.js';
import quote from '../../templates/quote.js';
import alert from '../../templates/alert.js';
import type { Template } from './template.js';
import { sha256url } from '../core/digest.js';

export const templates: Readonly<Record<TemplateName, Template>> = Object.freeze({ standard, photo, quote, alert });

export function getTemplate(name: TemplateName): Template {
  return templates[name];
}

/**
 * One hash over every template's name and version. Templates share parts (photo falls back to
 * standard), so any template's bump invalidates every cached card: simple and never stale.
 */
export const templatesVersion: string = sha256url(Object.values(templates).map((t) => `${t.name}@${t.version}`).join(','), 8);
