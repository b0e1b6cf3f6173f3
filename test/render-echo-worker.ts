/**
 * A render worker for the pool-order test: takes 20 ms per job and answers with the job's
 * title, so the test sees the order in which the pool handed jobs to the worker.
 */
import type { RenderJob } from '../src/render/pipeline.js';

export default async function echo(job: RenderJob): Promise<string> {
  await new Promise((r) => setTimeout(r, 20));
  return job.card.title;
}
