/**
 * Test worker for test/render-heap.test.ts: churns through short-lived objects until the young
 * generation has grown as far as its limit lets it, then reports the new space's size and the
 * heap's whole limit, in MB.
 */
import v8 from 'node:v8';

export default function heapLimits(): { youngMb: number; limitMb: number } {
  let keep: object[] = [];
  for (let i = 0; i < 3_000_000; i++) {
    // Survivors across scavenges make V8 grow the semi-spaces to their maximum.
    keep.push({ i });
    if (keep.length > 300_000) keep = [];
  }
  const space = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  return { youngMb: Math.round((space?.space_size ?? 0) / 1024 / 1024), limitMb: Math.round(v8.getHeapStatistics().heap_size_limit / 1024 / 1024) };
}
