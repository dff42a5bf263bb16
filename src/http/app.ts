import express, { type Router } from 'express';
import swaggerUi from 'swagger-ui-express';
import { z } from 'zod';
import type { CoreDeps } from '../shared/deps.ts';
import { errorHandler, notFoundHandler } from './errors.ts';
import { jsonBody } from './middleware/json-body.ts';
import { Metrics, metricsEndpoint, requestMetrics } from './middleware/metrics.ts';
import { rateLimits, type RateLimitOptions } from './middleware/rate-limit.ts';
import { requestLog } from './middleware/request-log.ts';
import { DEFAULT_ALLOWED_HOSTS, hostAndOriginCheck, securityHeaders } from './middleware/security.ts';
import { buildOpenApiDocument, json, type Registrar } from './openapi.ts';

export interface HealthCheck {
  name: string;
  ok: boolean;
  detail?: string;
}

/**
 * A feature as the API sees it: its routes, its OpenAPI paths, and optionally a health check. Every feature
 * (organisations, tenders, matching, consortia, refresh) is one; src/features.ts assembles them.
 */
export interface Slice {
  routes: Router;
  openapi: Registrar;
  health?: () => Promise<HealthCheck | HealthCheck[]>;
}

export interface AppDeps extends CoreDeps {
  /** the features to serve, in mount order (src/features.ts: apiSlices) */
  slices: readonly Slice[];
  /** the protections of the HTTP edge (src/http/middleware/); defaults suit tests on 127.0.0.1 */
  http?: HttpOptions;
}

export interface HttpOptions {
  /** host names the service answers to (ALLOWED_HOSTS); default DEFAULT_ALLOWED_HOSTS */
  allowedHosts?: readonly string[];
  /** per-caller limits (RATE_LIMIT_PER_MINUTE); none when absent */
  rateLimit?: RateLimitOptions;
  /** the /metrics registry, with what the features registered on it; a fresh one when absent */
  metrics?: Metrics;
}

const Health = z
  .object({
    status: z.enum(['ok', 'degraded']),
    checks: z.array(z.object({ name: z.string(), ok: z.boolean(), detail: z.string().optional() })),
  })
  .meta({ id: 'Health' });

const registerHealth: Registrar = (registry) =>
  registry.registerPath({
    method: 'get',
    path: '/healthz',
    tags: ['operations'],
    summary: 'Liveness and dependencies (graph store, queue)',
    responses: { 200: json(Health, 'All dependencies reachable'), 503: json(Health, 'A dependency is unreachable') },
  });

/**
 * Builds the Express app without listening (tests listen on port 0): the operational routes (health, OpenAPI
 * document, docs page) and the slices it is given; it knows no feature itself.
 */
export function createApp(deps: AppDeps): express.Express {
  const { slices } = deps;
  const app = express();
  app.disable('x-powered-by');
  const metrics = deps.http?.metrics ?? new Metrics({ processMetrics: false });
  app.use(requestLog(deps.logger), requestMetrics(metrics), securityHeaders());
  app.use(hostAndOriginCheck(deps.http?.allowedHosts ?? DEFAULT_ALLOWED_HOSTS));
  if (deps.http?.rateLimit) app.use(rateLimits(deps.http.rateLimit));
  app.use(jsonBody());
  app.get('/metrics', metricsEndpoint(metrics));

  const document = buildOpenApiDocument([registerHealth, ...slices.map((s) => s.openapi)]);
  app.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  app.use('/docs', swaggerUi.serve, swaggerUi.setup(document, { customSiteTitle: 'Consortia API' }));

  app.get('/healthz', async (_req, res) => {
    const checks: HealthCheck[] = [];
    const store = await deps.store.health();
    checks.push({ name: `store:${store.store}`, ok: store.ok, detail: store.detail });
    for (const slice of slices) if (slice.health) checks.push(...[await slice.health()].flat());
    const ok = checks.every((c) => c.ok);
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', checks });
  });

  for (const slice of slices) app.use(slice.routes);

  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}
