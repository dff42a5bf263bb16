import express, { type Router } from 'express';
import { pinoHttp } from 'pino-http';
import swaggerUi from 'swagger-ui-express';
import { z } from 'zod';
import type { CoreDeps } from '../shared/deps.ts';
import { errorHandler, notFoundHandler } from './errors.ts';
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
  health?: () => Promise<HealthCheck>;
}

export interface AppDeps extends CoreDeps {
  /** the features to serve, in mount order (src/features.ts: apiSlices) */
  slices: readonly Slice[];
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
  app.use(pinoHttp({ logger: deps.logger, autoLogging: { ignore: (req) => req.url === '/healthz' } }));
  // Uploads (/v1/imports/…) are read as streams by their own routes, whatever their content type.
  const UPLOADS = '/v1/imports/';
  app.use(
    express.json({
      limit: '5mb',
      type: (req) => !(req.url ?? '').startsWith(UPLOADS) && /^application\/(.+\+)?json/i.test(req.headers['content-type'] ?? ''),
    }),
  );

  const document = buildOpenApiDocument([registerHealth, ...slices.map((s) => s.openapi)]);
  app.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  app.use('/docs', swaggerUi.serve, swaggerUi.setup(document, { customSiteTitle: 'Consortia API' }));

  app.get('/healthz', async (_req, res) => {
    const checks: HealthCheck[] = [];
    const store = await deps.store.health();
    checks.push({ name: `store:${store.store}`, ok: store.ok, detail: store.detail });
    for (const slice of slices) if (slice.health) checks.push(await slice.health());
    const ok = checks.every((c) => c.ok);
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', checks });
  });

  for (const slice of slices) app.use(slice.routes);

  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}
