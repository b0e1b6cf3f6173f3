/**
 * The Express application: middleware, every route module, and the error mapping. Built from
 * a Services object so tests drive the real app in-process.
 */
import express, { type Express } from 'express';
import type { Services } from '../services.js';
import { createErrorHandler, notFoundHandler } from './errors.js';
import { homePage, methodNotAllowed } from './manners.js';
import { articleRoutes } from './routes/articles.js';
import { feedRoutes } from './routes/feeds.js';
import { healthRoutes } from './routes/health.js';
import { metaRoutes } from './routes/meta.js';
import { ogRoutes } from './routes/og.js';
import { previewRoutes } from './routes/preview.js';
import { shareRoutes } from './routes/share.js';
import { shareBarRoutes } from './routes/share-bar.js';
import { syncRoutes } from './routes/sync.js';
import { hookRoutes } from './routes/hooks.js';
import { requestObservability } from './observability.js';
import { createRateLimiter } from './rate-limit.js';
import { createAuthFailureLimit } from './auth.js';
import { securityHeaders } from './security-headers.js';

export function createApp(services: Services): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', services.config.server.trustProxy);
  app.set('etag', false);
  app.set('query parser', 'simple');
  // Public dynamic pages under overload: answered 503 first thing, before even the request
  // log, so shedding stays cheap. Health checks and cards are never shed here.
  app.use(['/a/', '/api/meta/', '/api/share/', '/api/articles'], services.loadShedder.middleware);
  app.use(requestObservability(services.log, services.metrics));
  app.use(securityHeaders({ https: services.config.server.publicUrl.startsWith('https:') }));

  const { rateLimit } = services.config.server;
  // Before every route: a wrong token is an attempt wherever it is sent.
  app.use(createAuthFailureLimit([services.apiToken, services.config.security.metricsToken], { perMinute: rateLimit.authFailuresPerMinute, burst: rateLimit.authFailuresPerMinute }));
  const writeLimit = createRateLimiter('write', { perMinute: rateLimit.writesPerMinute });
  app.put('/api/articles/:slug', writeLimit);
  app.delete('/api/articles/:slug', writeLimit);

  // The hot public read paths first (crawlers fetching cards, readers polling feeds): Express
  // walks every router in order, so each one ahead of them costs every request a little.
  app.use(ogRoutes(services));
  app.use(feedRoutes(services));
  app.use(healthRoutes(services));
  app.use(articleRoutes(services));
  app.use(shareBarRoutes(services));
  app.use(shareRoutes(services));
  app.use(metaRoutes(services));
  app.use(previewRoutes(services));
  app.use(syncRoutes(services));
  app.use(hookRoutes(services));
  app.get('/', homePage(services.config.site.name));

  app.use(methodNotAllowed(app));
  app.use(notFoundHandler);
  app.use(createErrorHandler(services.log));
  return app;
}
