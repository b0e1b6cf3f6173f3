/**
 * The share bar: privacy-friendly share buttons served by sharecard itself (no third-party
 * script, nothing loaded from the platforms until a reader clicks). Pure: article, share
 * context and options in, a data model and an HTML fragment out.
 *
 * @example
 *   const model = buildShareBar(article, shareContextFromConfig(config, new Date()), config.shareBar);
 *   const html = renderShareBarHtml(model);
 */
export { buildShareBar, defaultShareBarPlatforms, shareBarStyles } from './model.js';
export type { ShareBarArticle, ShareBarLink, ShareBarModel, ShareBarOptions, ShareBarStyle } from './model.js';
export { renderShareBarHtml } from './html.js';
export { builtInShareBarLabels, resolveShareBarLabels, shareOnLabel, PLATFORM_PLACEHOLDER } from './labels.js';
export type { ShareBarLabels, ShareBarLabelOverrides } from './labels.js';
export { shareBarIcons } from './icons.js';
export type { ShareBarIcon, ShareBarIconName } from './icons.js';
