/**
 * How resvg's native memory is given back: allocator settings, and a release after each card.
 *
 * Allocator settings for resvg's native code. They must be in the environment before
 * @resvg/resvg-js loads: pipeline.ts imports this module first, and pool.ts imports it on the
 * main thread, because a worker's process.env is a copy that native code never sees.
 *
 * resvg-js allocates with mimalloc, which hands freed memory back to the kernel 10 ms after
 * it is freed (its default). Each card's pixmaps (3 MB and more for 1200×630) then come back
 * as fresh pages, one fault per 4 KB page. Page faults are expensive on the Firecracker VMs
 * the benchmarks ran on: about 1,500 faults took a 9 ms resvg render to 26-30 ms.
 * Keeping freed memory for a second lets a card that comes less than a second after the last
 * one reuse it. Measured in bench/RESULTS.md: faults per card down by half, resvg as fast
 * after a pause under a second as back to back, 10-30% more cards per second under load, and
 * in short runs a peak RSS 20-30 MB higher.
 * An operator's own MIMALLOC_PURGE_DELAY (milliseconds; 10 for the least memory) wins.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

process.env.MIMALLOC_PURGE_DELAY ??= '1000';

type Gc = (options: { type: 'minor' }) => void;

/**
 * V8's young-generation collection (a scavenge). V8 hands `gc` only to contexts created while
 * --expose-gc is set: set it for one new context, keep that context's `gc`, and unset it, as
 * Jest's leak detector does. Node started with --expose-gc already has one.
 */
const gc: Gc = (() => {
  const own = (globalThis as { gc?: Gc }).gc;
  if (typeof own === 'function') return own;
  v8.setFlagsFromString('--expose-gc');
  try {
    return vm.runInNewContext('gc') as Gc;
  } finally {
    v8.setFlagsFromString('--no-expose-gc');
  }
})();

/**
 * Collects the young generation now. resvg's trees and pixmaps (~6 MB a card) live in native
 * memory behind small JS objects whose native size V8 never learns, so they wait for whatever
 * collection comes next, well into the next card. At a card's end nearly all of the young
 * generation is that card's garbage, so a worker collects it there (worker.ts; ~1-2 ms with
 * its 4 MB semi-spaces). Measured with `sharecard serve` under 1,000 cold cards
 * (bench/RESULTS.md): peak RSS 330-353 MB (median 339) against 352-363, cards per second alike.
 */
export function collectYoungGeneration(): void {
  gc({ type: 'minor' });
}

/**
 * Lets the event loop turn once, so that Node runs the finalizers that free resvg's native
 * memory. A truecolour card never leaves the thread (satori resolves through microtasks, the
 * PNG writer is synchronous), so cards drawn back to back inline kept every pixmap until the
 * process ran out of memory (measured: +6.5 MB per card; test/render-memory.test.ts).
 */
export function releaseNativeMemory(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
