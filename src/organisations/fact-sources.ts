/**
 * Sources of an organisation's facts as the API shows and keeps them (docs/evidence.md):
 *
 * - `withEverySource`: the provenance a reader gets — a source for every fact the record holds, every service and
 *   every area, a fact without a recorded source reading as declared — so `GET /v1/organisations/{id}` answers
 *   "where does this come from?" for each fact.
 * - `keepSourcesOfUnchanged`: what a replace (PUT) keeps. An organisation editing its profile declares what it
 *   changes; a fact it leaves as it was keeps its source (the register that stated it), unless the request names
 *   another. Without this, saving a form would silently turn every piece of evidence into a claim.
 */
import { canonicalJson } from '../shared/canonical-json.ts';
import { DECLARED, SCALAR_FACTS, type Provenance, type ScalarFact, type Source } from './provenance.ts';
import type { Organisation, Partnership } from './schema.ts';

/** The facts of SCALAR_FACTS a record can hold: those that are set (arrays: non-empty). */
function holds(org: Organisation, fact: ScalarFact): boolean {
  const value = (org as Record<ScalarFact, unknown>)[fact];
  return value !== undefined && !(Array.isArray(value) && value.length === 0);
}

export function withEverySource(org: Organisation): Provenance {
  const p = org.provenance ?? {};
  const out: Provenance = {};
  for (const fact of SCALAR_FACTS) if (holds(org, fact)) out[fact] = p[fact] ?? DECLARED;
  out.services = Object.fromEntries(org.services.map((code) => [code, p.services?.[code] ?? DECLARED]));
  const areas = org.baseArea && !org.areas.includes(org.baseArea) ? [...org.areas, org.baseArea] : org.areas;
  out.areas = Object.fromEntries(areas.map((code) => [code, p.areas?.[code] ?? DECLARED]));
  return out;
}

/**
 * The provenance of `next` (a replacement of `previous`): what `next` states, else — for a fact, service or area
 * whose value is the same in both — the source `previous` had. Declared entries are left out (the default).
 */
export function keepSourcesOfUnchanged(previous: Organisation, next: Organisation): Provenance | undefined {
  const given = next.provenance ?? {};
  const before = previous.provenance ?? {};
  const out: Provenance = {};
  const keep = (source: Source | undefined) => (source && source.kind !== 'declared' ? source : undefined);
  for (const fact of SCALAR_FACTS) {
    const same = canonicalJson((previous as Record<string, unknown>)[fact]) === canonicalJson((next as Record<string, unknown>)[fact]);
    const source = given[fact] ?? (same && holds(next, fact) ? keep(before[fact]) : undefined);
    if (source) out[fact] = source;
  }
  const codes = (now: readonly string[], had: readonly string[], givenMap?: Record<string, Source>, beforeMap?: Record<string, Source>) => {
    const result: Record<string, Source> = {};
    for (const code of now) {
      const source = givenMap?.[code] ?? (had.includes(code) ? keep(beforeMap?.[code]) : undefined);
      if (source) result[code] = source;
    }
    return result;
  };
  const services = codes(next.services, previous.services, given.services, before.services);
  const withBase = (o: Organisation) => (o.baseArea && !o.areas.includes(o.baseArea) ? [...o.areas, o.baseArea] : o.areas);
  const areas = codes(withBase(next), withBase(previous), given.areas, before.areas);
  if (Object.keys(services).length > 0) out.services = services;
  if (Object.keys(areas).length > 0) out.areas = areas;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Partnerships of `next`, each without a source of its own taking the source the same partnership had in `previous`. */
export function keepPartnershipSources(previous: Organisation, next: Organisation): Partnership[] {
  const key = (p: Partnership) => `${p.partnerId}|${p.year}|${p.model}`;
  const before = new Map(previous.partnerships.map((p) => [key(p), p.source]));
  return next.partnerships.map((p) => {
    const source = p.source ?? before.get(key(p));
    return source ? { ...p, source } : p;
  });
}
