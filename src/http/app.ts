/**
 * The Express application: middleware, every route module, and the error mapping. Built from
 * a Services object so tests drive the real app in-process.
 */
import express, { type Express } from 'express';
import type { Services } from '../services.js';
import { createErrorHandler, notFoundHandler } from './errors.js';
import { articleRoutes } from './routes/articles.js';
import { healthRoutes } from './routes/health.js';

export function createApp(services: Services): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', services.config.server.trustProxy);
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });

  app.use(healthRoutes(services));
  app.use(articleRoutes(services));

  app.use(notFoundHandler);
  app.use(createErrorHandler(services.log));
  return app;
}
