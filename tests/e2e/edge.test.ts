/**
 * The HTTP edge (issue #16 item 6) over real HTTP: security headers, the Host/Origin check, per-caller rate limits
 * (in memory, and in the real Redis), header and request timeouts against 1,000 half-sent requests, logs without
 * secrets, `asOf` in range, weights that cannot zero every total, /metrics, and the budgets of the expensive requests.
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { coreSlices } from '../../src/features.ts';
import { concurrencyBudget } from '../../src/http/middleware/budget.ts';
import { Metrics } from '../../src/http/middleware/metrics.ts';
import { requestLog } from '../../src/http/middleware/request-log.ts';
import { sharedRedis } from '../../src/queue/bullmq-redis.ts';
import { InProcessQueue } from '../../src/queue/inprocess-queue.ts';
import type { JobContext, RefreshHandlers } from '../../src/queue/types.ts';
import { EmbeddedPartnerScores } from '../../src/refresh/embedded-partner-scores.ts';
import { registerRefreshMetrics } from '../../src/refresh/metrics.ts';
import { refreshSlice } from '../../src/refresh/routes.ts';
import { RunBudget } from '../../src/refresh/run-budget.ts';
import { webSlice } from '../../src/web/slice.ts';
import { startWebServer } from '../../src/server.ts';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.ts';
import { buildOrganisation, buildTender } from '../builders.ts';
import { RecordingHandlers } from '../contract/queue-contract.ts';
import { coreDeps, startTestServer, tokenFor } from './helpers.ts';
import express from 'express';
import { accessSlice } from '../../src/accounts/routes.ts';
import { errorHandler } from '../../src/http/errors.ts';

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
});

async function api(
  http: Parameters<typeof startWebServer>[0]['http'] = {},
  logger = pino({ level: 'silent' }),
  timeouts?: Parameters<typeof startWebServer>[1]['timeouts'],
) {
  const store = new EmbeddedStore();
  const deps = { ...coreDeps(store), logger };
  await store.upsertOrganisations([buildOrganisation({ id: 'GB-EDGE-1' }), buildOrganisation({ id: 'GB-EDGE-2' })]);
  await store.upsertTenders([buildTender({ id: 'ocds-edge-1' })]);
  const server = await startWebServer({ ...deps, slices: coreSlices(deps), http }, { host: '127.0.0.1', port: 0, timeouts });
  closers.push(() => server.close());
  /** an administrator's API token: writes need one (tests/e2e/access-matrix.test.ts) */
  const token = await tokenFor(store, { roles: ['admin'] });
  return Object.assign(server, { token });
}

describe('security headers and the Host/Origin check', () => {
  it('when any page is fetched, then helmet’s headers and a Content-Security-Policy are set', async () => {
    const server = await api();
    const res = await fetch(`${server.url}/v1/organisations/GB-EDGE-1`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'.*script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}'/);
    expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
  });

  it('when the Host is not one the service answers to, then 421; when it is, the request passes', async () => {
    const server = await api({ allowedHosts: ['127.0.0.1', 'consortia.example'] });
    const { port } = new URL(server.url);
    const status = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const socket = connect(Number(port), '127.0.0.1', () =>
          socket.write(`GET /v1/organisations/GB-EDGE-1 HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`),
        );
        let text = '';
        socket.on('data', (d: Buffer) => (text += d.toString()));
        socket.on('end', () => resolve(Number(text.split(' ')[1])));
        socket.on('error', reject);
      });
    expect(await status('evil.example')).toBe(421);
    expect(await status(`consortia.example:${port}`)).toBe(200);
    expect(await status(`127.0.0.1:${port}`)).toBe(200);
  });

  it('when a page of another origin posts (a form, or text/plain), then 403 and nothing is written; the same origin passes', async () => {
    const server = await api();
    const body = JSON.stringify({ name: 'Forged', kind: 'charity' });
    const post = (headers: Record<string, string>) => fetch(`${server.url}/v1/organisations`, { method: 'POST', headers, body });
    expect((await post({ 'content-type': 'text/plain', origin: 'https://evil.example' })).status).toBe(403);
    expect((await post({ 'content-type': 'application/json', origin: 'null' })).status).toBe(403);
    expect((await post({ 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    const create = (name: string, headers: Record<string, string>) =>
      fetch(`${server.url}/v1/organisations`, { method: 'POST', headers, body: JSON.stringify({ name, kind: 'charity' }) });
    const auth = { authorization: `Bearer ${server.token}` };
    expect((await post({ 'content-type': 'text/plain', origin: 'https://evil.example', ...auth })).status).toBe(403);
    expect((await create('Same origin', { 'content-type': 'application/json', origin: server.url, ...auth })).status).toBe(201);
    expect((await create('No origin', { 'content-type': 'application/json', ...auth })).status).toBe(201); // curl, the CLI
    const page = (await (await fetch(`${server.url}/v1/organisations?limit=50`)).json()) as { items: { name: string }[] };
    expect(page.items.map((o) => o.name)).not.toContain('Forged');
  });
});

describe('rate limits per caller', () => {
  it('when a caller passes its limit, then 429 with Retry-After, and another caller (by token) is not affected', async () => {
    const server = await api({ rateLimit: { perMinute: 5 } });
    const get = (headers: Record<string, string> = {}) => fetch(`${server.url}/v1/organisations/GB-EDGE-1`, { headers });
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await get()).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const limited = await get();
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(await limited.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    expect((await get({ authorization: `Bearer ${server.token}` })).status).toBe(200);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200); // never counted
  });

  it('when Redis is configured, then two API processes share one count in it', async () => {
    const redis = sharedRedis(loadConfig().REDIS_URL);
    closers.push(() => redis.close());
    const prefix = `test-rl-${randomBytes(4).toString('hex')}:`;
    const a = await api({ rateLimit: { perMinute: 4, store: redis.rateLimitStore(prefix) } });
    const b = await api({ rateLimit: { perMinute: 4, store: redis.rateLimitStore(prefix) } });
    const statuses = [];
    for (const server of [a, b, a, b, a, b]) statuses.push((await fetch(`${server.url}/v1/organisations/GB-EDGE-1`)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
  });
});

describe('timeouts', () => {
  it('when 1,000 requests send half their headers and stop, then the server keeps answering and drops them at the header timeout', async () => {
    // LIMITS.http.headersMs is 10 s; 2 s here keeps the test short, the mechanism is the same.
    const server = await api({}, undefined, { headersMs: 2000 });
    closers.push(async () => sockets.forEach((s) => s.destroy()));
    const { port } = new URL(server.url);
    const sockets: Socket[] = [];
    let closed = 0;
    await Promise.all(
      Array.from(
        { length: 1000 },
        () =>
          new Promise<void>((resolve) => {
            const socket = connect(Number(port), '127.0.0.1', () => {
              socket.write('POST /v1/organisations HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n');
              resolve();
            });
            socket.resume(); // read the 408, so the socket can close
            socket.on('close', () => closed++);
            socket.on('error', () => undefined);
            sockets.push(socket);
          }),
      ),
    );
    const started = performance.now();
    const res = await fetch(`${server.url}/v1/organisations/GB-EDGE-1`);
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(1000);
    // Dropped at the header timeout, checked every LIMITS.http.checkIntervalMs (1 s).
    await expect.poll(() => closed, { timeout: 6000, interval: 250 }).toBe(1000);
  }, 30_000);
});

describe('logs', () => {
  it('when a request carries Authorization and Cookie headers, then no log line records them', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const server = await api({}, pino({ level: 'info' }, sink));
    await fetch(`${server.url}/v1/organisations/GB-EDGE-1`, {
      headers: { authorization: 'Bearer secret-token-123', cookie: 'session=secret-cookie-456', 'x-trace': 'kept' },
    });
    await expect.poll(() => lines.length).toBeGreaterThan(0);
    const log = lines.join('');
    expect(log).toContain('kept');
    expect(log).not.toContain('secret-token-123');
    expect(log).not.toContain('secret-cookie-456');
    expect(log).toContain('[redacted]');
    expect(requestLog).toBeTypeOf('function');
  });
});

describe('scoring settings a request cannot break', () => {
  const match = (extra: Record<string, unknown>) => ({ seekerId: 'GB-EDGE-1', tenderId: 'ocds-edge-1', ...extra });

  it('when asOf is far outside 2000–2099, then 400 naming asOf; inside it, 200', async () => {
    const { call, close } = await startTestServer(coreDeps(await seeded()));
    closers.push(close);
    for (const asOf of ['1066-10-14T12:00:00Z', '2999-01-01T00:00:00Z']) {
      const res = await call('POST', '/v1/matches', match({ asOf }));
      expect(res.status).toBe(400);
      expect(res.body.error.issues[0]).toMatchObject({ path: 'asOf', message: expect.stringMatching(/between 2000 and 2099/) });
    }
    expect((await call('POST', '/v1/matches', match({ asOf: '2027-01-15T12:00:00Z' }))).status).toBe(200);
  });

  it('when the only weights left are on factors that do not always apply, then 400: every total could be 0', async () => {
    const { call, close } = await startTestServer(coreDeps(await seeded()));
    closers.push(close);
    const zeroed = { complementarity: 0, waysOfWorking: 0, trust: 0, competition: 0, resilience: 0, geography: 1 };
    const res = await call('POST', '/v1/matches', match({ weights: zeroed }));
    expect(res.status).toBe(400);
    expect(res.body.error.issues[0]).toMatchObject({ path: 'weights', message: expect.stringMatching(/every total 0/) });
    expect((await call('POST', '/v1/matches', match({ weights: { ...zeroed, trust: 0.1 } }))).status).toBe(200);
  });
});

describe('/metrics', () => {
  it('when requests have been served, then Prometheus text shows latency per route, errors, queue depth and refresh runs', async () => {
    const store = new EmbeddedStore();
    const deps = coreDeps(store);
    await store.upsertOrganisations([buildOrganisation({ id: 'GB-EDGE-1' })]);
    const scores = new EmbeddedPartnerScores();
    const handlers = new RecordingHandlers() as RefreshHandlers;
    const queue = new InProcessQueue(handlers, { concurrency: 1 });
    closers.push(() => queue.close());
    const metrics = new Metrics();
    registerRefreshMetrics(metrics.registry, queue, scores);
    await scores.beginRun({
      runId: 'run-m1',
      scope: '',
      asOf: '2026-01-01T00:00:00Z',
      startedAt: '2026-01-01T00:00:00Z',
      organisations: 1,
      shards: 1,
      topK: 5,
    });
    await scores.failRun('run-m1', 'for the test');
    const run = { scope: '', asOf: '2026-01-01T00:00:00Z', startedAt: '2026-01-01T00:00:00Z', organisations: 1, shards: 0, topK: 5 };
    await scores.beginRun({ ...run, runId: 'run-m2' });
    await scores.commitRun('run-m2');
    await scores.beginRun({ ...run, runId: 'run-m3', kind: 'incremental', baseRunId: 'run-m2' });
    const counts = { changedOrganisations: 0, listsRewritten: 0, listsRecomputed: 0, listsRemoved: 0 };
    await scores.applyIncrement('run-m3', { lists: [], removed: [], counts });
    const server = await startWebServer(
      { ...deps, slices: [...coreSlices(deps), refreshSlice(deps, queue, scores)], http: { metrics } },
      { host: '127.0.0.1', port: 0 },
    );
    closers.push(() => server.close());
    await fetch(`${server.url}/v1/organisations/GB-EDGE-1`);
    await fetch(`${server.url}/v1/organisations/GB-NOBODY`);
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401); // for administrators (a scrape sends a token)
    const admin = await tokenFor(store, { roles: ['admin'] });
    const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${admin}` } });
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0.0.4/);
    const text = await res.text();
    expect(text).toMatch(/consortia_http_request_duration_seconds_count\{method="GET",route="\/v1\/organisations\/:id",status="2xx"\} 1/);
    expect(text).toMatch(/consortia_http_request_duration_seconds_count\{method="GET",route="\/v1\/organisations\/:id",status="4xx"\} 1/);
    expect(text).toMatch(/# TYPE consortia_http_errors_total counter/);
    expect(text).toMatch(/consortia_queue_jobs\{state="waiting"\} 0/);
    expect(text).toMatch(/consortia_refresh_run_failures_total 1/);
    expect(text).toMatch(/consortia_refresh_run_duration_seconds_count\{outcome="failed"\} 1/);
    expect(text).toMatch(/consortia_refresh_run_duration_seconds_count\{outcome="committed"\} 1/);
    expect(text).toMatch(/consortia_refresh_run_duration_seconds_count\{outcome="applied"\} 1/);
    expect(text).toMatch(/consortia_process_cpu_seconds_total/);
  });
});

describe('budgets of the expensive requests', () => {
  it('when more requests come than run and wait, then the rest get 503 with Retry-After at once, and the waiting ones run', async () => {
    const app = express();
    const budget = concurrencyBudget({ name: 'slow thing', concurrent: 2, waiting: 1, maxWaitMs: 5000, retryAfterSeconds: 3 });
    app.get('/slow', budget, (_req, res) => void setTimeout(() => res.json({ ok: true }), 200));
    app.use(errorHandler(pino({ level: 'silent' })));
    const server = app.listen(0);
    closers.push(() => new Promise((resolve) => server.close(resolve)));
    await new Promise((resolve) => server.once('listening', resolve));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/slow`;
    const answers = await Promise.all(Array.from({ length: 5 }, () => fetch(url)));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 503, 503]);
    const busy = answers.find((r) => r.status === 503)!;
    expect(busy.headers.get('retry-after')).toBe('3');
    expect(await busy.json()).toMatchObject({ error: { code: 'BUSY' } });
    expect(budget.load()).toEqual({ running: 0, waiting: 0 });
  });

  it('when a request waits past its budget, then 503', async () => {
    const app = express();
    const budget = concurrencyBudget({ name: 'slow thing', concurrent: 1, waiting: 5, maxWaitMs: 50, retryAfterSeconds: 1 });
    app.get('/slow', budget, (_req, res) => void setTimeout(() => res.json({ ok: true }), 300));
    app.use(errorHandler(pino({ level: 'silent' })));
    const server = app.listen(0);
    closers.push(() => new Promise((resolve) => server.close(resolve)));
    await new Promise((resolve) => server.once('listening', resolve));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/slow`;
    const statuses = (await Promise.all([fetch(url), fetch(url)])).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 503]);
  });

  it('when a refresh run is running, then another gets 429 with Retry-After, the same id again is idempotent, and once it is done a new one is accepted', async () => {
    const store = new EmbeddedStore();
    const deps = coreDeps(store);
    const scores = new EmbeddedPartnerScores();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // Planning waits for the gate: the first run stays queued-and-planning until the test releases it.
    const handlers = new (class extends RecordingHandlers {
      override async planRun(data: unknown, ctx: JobContext) {
        await gate;
        return super.planRun(data, ctx);
      }
    })();
    const queue = new InProcessQueue(handlers, { concurrency: 2 });
    closers.push(() => queue.close());
    const { call, close } = await startTestServer(deps, [accessSlice(deps), refreshSlice(deps, queue, scores)]);
    closers.push(close);
    expect((await call('POST', '/v1/refresh-runs', { runId: 'run-first' })).status).toBe(202);
    const second = await call('POST', '/v1/refresh-runs', {});
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('60');
    expect(second.body.error).toMatchObject({ code: 'TOO_MANY_RUNS', message: expect.stringMatching(/run-first/) });
    expect((await call('POST', '/v1/refresh-runs', { runId: 'run-first' })).status).toBe(202);
    release();
    await queue.whenIdle();
    expect((await call('POST', '/v1/refresh-runs', { runId: 'run-next' })).status).toBe(202);
  });
});

describe('the run budget in the web app', () => {
  it('when an operator starts a second run while one is running, then the page says so with 429 and Retry-After', async () => {
    const store = new EmbeddedStore();
    const deps = coreDeps(store);
    const scores = new EmbeddedPartnerScores();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const handlers = new (class extends RecordingHandlers {
      override async planRun(data: unknown, ctx: JobContext) {
        await gate;
        return super.planRun(data, ctx);
      }
    })();
    const queue = new InProcessQueue(handlers, { concurrency: 2 });
    closers.push(async () => {
      release();
      await queue.close();
    });
    const runs = new RunBudget(queue, scores);
    const { server, close, adminToken } = await startTestServer(deps, [accessSlice(deps), webSlice({ ...deps, queue, scores, runs })]);
    closers.push(close);
    const start = () =>
      fetch(`${server.url}/operators/refresh-runs`, {
        method: 'POST',
        redirect: 'manual',
        headers: { authorization: `Bearer ${adminToken}` },
      });
    expect((await start()).status).toBe(303);
    const second = await start();
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('60');
    expect(await second.text()).toContain('A refresh run is already running');
  });
});

async function seeded(): Promise<EmbeddedStore> {
  const store = new EmbeddedStore();
  await store.upsertOrganisations([buildOrganisation({ id: 'GB-EDGE-1' }), buildOrganisation({ id: 'GB-EDGE-2' })]);
  await store.upsertTenders([buildTender({ id: 'ocds-edge-1' })]);
  return store;
}
