/**
 * Wholly synthetic organisations (ids CNS-…): one draft from (seed, stream key), so each organisation can be
 * recomputed on its own — the generator relies on that to stream.
 */
import type { OrganisationKind } from '../organisations/schema.ts';
import {
  drawFoundedYear,
  drawLargestContractShare,
  drawLegalForm,
  drawOpenToPartnering,
  drawReach,
  drawSector,
  drawServices,
  drawSize,
  drawSpareCapacity,
  drawValues,
  drawWaysOfWorking,
} from './attributes.ts';
import type { OrgDraft } from './draft.ts';
import { syntheticName } from './names.ts';
import { areasFor, pickPlace, type PlaceIndex } from './places.ts';
import { Rng } from './prng.ts';
import { sectorBit } from './services.ts';

/** Kind shares of the generated population (percent). Local authorities are commissioners, not generated. */
export const GENERATED_KIND_WEIGHTS: Readonly<Record<OrganisationKind, number>> = {
  charity: 56,
  social_enterprise: 20,
  private_provider: 12.5,
  cooperative: 5,
  public_service_mutual: 5,
  nhs_body: 1.5,
  local_authority: 0,
};

export function draftSynthetic(places: PlaceIndex, seed: number, stream: string, id: string, kind?: OrganisationKind): OrgDraft {
  const rng = Rng.derive(seed, stream, id);
  const k = kind ?? rng.weighted(GENERATED_KIND_WEIGHTS);
  const place = pickPlace(places, rng);
  const sector = drawSector(rng, k);
  const legalForm = drawLegalForm(rng, k);
  const { turnover, staff } = drawSize(rng, k);
  const { profiles, codes } = drawServices(rng, sector, turnover);
  let foundedYear = drawFoundedYear(rng, k);
  if (legalForm === 'cic') foundedYear = Math.max(2005, foundedYear);
  if (legalForm === 'charity_cio') foundedYear = Math.max(2013, foundedYear);
  return {
    id,
    name: syntheticName(rng, k, legalForm, profiles[0].key, places.places[place].name),
    kind: k,
    legalForm,
    staff,
    annualTurnoverGbp: turnover,
    foundedYear,
    services: codes,
    areas: areasFor(places, place, drawReach(rng, k, turnover), rng),
    values: drawValues(rng, k, legalForm),
    waysOfWorking: drawWaysOfWorking(rng, k, staff),
    openToPartnering: drawOpenToPartnering(rng, k),
    spareCapacity: drawSpareCapacity(rng),
    largestContractShare: drawLargestContractShare(rng, k),
    place,
    sectors: profiles.reduce((mask, p) => mask | sectorBit(p.sector), 0),
  };
}

/** "CNS-PSM-0001": prefix and a zero-padded 1-based number. */
export function syntheticId(prefix: string, n: number, width: number): string {
  return `${prefix}-${String(n).padStart(width, '0')}`;
}
