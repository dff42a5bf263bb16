/**
 * An import laid over a stored organisation (src/organisations/import/overlay.ts), and through the import use
 * case on the embedded store: evidence wins over declaration, both sides of a disagreement are reported, codes a
 * register no longer states are dropped, and classes that only enrich apply to stored organisations alone.
 */
import { describe, expect, it } from 'vitest';
import { importOrganisationFiles } from '../../../src/imports/import-organisations.ts';
import type { OrgFacts } from '../../../src/organisations/import/index.ts';
import { overlayFacts } from '../../../src/organisations/import/overlay.ts';
import type { Source } from '../../../src/organisations/provenance.ts';
import { EmbeddedStore } from '../../../src/store/embedded/embedded-store.ts';
import { buildOrganisation } from '../../builders.ts';
import { reference } from './support.ts';

const CCEW: Source = { kind: 'register', register: 'charity-commission', record: '1109545', date: '2021-05-27' };
const TRAFFORD = 'E08000009';
const MANCHESTER = 'E08000003';

function facts(overrides: Partial<OrgFacts> = {}): OrgFacts {
  return {
    id: 'GB-CHC-1109545',
    aliases: [],
    facts: {},
    services: new Map(),
    areas: new Map(),
    approximateAreas: new Map(),
    registers: [],
    records: 1,
    ...overrides,
  };
}

describe('overlayFacts', () => {
  it('when a register states a fact the organisation declared differently, then the register wins and the conflict names both values and sources', () => {
    const stored = buildOrganisation({ id: 'GB-CHC-1109545', annualTurnoverGbp: 900_000, staff: 30 });
    const { organisation, conflicts } = overlayFacts(
      stored,
      facts({
        facts: { annualTurnoverGbp: { value: 1_240_000, source: CCEW, from: 'charities.csv line 4' } },
        registers: ['charity-commission'],
      }),
    );
    expect(organisation.annualTurnoverGbp).toBe(1_240_000);
    expect(organisation.provenance?.annualTurnoverGbp).toEqual(CCEW);
    expect(organisation.staff).toBe(30); // not spoken of: kept
    expect(conflicts).toEqual([
      {
        id: 'GB-CHC-1109545',
        fact: 'annualTurnoverGbp',
        kept: { value: 1_240_000, source: CCEW, from: 'charities.csv line 4' },
        dropped: { value: 900_000, source: { kind: 'declared' }, from: 'stored' },
      },
    ]);
  });

  it('when an inferred fact disagrees with a declared one, then the declared value stays and the inference is reported as dropped', () => {
    const stored = buildOrganisation({ id: 'GB-CHC-1109545', kind: 'public_service_mutual' });
    const inferred: Source = { kind: 'inferred', rule: 'kind from a charity number' };
    const { organisation, conflicts } = overlayFacts(
      stored,
      facts({ facts: { kind: { value: 'charity', source: inferred, from: 'x line 2' } } }),
    );
    expect(organisation.kind).toBe('public_service_mutual');
    expect(organisation.provenance?.kind).toBeUndefined();
    expect(conflicts).toMatchObject([
      { fact: 'kind', kept: { value: 'public_service_mutual', from: 'stored' }, dropped: { value: 'charity', source: inferred } },
    ]);
  });

  it('when areas are laid over, then they are united with the stronger source per code, and a code the same register no longer states is dropped', () => {
    const stored = buildOrganisation({
      id: 'GB-CHC-1109545',
      areas: [TRAFFORD, MANCHESTER, 'E08000007'],
      provenance: { areas: { [TRAFFORD]: { kind: 'declared' }, [MANCHESTER]: { ...CCEW, date: '2019-01-01' } } },
    });
    const { organisation, conflicts } = overlayFacts(
      stored,
      facts({
        areas: new Map([[TRAFFORD, { value: true as const, source: CCEW, from: 'aoo.csv line 2' }]]),
        registers: ['charity-commission'],
      }),
    );
    // Trafford: now evidenced; Manchester: the Commission said so in 2019 and no longer does; Stockport: declared, kept
    expect(organisation.areas).toEqual([TRAFFORD, 'E08000007']);
    expect(organisation.provenance?.areas).toEqual({ [TRAFFORD]: CCEW });
    expect(conflicts).toEqual([]);
  });

  it('when only an approximate area comes in, then it is used for an organisation with no area and ignored otherwise', () => {
    const approximate = new Map([
      ['E47000001', { value: true as const, source: { kind: 'inferred' as const, rule: 'postcode area M (approximate)' }, from: 'x' }],
    ]);
    expect(
      overlayFacts(buildOrganisation({ id: 'A-1', areas: [] }), facts({ id: 'A-1', approximateAreas: approximate })).organisation.areas,
    ).toEqual(['E47000001']);
    expect(
      overlayFacts(buildOrganisation({ id: 'A-2', areas: [TRAFFORD] }), facts({ id: 'A-2', approximateAreas: approximate })).organisation
        .areas,
    ).toEqual([TRAFFORD]);
  });
});

describe('importOrganisationFiles over stored organisations', () => {
  const ref = reference();

  it('when a provider declared itself and the CCNI register is imported, then the register’s staff and income win, with conflicts, and partnerships stay', async () => {
    const store = new EmbeddedStore();
    const declared = buildOrganisation({
      id: 'GB-NIC-100002',
      name: 'Cancer Lifeline',
      staff: 40,
      annualTurnoverGbp: 462_154,
      partnerships: [{ partnerId: 'GB-NIC-100003', model: 'informal_consortium', year: 2022, outcome: 'won', success: 4 }],
    });
    await store.upsertOrganisations([declared]);
    const ccni =
      'Reg charity number,Charity name,Date registered,Status,Date for financial year ending,Total income,Employed staff,How the charity works\n100002,Cancer Lifeline,13/12/2013,Received: on time,31 March 2023,462154,11,Counselling/support\n';

    const report = await importOrganisationFiles({ store, ref }, [{ name: 'ccni.csv', text: ccni }]);

    const after = (await store.getOrganisation('GB-NIC-100002'))!;
    expect(after).toMatchObject({ staff: 11, annualTurnoverGbp: 462_154, partnerships: declared.partnerships });
    expect(after.provenance?.staff).toEqual({ kind: 'register', register: 'ccni', record: '100002', date: '2023-03-31' });
    expect(after.provenance?.annualTurnoverGbp).toMatchObject({ kind: 'register', register: 'ccni' }); // same value, stronger source
    expect(report.updated).toBe(1);
    // staff: the register wins; founded year: the declared 2005 wins over "registered in 2013"; legal form: declared CIO kept
    expect(report.conflicts.map((c) => [c.fact, c.kept.value, c.dropped.value])).toEqual([
      ['staff', 11, 40],
      ['foundedYear', 2005, 2013],
    ]);
    expect(after.foundedYear).toBe(2005);
  });

  it('when CIC activity classes are imported, then a stored CIC gains the service, and classes for CICs nobody stored are rejected with the reason', async () => {
    const store = new EmbeddedStore();
    await store.upsertOrganisations([
      buildOrganisation({ id: 'GB-COH-05533834', name: 'Stored CIC', kind: 'social_enterprise', services: [] }),
    ]);
    const text =
      'org_id,icnptso_code,icnptso_code_probability,icnptso_code_source\nGB-COH-05533834,D13,1.0,ml_model\nGB-COH-05542697,D12,1.0,ml_model\n';

    const report = await importOrganisationFiles({ store, ref }, [{ name: 'cics.csv', text }]);

    expect((await store.getOrganisation('GB-COH-05533834'))!.services).toEqual(['85311200']);
    expect(await store.getOrganisation('GB-COH-05542697')).toBeUndefined();
    expect(report).toMatchObject({ entries: 2, recordsImported: 1, updated: 1, imported: 0 });
    expect(report.rejected).toEqual([
      expect.objectContaining({ id: 'GB-COH-05542697', reason: expect.stringContaining('no organisation GB-COH-05542697 is stored') }),
    ]);
  });
});
