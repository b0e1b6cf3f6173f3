/**
 * How resvg's native memory is given back after a card: by letting the event loop turn.
 *
 * resvg's trees and pixmaps (~6 MB a card) are freed by finalizers, which Node runs only when the
 * event loop turns. A truecolour card never leaves the thread (satori resolves through
 * microtasks, the PNG writer is synchronous), so cards drawn back to back inline kept every
 * pixmap until the process ran out of memory (measured: +6.5 MB per card;
 * test/render-memory.test.ts). No allocator settings and no V8 flags are touched here: the
 * render workers' young generation is bounded through their resourceLimits (pool.ts).
 */
export function releaseNativeMemory(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
