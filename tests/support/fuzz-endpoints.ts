/**
 * The write endpoints and the fuzzing property shared by tests/e2e/fuzz.test.ts and bench/edge.ts: bodies derived from
 * each endpoint's zod schema (./schema-arbitrary.ts), sent over real HTTP; whatever arrives, the answer is never a 5xx,
 * is JSON of bounded size, comes within a bounded time, and a validation 400 names a field.
 */
import fc from 'fast-check';
import assert from 'node:assert/strict';
import type { z } from 'zod';
import { AlertPreferencesInput } from '../../src/alerts/preferences.ts';
import { HeadsOfTermsRequest } from '../../src/consortia/heads-of-terms-schema.ts';
import { ConsortiumRequest } from '../../src/consortia/schema.ts';
import { MarketRequest } from '../../src/market/schema.ts';
import { MatchRequest } from '../../src/matching/schema.ts';
import { OrganisationInput } from '../../src/organisations/schema.ts';
import { StartRunRequest } from '../../src/refresh/schema.ts';
import { TenderInput } from '../../src/tenders/schema.ts';
import { fuzzedBody } from './schema-arbitrary.ts';

/** a generous bound on any answer: an error is a few hundred bytes, a match list of 200 some tens of KB */
export const MAX_RESPONSE_BYTES = 256 * 1024;
export const MAX_MS = 2000;

export interface Endpoint {
  method: 'POST' | 'PUT';
  path: (n: number) => string;
  schema: z.ZodType;
}

export const WRITE_ENDPOINTS: Record<string, Endpoint> = {
  'POST /v1/organisations': { method: 'POST', path: () => '/v1/organisations', schema: OrganisationInput },
  'PUT /v1/organisations/{id}': { method: 'PUT', path: (n) => `/v1/organisations/FZ-PUT-${n % 50}`, schema: OrganisationInput },
  'POST /v1/tenders': { method: 'POST', path: () => '/v1/tenders', schema: TenderInput },
  'PUT /v1/tenders/{id}': { method: 'PUT', path: (n) => `/v1/tenders/fuzz-${n % 50}`, schema: TenderInput },
  'POST /v1/matches': { method: 'POST', path: () => '/v1/matches', schema: MatchRequest },
  'POST /v1/consortia': { method: 'POST', path: () => '/v1/consortia', schema: ConsortiumRequest },
  'POST /v1/consortia/heads-of-terms': { method: 'POST', path: () => '/v1/consortia/heads-of-terms', schema: HeadsOfTermsRequest },
  'POST /v1/market-views': { method: 'POST', path: () => '/v1/market-views', schema: MarketRequest },
  'POST /v1/engagement-lists': { method: 'POST', path: () => '/v1/engagement-lists', schema: MarketRequest },
  'POST /v1/refresh-runs': { method: 'POST', path: () => '/v1/refresh-runs', schema: StartRunRequest },
  'PUT /v1/organisations/{id}/alert-preferences': {
    method: 'PUT',
    path: (n) => `/v1/organisations/FZ-PUT-${n % 50}/alert-preferences`,
    schema: AlertPreferencesInput,
  },
};

export interface Known {
  orgIds: string[];
  tenderIds: string[];
  cpvCodes: string[];
  areaCodes: string[];
}

/** Fields that must name stored or known things for a body to get past validation and a 404. */
function overrides(k: Known): Record<string, fc.Arbitrary<unknown>> {
  return {
    cpvCodes: fc.array(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...k.cpvCodes) }, fc.string({ maxLength: 10 })), {
      minLength: 1,
      maxLength: 4,
    }),
    services: fc.array(fc.constantFrom(...k.cpvCodes), { maxLength: 4 }),
    areas: fc.array(fc.constantFrom(...k.areaCodes), { maxLength: 4 }),
    deliveryAreas: fc.array(fc.constantFrom(...k.areaCodes), { maxLength: 3 }),
    baseArea: fc.constantFrom(...k.areaCodes),
    provenance: fc.constant(undefined),
    lots: fc.constant(undefined),
    seekerId: fc.oneof(fc.constantFrom(...k.orgIds), fc.string({ maxLength: 20 })),
    leadId: fc.oneof(fc.constantFrom(...k.orgIds), fc.string({ maxLength: 20 })),
    partnerId: fc.constantFrom(...k.orgIds),
    partnerIds: fc.array(fc.constantFrom(...k.orgIds), { minLength: 1, maxLength: 4 }),
    tenderId: fc.constantFrom(...k.tenderIds),
  };
}

/**
 * Sends `runs` generated bodies to the endpoint (fast-check, fixed seed) and checks each answer; returns the count of
 * each status. Throws (with the shrunk counterexample) on the first answer that breaks the property.
 */
export async function fuzzEndpoint(
  baseUrl: string,
  endpoint: Endpoint,
  known: Known,
  runs: number,
  seed = 16,
  token?: string,
): Promise<Record<string, number>> {
  const statuses: Record<string, number> = {};
  let n = 0;
  const arbitrary = fuzzedBody(endpoint.schema, {
    overrides: { ...overrides(known), ...(endpoint.method === 'PUT' ? { id: fc.constant(undefined) } : {}) },
  });
  await fc.assert(
    fc.asyncProperty(arbitrary, async (body) => {
      const started = performance.now();
      const res = await fetch(baseUrl + endpoint.path(n++), {
        method: endpoint.method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
      const text = await res.text();
      const ms = performance.now() - started;
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      assert.ok(res.status < 500, `${res.status}: ${text.slice(0, 300)}`);
      assert.ok(text.length < MAX_RESPONSE_BYTES, `answer of ${text.length} characters`);
      assert.ok(ms < MAX_MS, `answered in ${Math.round(ms)} ms`);
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
      if (res.status === 400) {
        const error = (JSON.parse(text) as { error: { code: string; issues?: { path: string; message: string }[] } }).error;
        if (error.code === 'VALIDATION_FAILED') assert.ok((error.issues?.length ?? 0) > 0, 'a validation error names its fields');
      }
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    }),
    { numRuns: runs, seed },
  );
  return statuses;
}
