#!/usr/bin/env node
/**
 * Replaces satori's glyph path writer with one that writes the same string faster. Runs after
 * every `npm install` / `npm ci` (package.json "postinstall"); running it again changes nothing.
 *
 * Why: satori turns every glyph into SVG path data in one function (`fd` in satori 0.63.2's
 * dist/index.js): each coordinate is rounded to 0.1 and written with JavaScript's general
 * number-to-string conversion, ~30,000 of them for the reference card. That function took ~3 ms
 * of satori's ~10 ms a card (a CPU profile, bench/RESULTS.md). The replacement rounds to an
 * integer count of tenths and writes the integer and its last digit, which is the same text:
 * the shortest decimal of n/10 for an integer n is "q.r", or "q" when r is 0 (and "-0" is
 * written "0", as String(-0) is). test/render-satori-patch.test.ts draws the fixtures with this
 * satori and with an untouched copy (the `satori-upstream` alias) and compares the SVG byte for
 * byte.
 *
 * Anything unexpected (another satori version, the function not found) leaves satori as it is
 * with a warning: cards are then drawn the same, only slower, and the test above fails so the
 * patch is looked at again.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const VERSION = '0.63.2';
const MARKER = '/* sharecard: scripts/patch-satori.mjs */';

/** satori 0.63.2's writer, exactly as its dist/index.js has it. */
export const ORIGINAL =
  'function fd(A,g,I,C,B=0){let E=(o,e)=>nr(g+(o+B*e)*C),Q=o=>nr(I-o*C),i="";for(let o of A)switch(o.type){case"M":case"L":i+=`${o.type}${E(o.x,o.y)} ${Q(o.y)}`;break;case"Q":i+=`Q${E(o.x1,o.y1)} ${Q(o.y1)} ${E(o.x,o.y)} ${Q(o.y)}`;break;case"C":i+=`C${E(o.x1,o.y1)} ${Q(o.y1)} ${E(o.x2,o.y2)} ${Q(o.y2)} ${E(o.x,o.y)} ${Q(o.y)}`;break;case"Z":i+="Z";break}return i}';

/**
 * The same function: `A` a glyph's commands, (g, I) the pen position, C the scale, B the skew of
 * a synthetic italic. `t` is satori's `nr` (round half away from zero to tenths) and its
 * stringification in one step, on integers, which V8 writes without the general algorithm.
 */
export const REPLACEMENT = `${MARKER}function fd(A,g,I,C,B=0){
const t=(v)=>{let n=v<0?-Math.round(-v*10):Math.round(v*10),s="";if(n<0){s="-";n=-n}const q=Math.floor(n/10),r=n-q*10;return r===0?s+q:s+q+"."+r};
const x=(o,e)=>t(g+(o+B*e)*C),y=(o)=>t(I-o*C);let i="";
for(const o of A)switch(o.type){
case"M":case"L":i+=o.type+x(o.x,o.y)+" "+y(o.y);break;
case"Q":i+="Q"+x(o.x1,o.y1)+" "+y(o.y1)+" "+x(o.x,o.y)+" "+y(o.y);break;
case"C":i+="C"+x(o.x1,o.y1)+" "+y(o.y1)+" "+x(o.x2,o.y2)+" "+y(o.y2)+" "+x(o.x,o.y)+" "+y(o.y);break;
case"Z":i+="Z";break}
return i}`.replace(/\n/g, ''); // one line, as it was: the source map's lines stay right

/** Patches the satori that `from` resolves; returns what it did. */
export function patchSatori(from = import.meta.url) {
  const require = createRequire(from);
  let pkgFile;
  try {
    pkgFile = require.resolve('satori/package.json');
  } catch {
    return 'satori is not installed';
  }
  const { version } = JSON.parse(readFileSync(pkgFile, 'utf8'));
  if (version !== VERSION) return `satori ${version} is not ${VERSION}: left as it is`;
  const file = path.join(path.dirname(pkgFile), 'dist/index.js');
  const source = readFileSync(file, 'utf8');
  if (source.includes(MARKER)) return 'already patched';
  const at = source.indexOf(ORIGINAL);
  if (at < 0 || source.indexOf(ORIGINAL, at + 1) >= 0) return 'the path writer was not found once: left as it is';
  // Written beside it and renamed over it: an interrupted install never leaves half a file.
  const tmp = `${file}.sharecard-tmp`;
  writeFileSync(tmp, source.slice(0, at) + REPLACEMENT + source.slice(at + ORIGINAL.length));
  renameSync(tmp, file);
  return 'patched';
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const outcome = patchSatori();
  const ok = outcome === 'patched' || outcome === 'already patched';
  (ok ? console.log : console.warn)(`patch-satori: ${outcome}`);
}
