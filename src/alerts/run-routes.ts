/**
 * The queued alerts runs, for administrators and operators (as the partner refresh's runs are):
 *   POST /v1/alert-runs       start a run now (read ALERTS_FEED → digest entries → delivery) → 202 with its id
 *   GET  /v1/alert-runs/:id   state, shards done, counts, feed summary, delivery report, duration
 * The run itself: src/alerts/jobs.ts; its queue: src/alerts/wiring.ts.
 */
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { Router } from 'express';
import { audit } from '../accounts/audit.ts';
import type { Slice } from '../http/app.ts';
import { callerOf, guard, requireAdmin } from '../http/caller.ts';
import { errors, json } from '../http/openapi.ts';
import { parsed, validate } from '../http/validate.ts';
import type { JobQueue } from '../queue/types.ts';
import type { CoreDeps } from '../shared/deps.ts';
import { ConflictError, NotFoundError } from '../shared/errors.ts';
import { getAlertRun, shardsDone } from './run-record.ts';
import { AlertRunIdParams, AlertRunView, StartAlertRunRequest, StartAlertRunResponse } from './run-schema.ts';
import { alertRunView } from './run-status.ts';

export function alertRunsSlice(deps: CoreDeps, queue: JobQueue, options: { feed: string | undefined }): Slice {
  const router = Router();

  router.post('/v1/alert-runs', guard(requireAdmin), validate('body', StartAlertRunRequest), async (req, res) => {
    const body = parsed<StartAlertRunRequest>(res, 'body');
    if (!options.feed) throw new ConflictError('no alerts feed is configured: set ALERTS_FEED to a directory or an http(s) URL');
    const { runId } = await queue.enqueueRun({ runId: body.runId });
    await audit({ records: deps.store.records, now: deps.now }, callerOf(req), {
      action: 'alerts.run-started',
      target: { type: 'alert-run', id: runId },
      summary: `alerts run ${runId} queued`,
    });
    const self = `/v1/alert-runs/${runId}`;
    res.status(202).location(self).json({ runId, state: 'queued', links: { self } });
  });

  router.get('/v1/alert-runs/:id', guard(requireAdmin), validate('params', AlertRunIdParams), async (_req, res) => {
    const { id } = parsed<{ id: string }>(res, 'params');
    const [queued, record, done] = await Promise.all([
      queue.runStatus(id),
      getAlertRun(deps.store.records, id),
      shardsDone(deps.store.records, id),
    ]);
    const view = alertRunView(id, queued, record, done, deps.now());
    if (!view) throw new NotFoundError('alert run', id);
    res.json(view);
  });

  return {
    routes: router,
    openapi: registerAlertRunsOpenApi,
    health: async () => {
      const health = await queue.health();
      return { ...health, name: `alerts-${health.name}` };
    },
  };
}

export function registerAlertRunsOpenApi(registry: OpenAPIRegistry): void {
  const tags = ['alerts'];
  registry.registerPath({
    method: 'post',
    path: '/v1/alert-runs',
    tags,
    summary: 'Start an alerts run now (it also runs on ALERTS_CRON): read the feed, write digest entries, then deliver',
    request: { body: { content: { 'application/json': { schema: StartAlertRunRequest } } } },
    responses: {
      202: json(StartAlertRunResponse, 'Queued; follow it at links.self'),
      400: errors[400],
      409: { ...errors[400], description: 'No feed is configured (ALERTS_FEED)' },
      503: errors[503],
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/alert-runs/{id}',
    tags,
    summary: 'State, progress, counts and delivery of an alerts run',
    request: { params: AlertRunIdParams },
    responses: { 200: json(AlertRunView, 'The run'), 400: errors[400], 404: errors[404], 503: errors[503] },
  });
}
