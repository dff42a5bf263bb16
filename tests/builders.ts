import { Organisation } from '../src/organisations/schema.ts';
import { Tender } from '../src/tenders/schema.ts';

let seq = 0;

/** A valid organisation with sensible defaults; override what the test is about. */
export function buildOrganisation(overrides: Partial<Organisation> & { id?: string } = {}): Organisation {
  seq++;
  return Organisation.parse({
    id: overrides.id ?? `TEST-ORG-${seq}`,
    name: `Test organisation ${seq}`,
    kind: 'charity',
    legalForm: 'charity_cio',
    staff: 40,
    annualTurnoverGbp: 2_000_000,
    foundedYear: 2005,
    services: [],
    areas: [],
    values: [],
    openToPartnering: true,
    spareCapacity: 'some',
    partnerships: [],
    ...overrides,
  });
}

export function buildTender(overrides: Partial<Tender> = {}): Tender {
  seq++;
  return Tender.parse({
    id: `TEST-TENDER-${seq}`,
    title: `Test tender ${seq}`,
    cpvCodes: ['85000000'],
    deliveryAreas: [],
    ...overrides,
  });
}
