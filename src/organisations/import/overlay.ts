/**
 * An import laid over an organisation already stored, fact by fact (docs/evidence.md, docs/import.md):
 *
 * - a fact the import states and the store lacks is taken, with its source;
 * - a fact both hold with the same value keeps it, with the stronger of the two sources (provenance.ts `prefers`);
 * - a fact both hold with different values keeps the value of the stronger source — evidence over declaration
 *   over inference, the later date between equals, the import when still equal — and the disagreement is a
 *   conflict: which fact, both values, both sources;
 * - services and areas are unions, each code with its stronger source; a code a register stated before and that
 *   register (in this import) no longer states is dropped; an approximate area (from a postcode) is used only when
 *   the organisation has no area at all;
 * - what the import does not speak of (partnerships, private fields, largest-contract share, facts no source
 *   stated) stays as stored. The name is the import's when it gives one (names carry no source).
 *
 * Pure: organisations and facts in, the result and its conflicts out.
 */
import { canonicalJson } from '../../shared/canonical-json.ts';
import { DECLARED, prefers, type Provenance, type ScalarFact, type Source } from '../provenance.ts';
import { Organisation } from '../schema.ts';
import type { FactKey, OrgConflict, OrgFacts, StatedFact } from './merge.ts';

const STORED = 'stored';

export interface Overlay {
  organisation: Organisation;
  conflicts: OrgConflict[];
}

export function overlayFacts(stored: Organisation, facts: OrgFacts): Overlay {
  const conflicts: OrgConflict[] = [];
  const out: Record<string, unknown> = { ...stored, waysOfWorking: { ...stored.waysOfWorking } };
  const sources: Provenance = { ...stored.provenance };
  delete sources.services;
  delete sources.areas;
  if (facts.name !== undefined) out.name = facts.name;

  for (const [key, imported] of Object.entries(facts.facts) as [FactKey, StatedFact][]) {
    const fact: ScalarFact = key.startsWith('waysOfWorking.') ? 'waysOfWorking' : (key as ScalarFact);
    const part = key.startsWith('waysOfWorking.') ? (key.slice('waysOfWorking.'.length) as keyof Organisation['waysOfWorking']) : undefined;
    const storedValue = part ? stored.waysOfWorking[part] : (stored as Record<string, unknown>)[key];
    const storedFact: StatedFact = { value: storedValue, source: stored.provenance?.[fact] ?? DECLARED, from: STORED };
    let take: boolean;
    if (storedValue === undefined) take = true;
    else if (canonicalJson(storedValue) === canonicalJson(imported.value)) take = prefers(imported.source, storedFact.source);
    else {
      take = prefers(imported.source, storedFact.source);
      conflicts.push({ id: stored.id, fact: key, kept: take ? imported : storedFact, dropped: take ? storedFact : imported });
    }
    if (!take) continue;
    if (part) (out.waysOfWorking as Record<string, unknown>)[part] = imported.value;
    else out[key] = imported.value;
    setSource(sources, fact, imported.source);
  }

  const services = mergeCodes(stored.services, stored.provenance?.services, facts.services, facts.registers);
  let areas = mergeCodes(stored.areas, stored.provenance?.areas, facts.areas, facts.registers);
  if (areas.codes.length === 0 && out.baseArea === undefined && facts.approximateAreas.size > 0) {
    areas = mergeCodes([], undefined, facts.approximateAreas, facts.registers);
  }
  out.services = services.codes;
  out.areas = areas.codes;
  if (Object.keys(services.sources).length > 0) sources.services = services.sources;
  if (Object.keys(areas.sources).length > 0) sources.areas = areas.sources;
  const baseArea = out.baseArea as string | undefined;
  // The base area is an area it works in (normalisation adds it to areas); its area source follows the base area's.
  if (baseArea !== undefined && !areas.codes.includes(baseArea) && sources.baseArea && sources.baseArea.kind !== 'declared')
    sources.areas = { ...sources.areas, [baseArea]: sources.baseArea };
  if (Object.keys(sources).length > 0) out.provenance = sources;
  else delete out.provenance;
  return { organisation: Organisation.parse(out), conflicts };
}

function setSource(sources: Provenance, fact: ScalarFact, source: Source): void {
  if (source.kind === 'declared') delete sources[fact];
  else sources[fact] = source;
}

/** Stored codes (minus those a re-imported register no longer states) ∪ imported codes, each with its stronger source. */
function mergeCodes(
  storedCodes: readonly string[],
  storedSources: Readonly<Record<string, Source>> | undefined,
  imported: ReadonlyMap<string, StatedFact<true>>,
  registers: readonly string[],
): { codes: string[]; sources: Record<string, Source> } {
  const sources: Record<string, Source> = {};
  const codes: string[] = [];
  const kept = new Set<string>();
  for (const code of storedCodes) {
    const source = storedSources?.[code] ?? DECLARED;
    const restated = imported.get(code);
    if (restated === undefined && source.kind !== 'declared' && source.register !== undefined && registers.includes(source.register))
      continue;
    codes.push(code);
    kept.add(code);
    const best = restated && prefers(restated.source, source) ? restated.source : source;
    if (best.kind !== 'declared') sources[code] = best;
  }
  for (const [code, stated] of imported) {
    if (kept.has(code)) continue;
    codes.push(code);
    if (stated.source.kind !== 'declared') sources[code] = stated.source;
  }
  return { codes, sources };
}
