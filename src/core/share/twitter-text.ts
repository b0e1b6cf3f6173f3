/**
 * twitter-text, X's published rule-keeper for counting, validating and linking post text,
 * loaded on first use rather than at `import 'sharecard'` time.
 *
 * Why lazily: twitter-text 3.1 ships only a CommonJS build that works in Node (its ESM build
 * imports files without extensions), and that build loads core-js 2 polyfills, which add
 * `__core-js_shared__` and `core` to globalThis and wrap Function.prototype.toString. Importing
 * sharecard must change nothing global, so the module is required the first time an X text is
 * counted, and not before. https://github.com/twitter/twitter-text/tree/master/js
 */
import { createRequire } from 'node:module';
import type * as TwitterText from 'twitter-text';

export type { ParsedTweet, ParseTweetOptions, UrlWithIndices, HashtagWithIndices } from 'twitter-text';

/** The module, with its `configs` (exported by twitter-text, missing from @types/twitter-text). */
export type TwitterTextModule = typeof TwitterText & {
  configs: Record<'version1' | 'version2' | 'version3' | 'defaults', TwitterText.ParseTweetOptions>;
};

let loaded: TwitterTextModule | undefined;

/** The twitter-text module (required once, on the first call). */
export function twitterText(): TwitterTextModule {
  loaded ??= createRequire(import.meta.url)('twitter-text') as TwitterTextModule;
  return loaded;
}
