/**
 * The operators' page: refresh runs listed (GET /operators/refresh-runs → recentRuns + each run's queue status,
 * through runView as GET /v1/refresh-runs/:id answers), started (POST /operators/refresh-runs → queue.enqueueRun,
 * then the run's page), and followed (GET /operators/refresh-runs/:id: state, progress, failures). The queue
 * dashboard is linked when the queue has one (BullMQ). Administrators only (src/http/caller.ts); the start form
 * carries its CSRF token.
 */
import { Router } from 'express';
import { audit } from '../../accounts/audit.ts';
import { callerOf, guard, requireAdmin } from '../../http/caller.ts';
import { DASHBOARD_PATH } from '../../refresh/routes.ts';
import { runView } from '../../refresh/run-status.ts';
import type { RunView } from '../../refresh/schema.ts';
import { RUN_ID_PATTERN } from '../../queue/types.ts';
import { RUN_STATE } from '../labels.ts';
import { renderNotFound, renderPage } from '../render.ts';
import type { WebDeps } from '../deps.ts';

export const OPERATOR_DEFAULTS = Object.freeze({ runsListed: 20 });

export function operatorPages(deps: WebDeps): Router {
  const router = Router();
  router.use('/operators', guard(requireAdmin));

  router.get('/operators/refresh-runs', async (_req, res) => {
    const [records, health] = await Promise.all([deps.scores.recentRuns(OPERATOR_DEFAULTS.runsListed), deps.queue.health()]);
    const now = deps.now();
    const runs = await Promise.all(records.map(async (r) => runView(r.runId, await deps.queue.runStatus(r.runId), r, now)));
    renderPage(res, 'pages/refresh-runs.njk', {
      runs: runs.filter((r): r is RunView => r !== undefined).map(runRow),
      queue: { kind: deps.queue.kind, health, dashboard: deps.queue.kind === 'bullmq' ? DASHBOARD_PATH : undefined },
    });
  });

  router.post('/operators/refresh-runs', async (req, res) => {
    const { runId } = await (deps.runs ?? deps.queue).enqueueRun();
    await audit({ records: deps.store.records, now: deps.now }, callerOf(req), {
      action: 'refresh.started',
      target: { type: 'refresh-run', id: runId },
      summary: `refresh run ${runId} queued from the web app`,
    });
    res.redirect(303, `/operators/refresh-runs/${encodeURIComponent(runId)}`);
  });

  router.get('/operators/refresh-runs/:id', async (req, res) => {
    const id = req.params.id;
    const unknown = () => renderNotFound(res, `No refresh run with id ${id}`, ['It may have been removed, or the link may be wrong.']);
    if (!RUN_ID_PATTERN.test(id)) return unknown();
    const [queued, record] = await Promise.all([deps.queue.runStatus(id), deps.scores.getRun(id)]);
    const view = runView(id, queued, record, deps.now());
    if (!view) return unknown();
    renderPage(res, 'pages/refresh-run.njk', { run: runRow(view), backLink: { href: '/operators/refresh-runs', text: 'Refresh runs' } });
  });

  return router;
}

function runRow(view: RunView) {
  return {
    ...view,
    stateText: RUN_STATE[view.state].text,
    stateColour: RUN_STATE[view.state].colour,
    finished: view.state === 'current' || view.state === 'superseded' || view.state === 'failed' || view.state === 'applied',
  };
}
