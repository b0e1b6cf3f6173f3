/**
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
process.env.MIMALLOC_PURGE_DELAY ??= '1000';
