/**
 * The refresh slice: precomputed partner lists, refresh runs, and the queue dashboard.
 *   GET  /v1/organisations/:id/partners   the current run's list, with run id and age
 *   POST /v1/refresh-runs                 start a full (or, with {kind: 'incremental'}, an incremental) run now → 202
 *   GET  /v1/refresh-runs/:id             state, progress, counts, duration
 *   /admin/queues                         bull-board (BullMQ only; the in-process runner answers with a note)
 */
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { Router } from 'express';
import type { Slice } from '../http/app.ts';
import { callerOf, guard, requireAdmin, vetoRuleOf } from '../http/caller.ts';
import { errors, json } from '../http/openapi.ts';
import { audit } from '../accounts/audit.ts';
import { parsed, validate } from '../http/validate.ts';
import { queueDashboard } from '../queue/dashboard.ts';
import type { JobQueue } from '../queue/types.ts';
import type { CoreDeps } from '../shared/deps.ts';
import { NotFoundError } from '../shared/errors.ts';
import type { PartnerScoreStore } from './partner-scores.ts';
import { readPartners } from './read-partners.ts';
import { RunBudget } from './run-budget.ts';
import { runView } from './run-status.ts';
import type { RefreshWatchdog } from './watchdog.ts';
import { OrgIdParams, PartnerListResponse, RunIdParams, RunView, StartRunRequest, StartRunResponse } from './schema.ts';

export const DASHBOARD_PATH = '/admin/queues';

/**
 * `runs` starts runs within the run budget (default: at most RUN_BUDGET_DEFAULTS.maxRunning at a time); `watchdog`,
 * when given, re-creates a lost schedule and fails orphaned runs, and reports both in /healthz.
 */
export function refreshSlice(
  deps: CoreDeps,
  queue: JobQueue,
  scores: PartnerScoreStore,
  options: { runs?: RunBudget; watchdog?: RefreshWatchdog } = {},
): Slice {
  const router = Router();
  const runs = options.runs ?? new RunBudget(queue, scores);

  router.get('/v1/organisations/:id/partners', validate('params', OrgIdParams), async (req, res) => {
    res.json(await readPartners(deps, scores, parsed<{ id: string }>(res, 'params').id, vetoRuleOf(callerOf(req))));
  });

  router.post('/v1/refresh-runs', guard(requireAdmin), validate('body', StartRunRequest), async (req, res) => {
    const body = parsed<StartRunRequest>(res, 'body');
    const kind = body.kind ?? 'full';
    const asOf = body.asOf ? new Date(body.asOf).toISOString() : undefined;
    const { runId } = await runs.enqueueRun({ runId: body.runId, asOf, kind });
    await audit({ records: deps.store.records, now: deps.now }, callerOf(req), {
      action: 'refresh.started',
      target: { type: 'refresh-run', id: runId },
      summary: `${kind === 'incremental' ? 'incremental ' : ''}refresh run ${runId} queued`,
    });
    const self = `/v1/refresh-runs/${runId}`;
    res.status(202).location(self).json({ runId, state: 'queued', links: { self } });
  });

  router.get('/v1/refresh-runs/:id', guard(requireAdmin), validate('params', RunIdParams), async (_req, res) => {
    const { id } = parsed<{ id: string }>(res, 'params');
    const [queued, record] = await Promise.all([queue.runStatus(id), scores.getRun(id)]);
    const view = runView(id, queued, record, deps.now());
    if (!view) throw new NotFoundError('refresh run', id);
    res.json(view);
  });

  const dashboard = queueDashboard(queue, DASHBOARD_PATH);
  if (dashboard) router.use(DASHBOARD_PATH, guard(requireAdmin), dashboard);
  else
    router.get(DASHBOARD_PATH, guard(requireAdmin), (_req, res) => {
      res.json({
        note: 'The queue dashboard needs QUEUE=bullmq (Redis) and `npm run worker`. This API runs refresh jobs in-process; follow a run with GET /v1/refresh-runs/{id}.',
      });
    });

  return {
    routes: router,
    openapi: registerRefreshOpenApi,
    health: async () => [await queue.health(), ...(options.watchdog ? await options.watchdog.health() : [])],
  };
}

export function registerRefreshOpenApi(registry: OpenAPIRegistry): void {
  const tags = ['partner refresh'];
  registry.registerPath({
    method: 'get',
    path: '/v1/organisations/{id}/partners',
    tags,
    summary: "An organisation's precomputed best partners (general fit, no tender), from the latest completed refresh run",
    request: { params: OrgIdParams },
    responses: {
      200: json(PartnerListResponse, 'The current list (empty, with a note, before the first run completes)'),
      400: errors[400],
      404: errors[404],
      503: errors[503],
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/v1/refresh-runs',
    tags,
    summary:
      'Start a partner-score refresh now: a full run (it also runs nightly), or an incremental one rewriting only the lists that changes since the current run can affect',
    request: { body: { content: { 'application/json': { schema: StartRunRequest } } } },
    responses: {
      202: json(StartRunResponse, 'Queued; follow it at links.self'),
      400: errors[400],
      429: {
        ...errors[503],
        description:
          'As many runs as allowed (REFRESH_MAX_RUNNING, full and incremental together) are queued or running: retry after Retry-After',
      },
      503: errors[503],
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/refresh-runs/{id}',
    tags,
    summary: 'State, progress, counts and duration of a refresh run',
    request: { params: RunIdParams },
    responses: { 200: json(RunView, 'The run'), 400: errors[400], 404: errors[404], 503: errors[503] },
  });
}
