#!/usr/bin/env node
/**
 * Replaces two functions of satori with ones that write the same SVG with less work. Runs after
 * every `npm install` / `npm ci` (package.json "postinstall"); running it again changes nothing.
 *
 * - The glyph path writer (`fd` in satori 0.63.2's dist/index.js): each coordinate is rounded to
 *   0.1 and written with JavaScript's general number-to-string conversion, ~30,000 of them for
 *   the reference card, each a new string concatenated onto the last; that took ~3 ms of
 *   satori's ~10 ms a card (a CPU profile, bench/RESULTS.md) and most of its garbage. The
 *   replacement writes the same digits as bytes into a reused buffer and decodes each glyph's
 *   path once.
 * - The `<svg>` wrapper (`Ae`): it searched the content for a backdrop filter before wrapping
 *   it, which made V8 copy the ~160 KB content into one string, and the wrapped result was
 *   copied again the first time anything read it (sharecard's simplifySvg). Each copy is a new
 *   large object: fresh pages, ~40 page faults. The replacement wraps first and searches the
 *   result, so the one copy serves both (~1.5 ms a card with the faults, measured A/B).
 *
 * test/render-satori-patch.test.ts draws the fixtures with this satori and with an untouched
 * copy of the same version (the `satori-upstream` alias) and compares the SVG byte for byte,
 * and checks the path writer against the original on random input.
 *
 * Anything unexpected (another satori version, a function not found) leaves satori as it is
 * with a warning: cards are then drawn the same, only slower, and the test above fails so the
 * patch is looked at again.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const VERSION = '0.63.2';

/** Marks each replaced function, so a second run finds it done. */
const MARK = (name) => `/* sharecard: scripts/patch-satori.mjs (${name}) */`;

/** satori 0.63.2's path writer, exactly as its dist/index.js has it. */
export const ORIGINAL =
  'function fd(A,g,I,C,B=0){let E=(o,e)=>nr(g+(o+B*e)*C),Q=o=>nr(I-o*C),i="";for(let o of A)switch(o.type){case"M":case"L":i+=`${o.type}${E(o.x,o.y)} ${Q(o.y)}`;break;case"Q":i+=`Q${E(o.x1,o.y1)} ${Q(o.y1)} ${E(o.x,o.y)} ${Q(o.y)}`;break;case"C":i+=`C${E(o.x1,o.y1)} ${Q(o.y1)} ${E(o.x2,o.y2)} ${Q(o.y2)} ${E(o.x,o.y)} ${Q(o.y)}`;break;case"Z":i+="Z";break}return i}';

/**
 * The same function: `A` a glyph's commands, (g, I) the pen position, C the scale, B the skew of
 * a synthetic italic. It writes ASCII bytes into a buffer kept between calls and decodes them
 * once per glyph: no string per number and no chain of concatenations, which had made the
 * writer 45% of all JavaScript allocation in a card (2.7 of 6 MB). `t` is satori's `nr` (round
 * half away from zero to tenths) written out: the integer count of tenths n, then
 * floor(n / 10), and "." and the last digit unless it is 0. That is how JavaScript writes
 * n / 10 (its shortest decimal), and "-0" as "0".
 */
export const REPLACEMENT = `var sharecardPathBytes=new Uint8Array(65536),sharecardLatin1=new TextDecoder("latin1");
function fd(A,g,I,C,B=0){
const need=A.length*96+16;if(sharecardPathBytes.length<need)sharecardPathBytes=new Uint8Array(need*2);
const b=sharecardPathBytes;let p=0;
const t=(v)=>{let n=v<0?-Math.round(-v*10):Math.round(v*10);if(n<0){b[p++]=45;n=-n}let q=Math.floor(n/10);const r=n-q*10;
if(q===0)b[p++]=48;else{const s=p;while(q>0){const d=q%10;b[p++]=48+d;q=(q-d)/10}for(let i=s,j=p-1;i<j;i++,j--){const c=b[i];b[i]=b[j];b[j]=c}}
if(r!==0){b[p++]=46;b[p++]=48+r}};
const x=(o,e)=>t(g+(o+B*e)*C),y=(o)=>t(I-o*C);
for(const o of A)switch(o.type){
case"M":case"L":b[p++]=o.type==="M"?77:76;x(o.x,o.y);b[p++]=32;y(o.y);break;
case"Q":b[p++]=81;x(o.x1,o.y1);b[p++]=32;y(o.y1);b[p++]=32;x(o.x,o.y);b[p++]=32;y(o.y);break;
case"C":b[p++]=67;x(o.x1,o.y1);b[p++]=32;y(o.y1);b[p++]=32;x(o.x2,o.y2);b[p++]=32;y(o.y2);b[p++]=32;x(o.x,o.y);b[p++]=32;y(o.y);break;
case"Z":b[p++]=90;break}
return sharecardLatin1.decode(b.subarray(0,p))}`.replace(/\n/g, ''); // one line, as it was: the source map's lines stay right

/** satori 0.63.2's `<svg>` wrapper, and the same wrapper searching its own result. */
const WRAPPER = 'function Ae({width:A,height:g,content:I}){return N("svg",{width:A,height:g,viewBox:`0 0 ${A} ${g}`,xmlns:"http://www.w3.org/2000/svg","enable-background":I.includes(\'in="BackgroundImage"\')?"new":void 0},I)}';
const WRAPPER_REPLACEMENT =
  'function Ae({width:A,height:g,content:I}){const a={width:A,height:g,viewBox:`0 0 ${A} ${g}`,xmlns:"http://www.w3.org/2000/svg"},s=N("svg",a,I);return s.includes(\'in="BackgroundImage"\')?N("svg",{...a,"enable-background":"new"},I):s}';

const HUNKS = [
  { name: 'path writer', original: ORIGINAL, replacement: REPLACEMENT },
  { name: 'svg wrapper', original: WRAPPER, replacement: WRAPPER_REPLACEMENT },
];

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
  let patched = source;
  for (const { name, original, replacement } of HUNKS) {
    if (patched.includes(MARK(name))) continue;
    const at = patched.indexOf(original);
    // All or nothing: a file with some hunks missing is left exactly as it was.
    if (at < 0 || patched.indexOf(original, at + 1) >= 0) return `the ${name} was not found once: left as it is`;
    patched = patched.slice(0, at) + MARK(name) + replacement + patched.slice(at + original.length);
  }
  if (patched === source) return 'already patched';
  // Written beside it and renamed over it: an interrupted install never leaves half a file.
  const tmp = `${file}.sharecard-tmp`;
  writeFileSync(tmp, patched);
  renameSync(tmp, file);
  return 'patched';
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const outcome = patchSatori();
  const ok = outcome === 'patched' || outcome === 'already patched';
  (ok ? console.log : console.warn)(`patch-satori: ${outcome}`);
}
