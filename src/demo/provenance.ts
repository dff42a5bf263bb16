/**
 * The demo's facts, marked: a fact that came from a register or a rule over real data keeps that source
 * (OrgDraft.sources); every other fact of the demo — drawn sizes, values, ways of working, extra areas, the
 * partnership history — is `synthetic`, so answers built on it say "(demo data)". The benchmark generator
 * (./generate.ts) does not use this: its organisations are never served, and sources on 100,000 of them would cost
 * memory the match benchmark measures.
 */
import { SCALAR_FACTS, type Provenance, type Source } from '../organisations/provenance.ts';
import type { Organisation, Partnership } from '../organisations/schema.ts';
import type { DraftSources } from './draft.ts';

export const SYNTHETIC: Source = Object.freeze({ kind: 'synthetic' });

/** Sources for every fact `org` holds: the draft's where it has one (declared ones left out), synthetic otherwise. */
export function demoProvenance(org: Organisation, sources: DraftSources | undefined): Provenance {
  const out: Provenance = {};
  const held = (value: unknown) => value !== undefined && !(Array.isArray(value) && value.length === 0);
  for (const fact of SCALAR_FACTS) {
    if (!held((org as Record<string, unknown>)[fact])) continue;
    const source = sources?.facts[fact] ?? SYNTHETIC;
    if (source.kind !== 'declared') out[fact] = source;
  }
  const codes = (list: readonly string[], given: Record<string, Source> | undefined) =>
    Object.fromEntries(
      list.flatMap((code) => {
        const source = given?.[code] ?? SYNTHETIC;
        return source.kind === 'declared' ? [] : [[code, source]];
      }),
    );
  const services = codes(org.services, sources?.services);
  const areas = codes(org.baseArea && !org.areas.includes(org.baseArea) ? [...org.areas, org.baseArea] : org.areas, sources?.areas);
  if (Object.keys(services).length > 0) out.services = services;
  if (Object.keys(areas).length > 0) out.areas = areas;
  return out;
}

/** The demo's partnership history is made up: every record says so. */
export function syntheticPartnerships(partnerships: readonly Partnership[]): Partnership[] {
  return partnerships.map((p) => ({ ...p, source: SYNTHETIC }));
}
