/**
 * Child process of the memory section, so its resident set is the renderer's alone: cold
 * renders (every title distinct, no render cache) through the worker pool at a fixed
 * concurrency, sampling RSS. Prints one JSON line: peak RSS during the first `first` renders,
 * RSS after `first` and after `total` renders (after a GC), and the time taken.
 *
 *   node --import tsx --expose-gc bench/memory-child.ts <first> <total> <concurrency> <threads>
 */
import { availableParallelism } from 'node:os';
import { createRenderer } from '../src/render/renderer.js';
import { createWorkerPool } from '../src/render/pool.js';
import { cardArticle, loadFixtures, REFERENCE_SLUG, root, rssMb } from './lib.js';

const [first, total, concurrency, threadsArg] = process.argv.slice(2).map(Number);
const threads = threadsArg || availableParallelism();
const pool = createWorkerPool({ threads, maxQueue: 256, timeoutMs: 60_000 });
const renderer = createRenderer({ site: { name: 'Example News', themeColor: '#0b1020', accentColor: '#e4002b', logo: null }, baseDir: root, pool });
const base = cardArticle(loadFixtures().find((f) => f.slug === REFERENCE_SLUG)!);

let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, rssMb().rss)), 25);
const settle = async () => {
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((r) => setTimeout(r, 200));
  return rssMb().rss;
};

let next = 0;
async function run(until: number): Promise<void> {
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < until) {
        const i = next++;
        const title = `${base.title} (${i})`;
        await renderer.render({ article: { ...base, title, revision: `${base.revision}-${i}` }, preset: 'og', format: 'png', template: 'standard' });
      }
    }),
  );
}

const t0 = performance.now();
await run(first);
const peakFirst = Math.max(peak, rssMb().peak);
const afterFirst = await settle();
await run(total);
const afterTotal = await settle();
clearInterval(sampler);
const seconds = (performance.now() - t0) / 1000;
await renderer.close();
process.stdout.write(JSON.stringify({ first, total, concurrency, threads, peakFirstMb: peakFirst, peakMb: Math.max(peak, rssMb().peak), afterFirstMb: afterFirst, afterTotalMb: afterTotal, seconds }) + '\n');
