/**
 * Security headers for every response. JSON and images default to a CSP that allows nothing;
 * HTML routes set their own strict policy. Images and feeds are embeddable cross-origin
 * (Cross-Origin-Resource-Policy: cross-origin), since other sites and apps load them.
 */
import type { RequestHandler } from 'express';

export function securityHeaders(options: { https: boolean }): RequestHandler {
  return (req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
    const embeddable = req.path.startsWith('/og/') || req.path.startsWith('/feeds/') || req.path.startsWith('/assets/');
    res.setHeader('Cross-Origin-Resource-Policy', embeddable ? 'cross-origin' : 'same-origin');
    if (options.https) res.setHeader('Strict-Transport-Security', 'max-age=31536000');
    next();
  };
}
