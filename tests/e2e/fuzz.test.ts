/**
 * Property-based fuzzing of every write endpoint, with bodies derived from the endpoint's zod schema
 * (tests/support/schema-arbitrary.ts): mostly well-formed, some with one field hostile, some wholly hostile. Whatever
 * arrives, the answer is never a 5xx, is JSON of bounded size, comes within a bounded time, and a 400 names a field
 * (tests/support/fuzz-endpoints.ts). Runs on the embedded store with the in-process refresh, over real HTTP.
 * FUZZ_RUNS raises the count; bench/edge.ts runs the same with more and prints the counts for the README.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coreSlices } from '../../src/features.ts';
import { InProcessQueue } from '../../src/queue/inprocess-queue.ts';
import { EmbeddedPartnerScores } from '../../src/refresh/embedded-partner-scores.ts';
import { refreshHandlers } from '../../src/refresh/jobs.ts';
import { refreshSlice } from '../../src/refresh/routes.ts';
import { refreshSettings } from '../../src/refresh/settings.ts';
import { storeOrganisationSource } from '../../src/refresh/snapshot.ts';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.ts';
import { buildTender } from '../builders.ts';
import { fuzzEndpoint, WRITE_ENDPOINTS, type Known } from '../support/fuzz-endpoints.ts';
import { syntheticOrganisations } from '../support/refresh-dataset.ts';
import { coreDeps, startTestServer } from './helpers.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);

let server: Awaited<ReturnType<typeof startTestServer>>;
let queue: InProcessQueue;
let known: Known;
const counts: Record<string, Record<string, number>> = {};

beforeAll(async () => {
  const store = new EmbeddedStore();
  const deps = coreDeps(store);
  const orgs = syntheticOrganisations(deps.ref, { count: 80, seed: 16, idPrefix: 'FZ-' });
  await store.upsertOrganisations(orgs);
  const tenders = [buildTender({ id: 'ocds-fuzz-1' }), buildTender({ id: 'ocds-fuzz-2', lots: [] })];
  await store.upsertTenders(tenders);
  known = {
    orgIds: orgs.map((o) => o.id),
    tenderIds: tenders.map((t) => t.id),
    cpvCodes: [...new Set(orgs.flatMap((o) => o.services))],
    areaCodes: [...new Set(orgs.flatMap((o) => o.areas))],
  };
  const scores = new EmbeddedPartnerScores();
  const handlers = refreshHandlers({
    ...deps,
    scores,
    source: storeOrganisationSource(store),
    settings: refreshSettings({ REFRESH_TOP_K: 5, REFRESH_SHARD_SIZE: 40 }),
    logger: pino({ level: 'silent' }),
  });
  queue = new InProcessQueue(handlers, { concurrency: 2 });
  server = await startTestServer(deps, [...coreSlices(deps), refreshSlice(deps, queue, scores)]);
});
afterAll(async () => {
  console.log(`fuzz: ${RUNS} bodies per endpoint; statuses ${JSON.stringify(counts)}`);
  await server.close();
  await queue.close();
});

describe('fuzzing every write endpoint from its schema', () => {
  for (const [name, endpoint] of Object.entries(WRITE_ENDPOINTS)) {
    it(`when ${RUNS} generated bodies are sent to ${name}, then none gets a 5xx, and every answer is short, quick and JSON`, async () => {
      const statuses = await fuzzEndpoint(server.server.url, endpoint, known, RUNS);
      counts[name] = statuses;
      // The generator reaches past validation, not only its rejections; and it does reach the rejections.
      const past = Object.entries(statuses).filter(([s]) => Number(s) < 300 || s === '404' || s === '429');
      expect(past.reduce((sum, [, c]) => sum + c, 0)).toBeGreaterThan(0);
      expect(statuses['400'] ?? 0).toBeGreaterThan(0);
    }, 120_000);
  }
});
