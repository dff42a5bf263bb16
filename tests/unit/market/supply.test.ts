import { describe, expect, it } from 'vitest';
import { marketView } from '../../../src/market/market-view.ts';
import { evidenceOf, supplyOf } from '../../../src/market/supply.ts';
import { defaultReference } from '../../../src/reference/load.ts';
import { buildOrganisation, buildTender } from '../../builders.ts';

const ref = defaultReference();
const NOW = new Date('2026-06-01T00:00:00Z');
const SCILLY = 'E06000053';
const CORNWALL = 'E06000052';
const SOUTH_WEST = 'E12000009';
const HOME_CARE = '85312400';
const WELFARE = '85312000'; // broader: Welfare services not including accommodation

const registered = (_code: string) => ({ kind: 'register' as const, register: 'charity-commission', record: '1', date: '2024-01-01' });

/** Two national charities, each large enough for a South West claim to be plausible, claiming the region. */
const nationals = [1, 2].map((i) =>
  buildOrganisation({
    id: `NATIONAL-${i}`,
    name: `National Care Charity ${i}`,
    staff: 4000,
    annualTurnoverGbp: 150_000_000,
    services: [HOME_CARE],
    areas: [SOUTH_WEST],
    provenance: { areas: { [SOUTH_WEST]: registered(SOUTH_WEST) } },
  }),
);

describe('market supply: who credibly covers each cell', () => {
  it('when two national charities claim the South West region, then no Isles of Scilly cell is covered: their claims are listed apart', () => {
    const tender = buildTender({ title: 'Home care on the Isles of Scilly', cpvCodes: [HOME_CARE], deliveryAreas: [SCILLY] });
    const { view } = marketView({ ref, tender, organisations: nationals, now: NOW });

    expect(view.cells).toHaveLength(1);
    expect(view.cells[0]).toMatchObject({ area: SCILLY, status: 'uncovered', local: 0, widerClaims: 2 });
    expect(view.summary).toMatchObject({ providers: 0, widerClaimOnly: 2, uncovered: 1 });
    expect(view.gaps.words[0]).toBe(
      'Nobody credibly covers 1 cell: 85312400 Welfare services not delivered through residential institutions in Isles of Scilly. In 1 of them someone claims a wider area containing the authority; that is not evidence of working there.',
    );
    expect(view.summary.words[0]).toContain(
      'The data holds no organisation that delivers these services and works in the 1 local authority of the tender area at authority level',
    );
    expect(view.providers.map((p) => p.presence)).toEqual(['wider claim only', 'wider claim only']);
    expect(view.providers[0].evidence).toContain(
      'Says it works across South West, which holds Isles of Scilly: a wider claim (Charity Commission, 2024), not counted as working there',
    );
    expect(view.consortia).toEqual([]);
  });

  it('when one organisation is based on the islands, then that cell has a single credible provider, named', () => {
    const local = buildOrganisation({
      id: 'SCILLY-CARE',
      name: 'Scilly Home Care',
      staff: 6,
      services: [HOME_CARE],
      areas: [SCILLY],
      baseArea: SCILLY,
    });
    const tender = buildTender({ cpvCodes: [HOME_CARE], deliveryAreas: [SCILLY] });
    const { view } = marketView({ ref, tender, organisations: [...nationals, local], now: NOW });
    expect(view.cells[0]).toMatchObject({ status: 'single', local: 1, widerClaims: 2, providerIds: ['SCILLY-CARE'] });
    expect(view.gaps.single).toEqual([
      {
        service: HOME_CARE,
        area: SCILLY,
        name: expect.stringContaining('Isles of Scilly'),
        provider: { id: 'SCILLY-CARE', name: 'Scilly Home Care' },
      },
    ]);
  });

  it('when a provider lists only a broader code, then it covers the cell partly and its evidence says so; a narrower code does not cover a broader requirement', () => {
    const broad = buildOrganisation({ id: 'BROAD', name: 'Broad Welfare', services: [WELFARE], areas: [CORNWALL] });
    const narrowOnly = buildOrganisation({ id: 'NARROW', name: 'Narrow', services: ['85312400'], areas: [CORNWALL] });
    const grid = { services: [HOME_CARE, WELFARE], lads: [CORNWALL] };
    const supply = supplyOf(ref, grid, [broad, narrowOnly]);
    const [b, n] = supply.providers;
    expect(b.services.map((s) => s.share)).toEqual([0.5, 1]);
    expect(n.services.map((s) => s.share)).toEqual([1, 0]);
    const welfare = ref.cpv.describe(WELFARE);
    expect(evidenceOf(b, grid, ref)).toEqual([
      `Partly delivers ${ref.cpv.describe(HOME_CARE)}, through the broader ${welfare} it lists (declared by the organisation)`,
      `Delivers ${welfare} (declared by the organisation)`,
      'Says it works in Cornwall (authority level)',
    ]);
    expect(supply.local).toEqual([[0, 1], [0]]);
  });

  it('when a county is the delivery area, then it is expanded to its districts, one cell per service and district', () => {
    const tender = buildTender({ cpvCodes: [HOME_CARE], deliveryAreas: ['E10000008'] });
    const { view } = marketView({ ref, tender, organisations: [], now: NOW });
    expect(view.tender.authorities.map((a) => a.code)).toEqual([...ref.geography.lads('E10000008')].sort());
    expect(view.cells).toHaveLength(ref.geography.lads('E10000008').length);
    expect(view.summary.words[0]).toMatch(
      /^The data holds no organisation that delivers these services and works in the 8 local authorities of the tender area at authority level\. There is no data on this market here yet\.$/,
    );
  });
});
