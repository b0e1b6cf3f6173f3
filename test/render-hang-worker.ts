/**
 * A render worker for the deadline test: the real one, except that a card titled
 * "Hang forever" never returns (a busy loop, as a runaway layout would spin).
 */
import render from '../src/render/worker.js';
import type { RenderJob, RenderResult } from '../src/render/pipeline.js';

export default async function hangOrRender(job: RenderJob): Promise<RenderResult> {
  if (job.card.title === 'Hang forever') for (;;);
  return render(job);
}
