/**
 * A render worker for test/render-pool.test.ts that takes a second to start, as a real worker
 * loading its fonts and templates does on a busy machine, then answers each job with its title
 * after 10 ms.
 */
import type { RenderJob } from '../src/render/pipeline.js';

// Busy, as parsing fonts is (and a timer would not fire: piscina's idle worker blocks in Atomics.wait).
const until = Date.now() + 1000;
while (Date.now() < until);

export default async function slowStart(job: RenderJob): Promise<string> {
  await new Promise((r) => setTimeout(r, 10));
  return job.card.title;
}
