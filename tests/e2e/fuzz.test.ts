/**
 * Property-based fuzzing of every write endpoint, with bodies derived from the endpoint's zod schema
 * (tests/support/schema-arbitrary.ts): mostly well-formed, some with one field hostile, some wholly hostile. Whatever
 * arrives, the answer is never a 5xx, is JSON of bounded size, comes within a bounded time, and a 400 names a field.
 * Runs on the embedded store with the in-process refresh, over real HTTP. FUZZ_RUNS raises the count (the README's
 * figures: bench/edge.ts).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConsortiumRequest } from '../../src/consortia/schema.ts';
import { coreSlices } from '../../src/features.ts';
import { MatchRequest } from '../../src/matching/schema.ts';
import { OrganisationInput } from '../../src/organisations/schema.ts';
import { InProcessQueue } from '../../src/queue/inprocess-queue.ts';
import { EmbeddedPartnerScores } from '../../src/refresh/embedded-partner-scores.ts';
import { refreshHandlers } from '../../src/refresh/jobs.ts';
import { refreshSlice } from '../../src/refresh/routes.ts';
import { StartRunRequest } from '../../src/refresh/schema.ts';
import { refreshSettings } from '../../src/refresh/settings.ts';
import { storeOrganisationSource } from '../../src/refresh/snapshot.ts';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.ts';
import { TenderInput } from '../../src/tenders/schema.ts';
import { buildTender } from '../builders.ts';
import { syntheticOrganisations } from '../support/refresh-dataset.ts';
import { fuzzedBody } from '../support/schema-arbitrary.ts';
import { coreDeps, startTestServer } from './helpers.ts';
import pino from 'pino';

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
/** a generous bound on any answer: an error is a few hundred bytes, a match list of 200 some tens of KB */
const MAX_RESPONSE_BYTES = 256 * 1024;
const MAX_MS = 2000;

let server: Awaited<ReturnType<typeof startTestServer>>;
let queue: InProcessQueue;
let orgIds: string[];
let tenderIds: string[];
let cpvCodes: string[];
let areaCodes: string[];

beforeAll(async () => {
  const store = new EmbeddedStore();
  const deps = coreDeps(store);
  const orgs = syntheticOrganisations(deps.ref, { count: 80, seed: 16, idPrefix: 'FZ-' });
  await store.upsertOrganisations(orgs);
  const tenders = [buildTender({ id: 'ocds-fuzz-1' }), buildTender({ id: 'ocds-fuzz-2', lots: [] })];
  await store.upsertTenders(tenders);
  orgIds = orgs.map((o) => o.id);
  cpvCodes = [...new Set(orgs.flatMap((o) => o.services))];
  areaCodes = [...new Set(orgs.flatMap((o) => o.areas))];
  tenderIds = tenders.map((t) => t.id);
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
  console.log(`fuzz: ${RUNS} bodies per endpoint; statuses ${JSON.stringify(fuzzCounts)}`);
  await server.close();
  await queue.close();
});

/** Fields that must name stored or known things for a body to get past validation and a 404. */
const known = () => ({
  cpvCodes: fc.array(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...cpvCodes) }, fc.string({ maxLength: 10 })), {
    minLength: 1,
    maxLength: 4,
  }),
  services: fc.array(fc.constantFrom(...cpvCodes), { maxLength: 4 }),
  areas: fc.array(fc.constantFrom(...areaCodes), { maxLength: 4 }),
  deliveryAreas: fc.array(fc.constantFrom(...areaCodes), { maxLength: 3 }),
  baseArea: fc.constantFrom(...areaCodes),
  provenance: fc.constant(undefined),
  lots: fc.constant(undefined),
  seekerId: fc.oneof(fc.constantFrom(...orgIds), fc.string({ maxLength: 20 })),
  leadId: fc.oneof(fc.constantFrom(...orgIds), fc.string({ maxLength: 20 })),
  partnerId: fc.constantFrom(...orgIds),
  tenderId: fc.constantFrom(...tenderIds),
});

interface Endpoint {
  method: 'POST' | 'PUT';
  path: (n: number) => string;
  schema: z.ZodType;
}

const ENDPOINTS: Record<string, Endpoint> = {
  'POST /v1/organisations': { method: 'POST', path: () => '/v1/organisations', schema: OrganisationInput },
  'PUT /v1/organisations/{id}': { method: 'PUT', path: (n) => `/v1/organisations/FZ-PUT-${n % 50}`, schema: OrganisationInput },
  'POST /v1/tenders': { method: 'POST', path: () => '/v1/tenders', schema: TenderInput },
  'PUT /v1/tenders/{id}': { method: 'PUT', path: (n) => `/v1/tenders/fuzz-${n % 50}`, schema: TenderInput },
  'POST /v1/matches': { method: 'POST', path: () => '/v1/matches', schema: MatchRequest },
  'POST /v1/consortia': { method: 'POST', path: () => '/v1/consortia', schema: ConsortiumRequest },
  'POST /v1/refresh-runs': { method: 'POST', path: () => '/v1/refresh-runs', schema: StartRunRequest },
};

export const fuzzCounts: Record<string, Record<string, number>> = {};

describe('fuzzing every write endpoint from its schema', () => {
  for (const [name, endpoint] of Object.entries(ENDPOINTS)) {
    it(`when ${RUNS} generated bodies are sent to ${name}, then none gets a 5xx, and every answer is short, quick and JSON`, async () => {
      const statuses: Record<string, number> = {};
      let n = 0;
      await fc.assert(
        fc.asyncProperty(
          fuzzedBody(endpoint.schema, { overrides: { ...known(), ...(endpoint.method === 'PUT' ? { id: fc.constant(undefined) } : {}) } }),
          async (body) => {
            const started = performance.now();
            const res = await fetch(server.server.url + endpoint.path(n++), {
              method: endpoint.method,
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify(body),
            });
            const text = await res.text();
            const ms = performance.now() - started;
            statuses[res.status] = (statuses[res.status] ?? 0) + 1;
            expect(res.status).toBeLessThan(500);
            expect(text.length).toBeLessThan(MAX_RESPONSE_BYTES);
            expect(ms).toBeLessThan(MAX_MS);
            expect(res.headers.get('content-type')).toMatch(/^application\/json/);
            if (res.status === 400) {
              const error = (JSON.parse(text) as { error: { code: string; issues?: { path: string; message: string }[] } }).error;
              if (error.code === 'VALIDATION_FAILED') expect(error.issues?.length).toBeGreaterThan(0);
            }
            expect(({} as Record<string, unknown>).polluted).toBeUndefined();
          },
        ),
        { numRuns: RUNS, seed: 16 },
      );
      fuzzCounts[name] = statuses;
      // The generator reaches past validation, not only its rejections.
      const accepted = Object.entries(statuses)
        .filter(([s]) => Number(s) < 300 || s === '404' || s === '429')
        .reduce((a, [, c]) => a + c, 0);
      expect(accepted).toBeGreaterThan(0);
      expect(statuses['400'] ?? 0).toBeGreaterThan(0);
    }, 120_000);
  }
});
