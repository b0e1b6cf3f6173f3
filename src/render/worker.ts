/**
 * Worker-thread entry for the render pool (piscina). Fonts, Twemoji and templates load once
 * per worker, when it starts, so the first request does not pay for them; satori, resvg and
 * the encoders then run here and never on the event loop of the HTTP server.
 */
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { createRenderEnv, renderJob, type RenderJob, type RenderResult } from './pipeline.js';

const env = createRenderEnv();

/**
 * The card's bytes are moved to the main thread, not copied: a copy was allocated by the main
 * thread's allocator for every card and freed in another order than it was made, which left the
 * process's main heap tens of megabytes larger under a burst (measured with heaptrack). A body
 * that shares its memory with other data (a view into a larger buffer) is copied once here
 * into memory of its own, since moving would take the rest with it.
 */
export default async function render(job: RenderJob): Promise<RenderResult> {
  const result = await renderJob(job, env);
  const { body } = result;
  const own = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength ? body : new Uint8Array(body);
  return move({ [transferableSymbol]: own.buffer, [valueSymbol]: { ...result, body: own } }) as unknown as RenderResult;
}
