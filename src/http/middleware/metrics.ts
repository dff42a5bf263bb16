/**
 * /metrics in the Prometheus text format (prom-client), for the people who run the service: request latency per
 * route and status class, errors (5xx) per route, and whatever the features add to the same registry (the refresh
 * adds queue depth and run durations and failures: src/refresh/metrics.ts). One registry per app, so tests can build
 * many apps in one process; Node's default process metrics are included.
 */
import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export class Metrics {
  readonly registry = new Registry();
  readonly requestSeconds: Histogram<'method' | 'route' | 'status'>;
  readonly errors: Counter<'method' | 'route' | 'status'>;

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'consortia_' });
    this.requestSeconds = new Histogram({
      name: 'consortia_http_request_duration_seconds',
      help: 'HTTP request latency by route (the route pattern, not the path) and status class',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.errors = new Counter({
      name: 'consortia_http_errors_total',
      help: 'HTTP responses with a 5xx status, by route',
      labelNames: ['method', 'route', 'status'],
      registers: [this.registry],
    });
  }
}

/** The route's pattern ("/v1/organisations/:id"), so labels stay few; "static" for assets, "unmatched" otherwise. */
function routeOf(req: Parameters<RequestHandler>[0]): string {
  const route = (req as { route?: { path?: unknown } }).route;
  if (route && typeof route.path === 'string') return `${req.baseUrl}${route.path}`;
  if (req.path.startsWith('/assets/')) return 'static';
  if (req.path.startsWith('/docs')) return '/docs';
  if (req.path.startsWith('/admin/queues')) return '/admin/queues';
  return 'unmatched';
}

export function requestMetrics(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const labels = { method: req.method, route: routeOf(req), status: `${Math.floor(res.statusCode / 100)}xx` };
      metrics.requestSeconds.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
      if (res.statusCode >= 500) metrics.errors.inc({ ...labels, status: String(res.statusCode) });
    });
    next();
  };
}

export function metricsEndpoint(metrics: Metrics): RequestHandler {
  return async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  };
}
