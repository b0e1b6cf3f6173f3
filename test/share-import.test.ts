/**
 * The share rule-keepers are loaded on first use, not at `import 'sharecard'`: twitter-text's
 * CommonJS build loads core-js 2, which changes globals (see src/core/share/twitter-text.ts),
 * and @atproto/api is never loaded by the product at all (bluesky-facets.ts is a port).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

const probe = `
const before = new Set(Reflect.ownKeys(globalThis).map(String));
const toString = Function.prototype.toString;
const lib = await import('./src/index.ts');
const added = Reflect.ownKeys(globalThis).map(String).filter((k) => !before.has(k));
const loaded = (m) => Object.keys(require.cache).some((p) => p.includes('/node_modules/' + m + '/'));
const atImport = { added, toStringSame: Function.prototype.toString === toString, twitterText: loaded('twitter-text'), atproto: loaded('@atproto/api') };
const n = lib.xWeightedLength('全文はhttps://t.co/AbC123。');
const afterUse = { twitterText: loaded('twitter-text'), atproto: loaded('@atproto/api'), n };
console.log(JSON.stringify({ atImport, afterUse }));
`;

describe("import 'sharecard'", () => {
  it('loads neither twitter-text nor @atproto/api and changes no global; twitter-text comes on first count', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);${probe}`], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    const result = JSON.parse(out.trim().split('\n').pop()!);
    // zod and undici add globals of their own at import (not this test's subject); core-js's
    // `core` and `__core-js_shared__` must not be among the additions.
    expect(result.atImport.added).not.toContain('core');
    expect(result.atImport.added).not.toContain('__core-js_shared__');
    expect(result.atImport).toMatchObject({ toStringSame: true, twitterText: false, atproto: false });
    expect(result.afterUse).toEqual({ twitterText: true, atproto: false, n: 31 });
  });
});
