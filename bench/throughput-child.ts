/**
 * Child process of the throughput section, started as `npm start` starts the server (its node
 * flags and environment: V8's garbage-collector settings are per process). Cold renders of
 * distinct headlines through a pool of 1 and of 2 workers, interleaved, after a warm-up.
 * Prints one JSON line: cards per second and cores busy, per round and worker count.
 * Argument: `quick` for the short run.
 */
import { createWorkerPool, type RenderPool } from '../src/render/pool.js';
import type { RenderJob } from '../src/render/pipeline.js';
import { referenceJob } from './lib.js';

const quick = process.argv[2] === 'quick';
const cards = quick ? 24 : 60;
const rounds = quick ? 2 : 3;
const counts = [1, 2];
const pools = new Map<number, RenderPool>(counts.map((n) => [n, createWorkerPool({ threads: n, maxQueue: 256, timeoutMs: 60_000 })]));
const base = referenceJob();
let serial = 0;
const distinct = (): RenderJob => ({ ...base, card: { ...base.card, title: `${base.card.title} ${++serial}` } });
// Cores busy: CPU time of the whole process (every thread) over wall time.
const busy: Record<number, number[]> = { 1: [], 2: [] };
const rates: Record<number, number[]> = { 1: [], 2: [] };
const burst = async (pool: RenderPool, n: number, concurrency: number) => {
  let next = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < n) await pool.run(distinct());
    }),
  );
  const cpu = process.cpuUsage(cpu0);
  const ms = performance.now() - t0;
  return { rate: n / (ms / 1000), cores: (cpu.user + cpu.system) / 1000 / ms };
};
// Long enough for V8 to finish optimizing satori in every worker: with 4 cards a worker, its
// helper threads were still compiling through the measured rounds (a server runs for days).
for (const [n, pool] of pools) await burst(pool, (quick ? 8 : 30) * n, 2 * n);
for (let r = 0; r < rounds; r++) {
  for (const n of r % 2 ? [...counts].reverse() : counts) {
    const { rate, cores } = await burst(pools.get(n)!, cards, 2 * n);
    rates[n].push(rate);
    busy[n].push(cores);
  }
  process.stderr.write(`throughput: round ${r + 1}/${rounds}\n`);
}
await Promise.all([...pools.values()].map((p) => p.close()));
process.stdout.write(JSON.stringify({ cards, rounds, rates, busy }) + '\n');
