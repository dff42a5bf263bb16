/**
 * Synthetic organisations at any scale (benchmarks): ids CNS-GEN-000001…, the same distributions as the demo
 * dataset, spread over England's authorities by approximate population, with a partnership graph among
 * themselves (partners nearby, sharing a sector).
 *
 * Two passes: the first keeps only the columns the partnership engine needs (a few bytes per organisation),
 * the second rebuilds each organisation from its own random stream and attaches its edges — so
 * `iterateOrganisations` can stream 100,000 organisations without holding them all.
 */
import type { Organisation } from '../organisations/schema.ts';
import type { Reference } from '../reference/types.ts';
import { partnershipsOf, toOrganisation } from './draft.ts';
import { KIND_INDEX, adjacency, buildPartnershipEdges, createNodeTable } from './partnerships.ts';
import { placeIndex } from './places.ts';
import { drawPrivateFields } from './private-fields.ts';
import { draftSynthetic, syntheticId } from './synthetic.ts';

export interface GenerateOptions {
  count: number;
  seed: number;
  /** id prefix, default "CNS-GEN" */
  idPrefix?: string;
}

const STREAM = 'generated';

/** Streams `count` organisations in id order. Throws on a negative or non-integer count. */
export function* iterateOrganisations(reference: Reference, options: GenerateOptions): Generator<Organisation> {
  const { count, seed } = options;
  if (!Number.isInteger(count) || count < 0) throw new Error(`demo/generate: count must be a non-negative integer, got ${count}`);
  const prefix = options.idPrefix ?? 'CNS-GEN';
  const width = Math.max(6, String(count).length);
  const idOf = (i: number) => syntheticId(prefix, i + 1, width);
  const places = placeIndex(reference);

  const nodes = createNodeTable(count);
  for (let i = 0; i < count; i++) {
    const d = draftSynthetic(places, seed, STREAM, idOf(i));
    nodes.kind[i] = KIND_INDEX[d.kind];
    nodes.place[i] = d.place;
    nodes.sectors[i] = d.sectors;
    nodes.turnover[i] = d.annualTurnoverGbp ?? 0;
    nodes.foundedYear[i] = d.foundedYear ?? 2000;
  }
  const edges = buildPartnershipEdges(nodes, places, { seed });
  const adj = adjacency(count, edges);
  const privates = drawPrivateFields(reference, nodes, places, (i) => adj[i], idOf, seed);

  for (let i = 0; i < count; i++) {
    const d = draftSynthetic(places, seed, STREAM, idOf(i));
    yield toOrganisation(d, partnershipsOf(i, adj[i], idOf), privates.get(i));
  }
}

/** All `count` organisations as an array (see iterateOrganisations). */
export function generateOrganisations(reference: Reference, options: GenerateOptions): Organisation[] {
  return [...iterateOrganisations(reference, options)];
}
