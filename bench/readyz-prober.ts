/**
 * The load test's readiness prober, in a process of its own as an orchestrator's is: the
 * process making the load must not be the one timing the probes, or its own busy event loop
 * shows up as probe latency. Every `--every` ms it asks `--url` on a fresh connection with a
 * `--deadline`, and prints one JSON line per probe: { ms, status }. Stops on SIGTERM or after
 * `--max-seconds`.
 *
 *   node --import tsx bench/readyz-prober.ts --url http://127.0.0.1:8080/readyz
 */
import http from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    every: { type: 'string', default: '500' },
    deadline: { type: 'string', default: '1000' },
    'max-seconds': { type: 'string', default: '60' },
  },
});
const url = new URL(String(values.url));
if (url.hostname !== '127.0.0.1') throw new Error('the prober only asks 127.0.0.1');
const every = Number(values.every);
const deadline = Number(values.deadline);
const stopAt = Date.now() + Math.min(Number(values['max-seconds']), 120) * 1000;

function probe(): Promise<{ ms: number; status: number | string }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const req = http.get(url, { agent: false, timeout: deadline }, (res) => {
      res.resume();
      res.on('end', () => resolve({ ms: performance.now() - t0, status: res.statusCode ?? 0 }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err) => resolve({ ms: performance.now() - t0, status: err.message === 'timeout' ? 'timeout' : String((err as NodeJS.ErrnoException).code ?? err.message) }));
  });
}

let running = true;
process.once('SIGTERM', () => (running = false));
process.stdout.write('ready\n');
while (running && Date.now() < stopAt) {
  const started = performance.now();
  const result = await probe();
  process.stdout.write(`${JSON.stringify({ ms: Math.round(result.ms), status: result.status })}\n`);
  await new Promise((r) => setTimeout(r, Math.max(0, every - (performance.now() - started))));
}
