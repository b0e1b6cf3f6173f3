/**
 * Worker-thread entry for the render pool (piscina). Fonts, Twemoji and templates load once
 * per worker, when it starts, so the first request does not pay for them; satori, resvg and
 * the encoders then run here and never on the event loop of the HTTP server.
 */
import { collectYoungGeneration, releaseNativeMemory } from './native-memory.js';
import { createRenderEnv, renderJob, type RenderJob, type RenderResult } from './pipeline.js';

const env = createRenderEnv();

export default async function render(job: RenderJob): Promise<RenderResult> {
  const result = await renderJob(job, env);
  // Before the next card: a worker draws cards back to back, and this card's pixmaps would
  // otherwise stay until a collection well into the next one. The collection queues their
  // finalizers, which run when the loop turns. (Done after the answer is posted instead, the
  // finalizers waited for the next card's turn, and peaks were as high as with no collection.)
  collectYoungGeneration();
  await releaseNativeMemory();
  return result;
}
