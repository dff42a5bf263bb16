/**
 * The web slice over plain HTTP, beside the JSON API: the API and its OpenAPI document are unchanged (no page paths,
 * JSON errors, no compression), pages are HTML and gzip'd, assets are cached for good, and with BullMQ the operators'
 * page links to the queue dashboard.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { coreSlices } from '../../src/features.ts';
import { BullmqQueue } from '../../src/queue/bullmq-queue.ts';
import { InProcessQueue } from '../../src/queue/inprocess-queue.ts';
import type { JobQueue } from '../../src/queue/types.ts';
import { EmbeddedPartnerScores } from '../../src/refresh/embedded-partner-scores.ts';
import { refreshHandlers } from '../../src/refresh/jobs.ts';
import { refreshSlice } from '../../src/refresh/routes.ts';
import { refreshSettings } from '../../src/refresh/settings.ts';
import { storeOrganisationSource } from '../../src/refresh/snapshot.ts';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.ts';
import { webSlice } from '../../src/web/slice.ts';
import { buildOrganisation } from '../builders.ts';
import { coreDeps, startTestServer } from './helpers.ts';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function app(kind: 'inprocess' | 'bullmq' = 'inprocess') {
  const store = new EmbeddedStore();
  const deps = coreDeps(store);
  await store.upsertOrganisations([buildOrganisation({ id: 'WEB-1', name: 'Alder Care', services: ['85311100'], areas: ['E07000041'] })]);
  const scores = new EmbeddedPartnerScores();
  let queue: JobQueue;
  if (kind === 'bullmq') {
    const bull = new BullmqQueue({ redisUrl: loadConfig().REDIS_URL, prefix: `test-web-${randomBytes(4).toString('hex')}` });
    closers.push(async () => {
      await bull.obliterate();
      await bull.close();
    });
    queue = bull;
  } else {
    const handlers = refreshHandlers({
      ...deps,
      scores,
      source: storeOrganisationSource(store),
      settings: refreshSettings({ REFRESH_TOP_K: 5, REFRESH_SHARD_SIZE: 10 }),
    });
    const inProcess = new InProcessQueue(handlers, { concurrency: 1 });
    closers.push(() => inProcess.close());
    queue = inProcess;
  }
  const server = await startTestServer(deps, [
    ...coreSlices(deps),
    refreshSlice(deps, queue, scores),
    webSlice({ ...deps, queue, scores }),
  ]);
  closers.push(() => server.close());
  return server;
}

describe('the web slice beside the JSON API', () => {
  it('when the API is called, then it answers as before: JSON errors, no page paths in the OpenAPI document, no compression', async () => {
    const { call, server } = await app();
    const missing = await call('GET', '/v1/nope');
    expect([missing.status, missing.body.error.code]).toEqual([404, 'NOT_FOUND']);
    expect((await call('GET', '/v1/organisations/NOPE-1')).body.error.code).toBe('NOT_FOUND');
    const paths = Object.keys((await call('GET', '/openapi.json')).body.paths as object);
    expect(paths.filter((p) => !p.startsWith('/v1/') && p !== '/healthz')).toEqual([]);
    const res = await fetch(`${server.url}/v1/organisations/WEB-1`, { headers: { 'accept-encoding': 'gzip' } });
    expect([res.status, res.headers.get('content-encoding')]).toEqual([200, null]);
  });

  it('when a page is asked for, then it is gzip’d HTML; an unknown page is an HTML 404; assets are cached for good', async () => {
    const { server } = await app();
    const page = await fetch(`${server.url}/organisations/WEB-1`, { headers: { 'accept-encoding': 'gzip' } });
    expect([page.status, page.headers.get('content-type'), page.headers.get('content-encoding')]).toEqual([
      200,
      'text/html; charset=utf-8',
      'gzip',
    ]);
    expect(await page.text()).toContain('<h1 class="govuk-heading-l">Alder Care</h1>');
    const unknown = await fetch(`${server.url}/organisations/NOPE-1`);
    expect([unknown.status, unknown.headers.get('content-type')]).toEqual([404, 'text/html; charset=utf-8']);
    expect(await unknown.text()).toContain('No organisation with id NOPE-1');
    const css = await fetch(`${server.url}/assets/app.css`);
    expect(css.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const text = await css.text();
    expect(text).toContain('.govuk-error-summary');
    expect(text).not.toMatch(/GDS Transport|@font-face/);
  }, 60_000);

  it('when the queue is BullMQ, then the operators’ page links to the dashboard; in-process, it says what it needs', async () => {
    const inProcess = await app();
    const asAdmin = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
    expect((await fetch(`${inProcess.server.url}/operators/refresh-runs`, { redirect: 'manual' })).status).toBe(303); // sign in first
    expect(await (await fetch(`${inProcess.server.url}/operators/refresh-runs`, asAdmin(inProcess.adminToken))).text()).toContain(
      'The queue dashboard needs the BullMQ queue',
    );
    const bull = await app('bullmq');
    const html = await (await fetch(`${bull.server.url}/operators/refresh-runs`, asAdmin(bull.adminToken))).text();
    expect(html).toContain('<a class="govuk-link" href="/admin/queues">Open the queue dashboard</a>');
    expect(html).toContain('Reachable');
  });
});
