/**
 * The refresh slice over real HTTP: precomputed partner lists, refresh runs, and the queue dashboard, on the
 * embedded store with the in-process runner (and BullMQ on the real Redis for the dashboard).
 */
import { FACTORS } from '../../src/matching/settings.ts';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { apiSlices } from '../../src/features.ts';
import { BullmqQueue } from '../../src/queue/bullmq-queue.ts';
import { InProcessQueue } from '../../src/queue/inprocess-queue.ts';
import type { JobQueue } from '../../src/queue/types.ts';
import { EmbeddedPartnerScores } from '../../src/refresh/embedded-partner-scores.ts';
import { refreshHandlers } from '../../src/refresh/jobs.ts';
import { refreshSlice } from '../../src/refresh/routes.ts';
import { refreshSettings } from '../../src/refresh/settings.ts';
import { refreshIfNeverRun } from '../../src/refresh/wiring.ts';
import { RunBudget } from '../../src/refresh/run-budget.ts';
import { webSlice } from '../../src/web/slice.ts';
import { accessSlice } from '../../src/accounts/routes.ts';
import { storeOrganisationSource } from '../../src/refresh/snapshot.ts';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.ts';
import { waitFor } from '../contract/queue-contract.ts';
import { syntheticOrganisations } from '../support/refresh-dataset.ts';
import { coreDeps, FIXED_NOW, startTestServer } from './helpers.ts';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function api(kind: 'inprocess' | 'bullmq' = 'inprocess') {
  const store = new EmbeddedStore();
  const deps = coreDeps(store);
  const orgs = syntheticOrganisations(deps.ref, { count: 60, seed: 3, idPrefix: 'API-RF-' });
  await store.upsertOrganisations(orgs);
  const scores = new EmbeddedPartnerScores();
  const handlers = refreshHandlers({
    ...deps,
    scores,
    source: storeOrganisationSource(store),
    settings: refreshSettings({ REFRESH_TOP_K: 5, REFRESH_SHARD_SIZE: 25 }),
    logger: pino({ level: 'silent' }),
  });
  let queue: JobQueue;
  if (kind === 'bullmq') {
    const bull = new BullmqQueue({ redisUrl: loadConfig().REDIS_URL, prefix: `test-api-${randomBytes(4).toString('hex')}` });
    closers.push(async () => {
      await bull.obliterate();
      await bull.close();
    });
    queue = bull;
  } else {
    const inProcess = new InProcessQueue(handlers, { concurrency: 2 });
    closers.push(() => inProcess.close());
    queue = inProcess;
  }
  const server = await startTestServer(deps, apiSlices(deps, { slice: refreshSlice(deps, queue, scores), queue, scores }));
  closers.push(() => server.close());
  return { ...server, orgs, scores, queue, store };
}

describe('GET /v1/organisations/:id/partners', () => {
  it('when no run has completed yet, then it answers with an empty list and a note saying why', async () => {
    const { call, orgs } = await api();

    const res = await call('GET', `/v1/organisations/${orgs[0].id}/partners`);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ organisation: { id: orgs[0].id, name: orgs[0].name }, run: null, partners: [] });
    expect(res.body.notes[0]).toMatch(/No partner-score refresh has completed yet/);
  });

  it('when the organisation is unknown, then it answers 404', async () => {
    const { call } = await api();
    const res = await call('GET', '/v1/organisations/GB-CHC-NOBODY/partners');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });
});

describe('refresh runs', () => {
  it('when the service starts and no run has ever completed, then one is queued; once one is current, a restart queues none', async () => {
    const { call, orgs, queue, scores } = await api();

    const runId = await refreshIfNeverRun(queue, scores);

    expect(runId).toBeDefined();
    await waitFor('the start-up run to commit', async () => ((await scores.currentRun())?.runId === runId ? true : undefined), 30_000);
    expect(await refreshIfNeverRun(queue, scores)).toBeUndefined();
    expect((await call('GET', `/v1/organisations/${orgs[0].id}/partners`)).body.run.runId).toBe(runId);
  });

  it('when a run is started, then it answers 202 with its id, the run can be followed to current, and lists are served with run id, age and reasons', async () => {
    const { call, asAdmin, orgs } = await api();

    const started = await call('POST', '/v1/refresh-runs', { asOf: '2026-05-01T00:00:00Z' });

    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ state: 'queued', links: { self: `/v1/refresh-runs/${started.body.runId}` } });
    expect(started.headers.get('location')).toBe(started.body.links.self);
    const run = await waitFor('the run to be current', async () => {
      const res = await asAdmin('GET', started.body.links.self);
      return res.body.state === 'current' ? res : undefined;
    });
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({
      runId: started.body.runId,
      state: 'current',
      progress: { shardsTotal: 3, shardsDone: 3, shardsFailed: 0, percent: 100 },
      counts: { organisations: 60, lists: 60 },
      topK: 5,
      asOf: '2026-05-01T00:00:00.000Z',
    });
    expect(run.body.counts.partners).toBeGreaterThan(60);
    expect(run.body.durationSeconds).toBeGreaterThanOrEqual(0);

    const withPartners = await waitFor('an organisation with partners', async () => {
      for (const org of orgs) {
        const res = await call('GET', `/v1/organisations/${org.id}/partners`);
        if (res.body.partners.length > 0) return res;
      }
      return undefined;
    });
    expect(withPartners.body.run).toMatchObject({ runId: started.body.runId, asOf: '2026-05-01T00:00:00.000Z' });
    expect(withPartners.body.run.ageSeconds).toBe(
      Math.max(0, Math.round((FIXED_NOW.getTime() - Date.parse(withPartners.body.run.computedAt)) / 1000)),
    );
    const first = withPartners.body.partners[0];
    expect(first).toMatchObject({ rank: 1, organisation: { id: expect.stringMatching(/^API-RF-/) } });
    expect(first.reasonsFor.length + first.reasonsAgainst.length).toBeGreaterThan(0);
    expect(Object.keys(first.factors)).toEqual([...FACTORS]);
  });

  it('when the same run id is posted twice, then one run happens', async () => {
    const { call, asAdmin } = await api();
    const a = await call('POST', '/v1/refresh-runs', { runId: 'run-api-once' });
    const b = await call('POST', '/v1/refresh-runs', { runId: 'run-api-once' });
    expect([a.status, b.status]).toEqual([202, 202]);
    const done = await waitFor('the run', async () => {
      const res = await asAdmin('GET', '/v1/refresh-runs/run-api-once');
      return res.body.state === 'current' ? res : undefined;
    });
    expect(done.body.counts.lists).toBe(60);
  });

  it('when a run is unknown or its id malformed, then it answers 404 or 400', async () => {
    const { call, asAdmin } = await api();
    expect((await asAdmin('GET', '/v1/refresh-runs/run-nobody')).status).toBe(404);
    const bad = await asAdmin('GET', '/v1/refresh-runs/not:valid');
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].path).toBe('params.id');
    expect((await call('POST', '/v1/refresh-runs', { runId: 'x y' })).status).toBe(400);
    expect((await call('POST', '/v1/refresh-runs', { scope: 'GB-' })).status).toBe(400);
  });

  it('when the run kind is not full or incremental, then it answers 400 naming the field', async () => {
    const { call } = await api();
    for (const kind of ['partial', 5, null, '']) {
      const res = await call('POST', '/v1/refresh-runs', { kind });
      expect(res.status, JSON.stringify(kind)).toBe(400);
      expect(res.body.error.issues[0].path).toBe('kind');
    }
  });

  it('when an incremental run is started after a full run, then it answers 202 and the run is followed to applied with its counts; the lists stay those of the full run', async () => {
    const { call, asAdmin, store, orgs } = await api();
    const full = await call('POST', '/v1/refresh-runs', { asOf: '2026-05-01T00:00:00Z' });
    await waitFor('the full run', async () => ((await asAdmin('GET', full.body.links.self)).body.state === 'current' ? true : undefined));
    await store.upsertOrganisations([{ ...orgs[0], services: [...orgs[1].services] }]);

    const started = await call('POST', '/v1/refresh-runs', { kind: 'incremental' });

    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ state: 'queued', links: { self: `/v1/refresh-runs/${started.body.runId}` } });
    const run = await waitFor('the incremental run to be applied', async () => {
      const res = await asAdmin('GET', started.body.links.self);
      return res.body.state === 'applied' || res.body.state === 'failed' ? res : undefined;
    });
    expect(run.body).toMatchObject({ kind: 'incremental', baseRunId: full.body.runId, state: 'applied', asOf: '2026-05-01T00:00:00.000Z' });
    expect(run.body.counts.changedOrganisations).toBeGreaterThanOrEqual(1);
    expect(run.body.counts.listsRewritten).toBeGreaterThanOrEqual(1);
    expect((await asAdmin('GET', full.body.links.self)).body).toMatchObject({ kind: 'full', state: 'current' });
    expect((await call('GET', `/v1/organisations/${orgs[0].id}/partners`)).body.run.runId).toBe(full.body.runId);
  });

  it('when an incremental run is started with no full run current, then it is accepted and fails saying a full refresh is needed', async () => {
    const { call, asAdmin } = await api();
    const started = await call('POST', '/v1/refresh-runs', { kind: 'incremental' });
    expect(started.status).toBe(202);
    const run = await waitFor('the run to fail', async () => {
      const res = await asAdmin('GET', started.body.links.self);
      return res.body.state === 'failed' ? res : undefined;
    });
    expect(run.body.failedReason).toContain('run a full refresh');
  });

  it('when a run is queued or running, then an incremental run gets 429 with Retry-After; once it is done, one is accepted', async () => {
    const { call, asAdmin } = await api();
    const full = await call('POST', '/v1/refresh-runs', {});
    const inc = await call('POST', '/v1/refresh-runs', { kind: 'incremental' });
    expect([full.status, inc.status]).toEqual([202, 429]);
    expect(inc.headers.get('retry-after')).toBe('60');
    await waitFor('the full run', async () => ((await asAdmin('GET', full.body.links.self)).body.state === 'current' ? true : undefined));

    expect((await call('POST', '/v1/refresh-runs', { kind: 'incremental' })).status).toBe(202);
  });

  it('when the OpenAPI document is read, then the refresh paths are in it', async () => {
    const { call } = await api();
    const doc = await call('GET', '/openapi.json');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/v1/organisations/{id}/partners', '/v1/refresh-runs', '/v1/refresh-runs/{id}']),
    );
    const schemas = doc.body.components.schemas;
    expect(schemas.StartRefreshRunRequest.properties.kind.enum).toEqual(['full', 'incremental']);
    expect(schemas.RefreshRunState.enum).toContain('applied');
    expect(doc.body.paths['/v1/refresh-runs'].post.responses).toHaveProperty('429');
  });

  it('when asked for health, then the queue is one of the checks', async () => {
    const { call } = await api();
    const res = await call('GET', '/healthz');
    expect(res.body.checks).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'queue:inprocess', ok: true })]));
  });
});

describe('/admin/queues', () => {
  it('when jobs run in-process, then it answers with a note instead of a dashboard', async () => {
    const { asAdmin } = await api('inprocess');
    const res = await asAdmin('GET', '/admin/queues');
    expect(res.status).toBe(200);
    expect(res.body.note).toMatch(/QUEUE=bullmq/);
  });

  it('when the queue is BullMQ, then the bull-board dashboard is served and lists the refresh queue', async () => {
    const { asAdmin, queue } = await api('bullmq');
    await queue.enqueueRun({ runId: 'run-dashboard' });

    const page = await asAdmin('GET', '/admin/queues');
    const queues = await asAdmin('GET', '/admin/queues/api/queues');

    expect(page.status).toBe(200);
    expect(String(page.body)).toMatch(/<html/i);
    expect(queues.status).toBe(200);
    expect(JSON.stringify(queues.body)).toContain('partner-refresh');
  });
});

describe('refresh runs on the operators page', () => {
  it('when an incremental run is applied, then the operators page labels it and shows what it rewrote', async () => {
    const { call, asAdmin, store, orgs, queue, scores } = await api();
    const full = await call('POST', '/v1/refresh-runs', {});
    await waitFor('the full run', async () => ((await asAdmin('GET', full.body.links.self)).body.state === 'current' ? true : undefined));
    await store.upsertOrganisations([{ ...orgs[2], areas: [...orgs[3].areas] }]);
    const inc = await call('POST', '/v1/refresh-runs', { kind: 'incremental' });
    await waitFor('the incremental run', async () =>
      (await asAdmin('GET', inc.body.links.self)).body.state === 'applied' ? true : undefined,
    );
    const deps = coreDeps(store);
    const web = await startTestServer(deps, [accessSlice(deps), webSlice({ ...deps, queue, scores, runs: new RunBudget(queue, scores) })]);
    closers.push(() => web.close());
    const page = async (path: string) =>
      (await fetch(web.server.url + path, { headers: { authorization: `Bearer ${web.adminToken}` } })).text();

    const list = await page('/operators/refresh-runs');
    const one = await page(`/operators/refresh-runs/${inc.body.runId}`);

    expect(list).toContain('Applied to its base run');
    expect(list).toContain(`Incremental, on ${full.body.runId}`);
    expect(one).toContain('Applied to its base run');
    expect(one).toContain('Lists rewritten (recomputed in full)');
  });
});
