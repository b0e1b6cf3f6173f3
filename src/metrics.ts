/**
 * Prometheus metrics, one registry per Services (so tests and replicas in one process do not
 * share counters). Every metric sharecard exports is declared here, by name.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route'>;
  renderDuration: Histogram<'template' | 'preset' | 'format'>;
  renderQueueDepth: Gauge;
  renders: Counter<'outcome'>;
  cacheLookups: Counter<'result'>;
  errors: Counter<'code'>;
  /** Cards drawn (cache misses filled), by what asked: `publish` (drawn on publish) or `demand`. */
  cardsDrawn: Counter<'trigger'>;
  /** Where the draw-on-publish queue reads its numbers from at scrape time (set once by the services). */
  observePrerender(source: () => { queued: number; drawing: number; oldestAgeSeconds: number }): void;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'sharecard_' });
  const registers = [registry];
  let prerender: Parameters<Metrics['observePrerender']>[0] = () => ({ queued: 0, drawing: 0, oldestAgeSeconds: 0 });
  new Gauge({
    name: 'sharecard_prerender_queue_depth',
    help: 'Cards of published articles to draw in the background: queued, or drawing (handed to the render pool, where they wait behind requested cards)',
    labelNames: ['state'],
    registers,
    collect() {
      const s = prerender();
      this.set({ state: 'queued' }, s.queued);
      this.set({ state: 'drawing' }, s.drawing);
    },
  });
  new Gauge({
    name: 'sharecard_prerender_oldest_age_seconds',
    help: 'Age of the oldest card waiting in the draw-on-publish queue (0 when empty)',
    registers,
    collect() {
      this.set(prerender().oldestAgeSeconds);
    },
  });
  return {
    registry,
    httpRequests: new Counter({ name: 'sharecard_http_requests_total', help: 'HTTP requests by route and status', labelNames: ['method', 'route', 'status'], registers }),
    httpDuration: new Histogram({
      name: 'sharecard_http_request_duration_seconds',
      help: 'HTTP request latency',
      labelNames: ['method', 'route'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    renderDuration: new Histogram({
      name: 'sharecard_render_duration_seconds',
      help: 'Card render time (satori + resvg + encode), cache misses only',
      labelNames: ['template', 'preset', 'format'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4],
      registers,
    }),
    renderQueueDepth: new Gauge({ name: 'sharecard_render_queue_depth', help: 'Requested cards waiting for a worker (background cards: sharecard_prerender_queue_depth)', registers }),
    renders: new Counter({ name: 'sharecard_renders_total', help: 'Render attempts by outcome (ok, error, timeout, rejected)', labelNames: ['outcome'], registers }),
    cacheLookups: new Counter({ name: 'sharecard_cache_lookups_total', help: 'Render cache lookups by result (hit, miss)', labelNames: ['result'], registers }),
    errors: new Counter({ name: 'sharecard_errors_total', help: 'Error responses by code', labelNames: ['code'], registers }),
    cardsDrawn: new Counter({
      name: 'sharecard_cards_drawn_total',
      help: 'Cards drawn into the cache, by trigger: publish (drawn on publish, in the background) or demand (a request found no card)',
      labelNames: ['trigger'],
      registers,
    }),
    observePrerender(source) {
      prerender = source;
    },
  };
}
