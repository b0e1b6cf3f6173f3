/**
 * Worker-thread entry for the render pool (piscina). Fonts, Twemoji and templates load once
 * per worker, when it starts, so the first request does not pay for them; satori, resvg and
 * the encoders then run here and never on the event loop of the HTTP server.
 */
import { createRenderEnv, renderJob, type RenderJob, type RenderResult } from './pipeline.js';

const env = createRenderEnv();

export default function render(job: RenderJob): Promise<RenderResult> {
  return renderJob(job, env);
}
