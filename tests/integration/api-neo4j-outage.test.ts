/**
 * Neo4j unreachable, seen from the API (issue 3, "Bad input and faults"): the real HTTP server runs on a
 * Neo4jStore that reaches the shared Neo4j through a TCP proxy. Stopping the proxy is the outage (every
 * connection dropped, new ones refused) without disturbing the other suites on the same server; starting it
 * again is the recovery. Short driver timeouts keep each failing request to well under a second.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { Neo4jStore } from '../../src/store/neo4j/neo4j-store.ts';
import { buildOrganisation } from '../builders.ts';
import { coreDeps, startTestServer } from '../e2e/helpers.ts';
import { boltTarget, startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';

const prefix = `AO-${randomBytes(4).toString('hex')}-`;
const seeker = buildOrganisation({ id: `${prefix}seeker`, services: ['85100000'], areas: ['E06000001'] });
const partner = buildOrganisation({ id: `${prefix}partner`, services: ['85311300'], areas: ['E06000001'] });
const match = {
  seekerId: seeker.id,
  tender: { title: 'Outage test', cpvCodes: ['85100000', '85311300'], deliveryAreas: ['E06000001'] },
  limit: 5,
};

describe('API on Neo4j, when Neo4j becomes unreachable and comes back', () => {
  let proxy: TcpProxy;
  let store: Neo4jStore;
  let direct: Neo4jStore;
  let api: Awaited<ReturnType<typeof startTestServer>>;

  beforeAll(async () => {
    const config = loadConfig({ ...process.env, NEO4J_URI: inject('neo4jUri') });
    const base = { user: config.NEO4J_USER, password: config.NEO4J_PASSWORD, database: config.NEO4J_DATABASE };
    direct = new Neo4jStore({ ...base, uri: config.NEO4J_URI });
    await direct.upsertOrganisations([seeker, partner]);
    proxy = await startTcpProxy(boltTarget(config.NEO4J_URI));
    store = new Neo4jStore({
      ...base,
      uri: `bolt://127.0.0.1:${proxy.port}`,
      maxTransactionRetryTimeMs: 200,
      connectionTimeoutMs: 1_000,
      connectionAcquisitionTimeoutMs: 1_000,
    });
    api = await startTestServer(coreDeps(store));
  });

  afterAll(async () => {
    await api?.close();
    await store?.close();
    await proxy?.stop();
    await direct?.deleteByIdPrefix(prefix);
    await direct?.close();
  });

  const requests = () =>
    Promise.all([api.call('GET', `/v1/organisations/${seeker.id}`), api.call('POST', '/v1/matches', match), api.call('GET', '/healthz')]);

  it('when Neo4j answers, then reads and matches answer 200 and /healthz reports the store ok', async () => {
    const [org, matches, health] = await requests();
    expect(org.status).toBe(200);
    expect(org.body.id).toBe(seeker.id);
    expect(matches.status).toBe(200);
    expect(matches.body.candidates.map((c: { organisation: { id: string } }) => c.organisation.id)).toContain(partner.id);
    expect(health.status).toBe(200);
    expect(health.body.checks).toContainEqual(expect.objectContaining({ name: 'store:neo4j', ok: true }));
  });

  it('when Neo4j is unreachable, then they answer 503 STORE_UNAVAILABLE with a clear message, never 500, and the process keeps serving', async () => {
    await proxy.stop();
    const started = performance.now();
    const [org, matches, health] = await requests();

    for (const res of [org, matches]) {
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(res.body.error.code).toBe('STORE_UNAVAILABLE');
      expect(res.body.error.message).toMatch(/Neo4j is unavailable/);
    }
    expect(health.status).toBe(503);
    expect(health.body.status).toBe('degraded');
    expect(health.body.checks).toContainEqual(
      expect.objectContaining({ name: 'store:neo4j', ok: false, detail: expect.stringMatching(/unreachable/i) }),
    );
    expect(performance.now() - started).toBeLessThan(5_000);

    // a second round while still down: same answers (no half-broken state, no crash)
    const again = await requests();
    expect(again.map((r) => r.status)).toEqual([503, 503, 503]);
  });

  it('when Neo4j is back, then the same API answers 200 again without a restart', async () => {
    await proxy.start();
    const [org, matches, health] = await requests();
    expect([org.status, matches.status, health.status]).toEqual([200, 200, 200]);
    expect(org.body.id).toBe(seeker.id);
    expect(matches.body.candidates.map((c: { organisation: { id: string } }) => c.organisation.id)).toContain(partner.id);
  });
});
