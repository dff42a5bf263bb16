/**
 * Rate limits per caller (issue #16 item 6), with express-rate-limit: a caller is its API token when it sends one
 * (Authorization, kept only as a SHA-256 digest in the key), else its IP address (IPv6 by /56). Counters live in
 * Redis when Redis is configured (QUEUE=bullmq: every API process shares them; the store comes from the queue adapter,
 * src/queue/bullmq-redis.ts), else in memory. Health checks, /metrics and the web app's static assets are not counted.
 * A Redis that cannot be reached lets requests through (logged) rather than refusing everyone.
 */
import { createHash } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, type Store } from 'express-rate-limit';

export const RATE_LIMIT_DEFAULTS = Object.freeze({
  /** requests per caller per window (RATE_LIMIT_PER_MINUTE); 0 turns the limit off */
  perWindow: 600,
  windowMs: 60_000,
});

const NOT_COUNTED = ['/healthz', '/metrics', '/assets/'];

export interface RateLimitOptions {
  /** requests per caller per minute; 0: no limit */
  perMinute: number;
  /** a shared store (Redis); in memory when absent */
  store?: Store;
}

function callerKey(req: Request): string {
  const auth = req.headers.authorization;
  if (auth) return `token:${createHash('sha256').update(auth).digest('hex').slice(0, 32)}`;
  return `ip:${ipKeyGenerator(req.ip ?? 'unknown', 56)}`;
}

export function rateLimits(options: RateLimitOptions): RequestHandler {
  if (options.perMinute <= 0) return (_req, _res, next) => next();
  return rateLimit({
    windowMs: RATE_LIMIT_DEFAULTS.windowMs,
    limit: options.perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: callerKey,
    skip: (req) => NOT_COUNTED.some((p) => req.path === p || (p.endsWith('/') && req.path.startsWith(p))),
    passOnStoreError: true,
    store: options.store,
    handler: (_req, res, _next, used) => {
      res.setHeader('Retry-After', String(Math.ceil(used.windowMs / 1000)));
      res.status(429).json({
        error: { code: 'RATE_LIMITED', message: `More than ${options.perMinute} requests a minute from this caller; try again shortly` },
      });
    },
  });
}
