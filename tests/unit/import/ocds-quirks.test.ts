import { describe, expect, it } from 'vitest';
import { importOcds, releaseToTender, repairText, minimumTurnoverIn } from '../../../src/tenders/ocds/index.ts';
import type { Tender } from '../../../src/tenders/schema.ts';
import { buildRelease, fixture, reference, sampleRelease } from './support.ts';

type Json = Record<string, unknown>;

function mapOk(release: Json): { tender: Tender; warnings: string[] } {
  const result = releaseToTender(release, reference());
  if (!result.ok) throw new Error(`expected a tender, got: ${result.reason}`);
  return result;
}

describe('OCDS quirks: text damage', () => {
  it('when a description holds literal "rn" line breaks, then they become line breaks and words ending in "rn" survive', () => {
    const release = sampleRelease('england_contracts_finder_2025.json', 'ocds-b5fd17-cfc38479-88fa-41f2-808d-d1154776ded1');
    const { tender } = mapOk(release);
    expect(tender.description).toContain('full spectrum of risk levels.\n\nThe service will support individuals to;\n\n- Recover');
    expect(tender.description).toContain('\n- Learn effective skills'); // "Learn" is a word, not a break
    expect(tender.description).not.toMatch(/\brn\b/);
  });

  it('when "rn" quirks appear in Scottish lot text and addresses, then each is repaired without touching real words', () => {
    expect(repairText('Registers of Scotlandrn Meadowbank Housern 153 London Roadrn Edinburghrn EH8 7AU')).toBe(
      'Registers of Scotland\nMeadowbank House\n153 London Road\nEdinburgh\nEH8 7AU',
    );
    expect(repairText('supplier only.rn .rn All drivers')).toBe('supplier only.\n.\nAll drivers');
    expect(repairText('Employer’s Liability Insurance = 10M GBPrn Public Liability')).toBe(
      'Employer’s Liability Insurance = 10M GBP\nPublic Liability',
    );
    expect(repairText('the modern way to return to Blackburn, turn northern, learn and govern')).toBe(
      'the modern way to return to Blackburn, turn northern, learn and govern',
    );
    expect(repairText('returns and modernise')).toBe('returns and modernise');
  });

  it('when text holds UTF-8 mojibake or "•t" bullets, then it is repaired', () => {
    const release = sampleRelease('england_contracts_finder_2025.json', 'ocds-b5fd17-c08b0729-7e62-44eb-bbb0-ca59bbecde40');
    expect(mapOk(release).tender.description).toContain('£138,783.55');
    expect(repairText('Bedfordshire.rnâ€¢tStandard items')).toBe('Bedfordshire.\n• Standard items');
    expect(repairText('framework.â€¯ The initial')).toBe('framework.  The initial');
  });
});

describe('OCDS quirks: identity and several releases per ocid', () => {
  it('when a release has no release id (Public Contracts Scotland), then it is imported keyed by its ocid', () => {
    const release = sampleRelease('scotland_pcs_2019.json', 'ocds-r6ebe6-0000578640');
    expect(release.id).toBeUndefined();
    const result = importOcds(JSON.stringify({ releases: [release] }), reference());
    expect(result.tenders.map((t) => t.id)).toEqual(['ocds-r6ebe6-0000578640']);
    expect(result.imported[0].releaseId).toBeUndefined();
  });

  it('when an award notice carries a full tender block, then the tender is made from it', () => {
    const release = sampleRelease('england_contracts_finder_2025.json', 'ocds-b5fd17-76485a2b-4074-427a-8782-2a6c3f9a2cb4');
    expect(release.tag).toEqual(['award']);
    const { tender } = mapOk(release);
    expect(tender).toMatchObject({
      title: 'UOW822 Flooring Term Contract 2021 - AWARD',
      cpvCodes: ['44112200'],
      submissionDeadline: '2021-07-05T12:00:00+01:00',
      contractStart: '2021-07-19T01:00:00+01:00',
      smeSuitable: true,
      vcseSuitable: false,
      buyer: { id: 'GB-CFS-44290', name: 'University Of Worcester' },
    });
    // region "West Midlands" and the postcode WR2 6AJ (Worcestershire, from the postcode-area table)
    expect(tender.deliveryAreas).toEqual(['E10000034', 'E12000005']);
  });

  it('when an ocid has several releases, then the newest by date wins and the other is superseded (real Contracts Finder pair)', () => {
    const ocid = 'ocds-b5fd17-8f3244de-9267-4db2-95fe-089010d5aa5f';
    const result = importOcds(fixture('ocds/england_contracts_finder_2025.json'), reference());
    expect(result.imported.find((i) => i.ocid === ocid)?.releaseId).toBe('dff009c9-c955-4f82-8f54-455a64c5bee0-819904'); // the tenderAmendment
    expect(result.superseded.filter((s) => s.ocid === ocid).map((s) => s.releaseId)).toEqual([
      'dff009c9-c955-4f82-8f54-455a64c5bee0-819901',
    ]);
  });

  it('when the newer release comes first in the file, then it still wins; on equal dates the later position wins', () => {
    const older = buildRelease({ ocid: 'ocds-test-order', id: 'r1', date: '2025-01-01T00:00:00Z', tender: { title: 'Old title' } });
    const newer = buildRelease({ ocid: 'ocds-test-order', id: 'r2', date: '2025-03-01T00:00:00Z', tender: { title: 'New title' } });
    expect(importOcds(JSON.stringify({ releases: [newer, older] }), reference()).tenders.map((t) => t.title)).toEqual(['New title']);
    const sameDateA = buildRelease({ ocid: 'ocds-test-tie', id: 'a', tender: { title: 'First in file' } });
    const sameDateB = buildRelease({ ocid: 'ocds-test-tie', id: 'b', tender: { title: 'Second in file' } });
    expect(importOcds(JSON.stringify({ releases: [sameDateA, sameDateB] }), reference()).tenders.map((t) => t.title)).toEqual([
      'Second in file',
    ]);
  });

  it('when the newest release cannot be mapped, then it is rejected and the tender comes from the next newest, with a warning', () => {
    const good = buildRelease({ ocid: 'ocds-test-fallback', id: 'r1', date: '2025-01-01T00:00:00Z' });
    const bad = buildRelease({
      ocid: 'ocds-test-fallback',
      id: 'r2',
      date: '2025-02-01T00:00:00Z',
      tender: { classification: { scheme: 'CPV', id: '99999999' } },
    });
    const result = importOcds(JSON.stringify({ releases: [good, bad] }), reference());
    expect(result.tenders).toHaveLength(1);
    expect(result.imported[0].releaseId).toBe('r1');
    expect(result.rejected).toEqual([
      expect.objectContaining({ ocid: 'ocds-test-fallback', releaseId: 'r2', reason: expect.stringContaining('no usable CPV') }),
    ]);
    expect(result.warnings.map((w) => w.message)).toContainEqual(expect.stringContaining('newer release(s) rejected'));
  });

  it('when the newest release cancels the tender, then no tender is made and older releases are superseded', () => {
    const open = buildRelease({ ocid: 'ocds-test-cancel', id: 'r1', date: '2025-01-01T00:00:00Z' });
    const cancelled = buildRelease({
      ocid: 'ocds-test-cancel',
      id: 'r2',
      date: '2025-02-01T00:00:00Z',
      tag: ['tenderCancellation'],
      tender: { status: 'cancelled' },
    });
    const result = importOcds(JSON.stringify({ releases: [open, cancelled] }), reference());
    expect(result.tenders).toEqual([]);
    expect(result.rejected).toEqual([expect.objectContaining({ releaseId: 'r2', reason: 'tender status is cancelled' })]);
    expect(result.superseded).toEqual([expect.objectContaining({ releaseId: 'r1', supersededBy: 1 })]);
  });

  it('when a bad release sits among good ones, then the good ones still import', () => {
    const doc = JSON.stringify({
      releases: [buildRelease(), 'not a release', { ocid: 'ocds-test-no-tender', tag: ['contract'] }, buildRelease()],
    });
    const result = importOcds(doc, reference());
    expect(result.tenders).toHaveLength(2);
    expect(result.rejected.map((r) => r.reason)).toEqual(['a release must be a JSON object', 'no tender block (tags: contract)']);
    expect(result.entries).toBe(4);
  });
});

describe('OCDS quirks: CPV codes', () => {
  it('when a release has no usable CPV code, then it is rejected with its ocid', () => {
    const release = buildRelease({ ocid: 'ocds-test-nocpv', tender: { classification: { scheme: 'UNSPSC', id: '85101500' } } });
    const result = releaseToTender(release, reference());
    expect(result).toEqual({
      ok: false,
      ocid: 'ocds-test-nocpv',
      releaseId: release.id,
      reason: expect.stringContaining('no usable CPV code'),
    });
  });

  it('when CPV codes come with or without check digits, then both are read; unknown codes are dropped with a warning', () => {
    const { tender, warnings } = mapOk(
      buildRelease({
        tender: {
          classification: { scheme: 'CPV', id: '85311000-2' },
          additionalClassifications: [
            { scheme: 'CPV', id: '85312000' },
            { scheme: 'CPV', id: '12345678' },
            { scheme: 'CPVS', id: 'AA01-1' },
          ],
        },
      }),
    );
    expect(tender.cpvCodes).toEqual(['85311000', '85312000']);
    expect(warnings).toContain('tender: unknown CPV code 12345678 dropped');
  });

  it('when items name their lot, then each lot gets the CPV codes of its items, and a lot without items takes the main code', () => {
    const { tender } = mapOk(
      buildRelease({
        tender: {
          classification: { scheme: 'CPV', id: '85000000' },
          lots: [
            { id: 'A', title: 'Adults' },
            { id: 'B', title: 'Children' },
            { id: 'C', value: { amount: 90000, currency: 'GBP' } },
          ],
          items: [
            { id: '1', relatedLot: 'A', additionalClassifications: [{ scheme: 'CPV', id: '85311200' }] },
            { id: '2', relatedLot: 'B', classification: { scheme: 'CPV', id: '85311300' } },
          ],
        },
      }),
    );
    expect(tender.cpvCodes).toEqual(['85000000']);
    expect(tender.lots).toEqual([
      { id: 'A', title: 'Adults', cpvCodes: ['85311200'] },
      { id: 'B', title: 'Children', cpvCodes: ['85311300'] },
      { id: 'C', cpvCodes: ['85000000'], valueGbp: 90000 },
    ]);
  });
});

describe('OCDS quirks: values', () => {
  const result = importOcds(fixture('ocds/quirks/non-finite-values.jsonl'), reference());
  const valueOf = (n: number): number | undefined => result.tenders.find((t) => t.id === `ocds-test-nf-${n}`)?.valueGbp;
  const warningsOf = (n: number): string[] => result.warnings.filter((w) => w.ocid === `ocds-test-nf-${n}`).map((w) => w.message);

  it('when values are non-finite, negative, absurd, placeholders or not in GBP, then they are dropped with a warning and the tender still imports', () => {
    expect(result.tenders).toHaveLength(9);
    expect(result.rejected).toEqual([]);
    for (const n of [2, 3, 4, 5, 6, 7]) {
      expect(valueOf(n), `case ${n}`).toBeUndefined();
      expect(warningsOf(n).join(' '), `case ${n}`).toMatch(/tender\.value dropped/);
    }
    expect(warningsOf(2)[0]).toMatch(/not a finite number/);
    expect(warningsOf(3)[0]).toMatch(/not a finite number/);
    expect(warningsOf(4)[0]).toMatch(/negative/);
    expect(warningsOf(5)[0]).toMatch(/plausible range/);
    expect(warningsOf(7)[0]).toMatch(/currency EUR/);
  });

  it('when tender.value is unusable but minValue is good, then minValue is used; good values are kept as they are', () => {
    expect(valueOf(1)).toBe(250_000);
    expect(valueOf(8)).toBe(1_200_000);
    expect(valueOf(9)).toBe(750_000);
  });

  it('when only maximumValue or a planning budget is given, then it becomes the value', () => {
    expect(mapOk(buildRelease({ tender: { maximumValue: { amount: 5_000_000, currency: 'GBP' } } })).tender.valueGbp).toBe(5_000_000);
    const planning = buildRelease({
      planning: {
        budget: { budgetBreakdown: [{ amount: { amount: 100, currency: 'GBP' } }, { amount: { amount: 200, currency: 'GBP' } }] },
      },
    });
    expect(mapOk(planning).tender.valueGbp).toBe(300);
  });
});

describe('OCDS quirks: places', () => {
  it('when delivery regions are NUTS codes for Wales and Scotland, then they become the GSS areas they cover', () => {
    const { tender } = mapOk(
      buildRelease({
        tender: {
          items: [
            { id: '1', deliveryAddresses: [{ region: 'UKL18' }, { region: 'UKM75' }] }, // NUTS3 Swansea; City of Edinburgh
            { id: '2', deliveryAddresses: [{ region: 'UKL' }, { region: 'UKM' }] }, // NUTS1 Wales; Scotland
            { id: '3', deliveryAddresses: [{ region: 'UKM71' }] }, // NUTS3 Angus and Dundee City: two council areas
            { id: '4', deliveryAddresses: [{ region: 'TLM73' }] }, // the same scheme as ITL: East Lothian and Midlothian
          ],
        },
      }),
    );
    expect(tender.deliveryAreas).toEqual([
      'W06000011',
      'S12000036',
      'W92000004',
      'S92000003',
      'S12000041',
      'S12000042',
      'S12000010',
      'S12000019',
    ]);
  });

  it('when delivery regions are Contracts Finder region names, then they become English regions or nations', () => {
    const names = [
      'North East',
      'Yorkshire and the Humber',
      'East of England',
      'London',
      'South West',
      'England',
      'Wales',
      'Scotland',
      'Northern Ireland',
    ];
    const { tender } = mapOk(
      buildRelease({
        tender: { items: [{ id: '1', deliveryAddresses: names.map((region) => ({ region, countryName: 'United Kingdom' })) }] },
      }),
    );
    expect(tender.deliveryAreas).toEqual([
      'E12000001',
      'E12000003',
      'E12000006',
      'E12000007',
      'E12000009',
      'E92000001',
      'W92000004',
      'S92000003',
      'N92000002',
    ]);
  });

  it('when a delivery address has only a postcode, then its postcode area gives an approximate authority or region', () => {
    const areas = (postalCode: string): string[] =>
      mapOk(buildRelease({ tender: { items: [{ id: '1', deliveryAddresses: [{ postalCode }] }] } })).tender.deliveryAreas;
    expect(areas('LS1 1UR')).toEqual(['E08000035']); // Leeds
    expect(areas('B15 2TT')).toEqual(['E12000005']); // Birmingham area spans several authorities: West Midlands
    expect(areas('SW1A2BQ')).toEqual(['E12000007']); // London, written without a space
  });

  it('when the delivery location is free text, then the places it names are found by name', () => {
    const areas = (description: string): string[] =>
      mapOk(buildRelease({ tender: { items: [{ id: '1', deliveryAddresses: [], deliveryLocation: { description } }] } })).tender
        .deliveryAreas;
    expect(areas('Swansea')).toEqual(['W06000011']);
    expect(areas('Fife Council Area')).toEqual(['S12000047']);
    expect(areas('Throughout Scotland.')).toEqual(['S92000003']);
    expect(areas('Renfrewshire, Inverclyde and Perth and Kinross')).toEqual(['S12000038', 'S12000018', 'S12000048']);
    expect(areas('Robert Gordon University, Garthdee Campus')).toEqual([]);
  });

  it('when Contracts Finder gives only "United Kingdom" as the location, then the area is the United Kingdom', () => {
    const { tender } = mapOk(buildRelease({ tender: { items: [{ id: '1', deliveryAddresses: [{ countryName: 'United Kingdom' }] }] } }));
    expect(tender.deliveryAreas).toEqual(['K02000001']);
  });
});

describe('OCDS quirks: reservations and selection criteria', () => {
  it('when participation is reserved for public service mission organisations, then the tender is reserved for mutuals', () => {
    const reserved = buildRelease({ tender: { otherRequirements: { reservedParticipation: ['publicServiceMissionOrganization'] } } });
    expect(mapOk(reserved).tender.reservedForMutuals).toBe(true);
    const sheltered = buildRelease({ tender: { otherRequirements: { reservedParticipation: ['shelteredWorkshop'] } } });
    expect(mapOk(sheltered).tender.reservedForMutuals).toBe(false);
    const onALot = buildRelease({
      tender: { lots: [{ id: '1', otherRequirements: { reservedParticipation: ['publicServiceMissionOrganization'] } }] },
    });
    expect(mapOk(onALot).tender.reservedForMutuals).toBe(true);
  });

  it('when the selection criteria state a minimum turnover, then it becomes minimumTurnoverGbp (and insurance amounts do not)', () => {
    const release = buildRelease({
      tender: {
        selectionCriteria: {
          criteria: [
            {
              type: 'economic',
              description: 'Employer’s (Compulsory) Liability Insurance = 10M GBPrn Public Liability Insurance = 5M GBP',
            },
            {
              type: 'economic',
              description:
                'ESPD 4B.1.1 Statementrn Bidders will be required to have a minimum “general” yearly turnover of 1 300,000 GBP for the last 3 years',
            },
          ],
        },
      },
    });
    expect(mapOk(release).tender.minimumTurnoverGbp).toBe(1_300_000);
    expect(mapOk(buildRelease()).tender.minimumTurnoverGbp).toBeUndefined();
  });

  it('when turnover is written in the ways real notices write it, then the amount is read', () => {
    expect(
      minimumTurnoverIn('Contractors will be required to have a minimum “general” yearly turnover of GBP 400 000 for the last 3 years.'),
    ).toBe(400_000);
    expect(
      minimumTurnoverIn(
        'Tenderers are required to have a minimum “general” annual turnover of 0.607m GBP for the last two financial years.',
      ),
    ).toBe(607_000);
    expect(minimumTurnoverIn('Bidders must show a turnover of at least £20m.')).toBe(20_000_000);
    expect(minimumTurnoverIn('£2.5 million annual turnover is required')).toBe(2_500_000);
    expect(minimumTurnoverIn('For Lot 1 a turnover of 90000 GBP; for Lot 2 a turnover of 300000 GBP.')).toBe(300_000);
    expect(minimumTurnoverIn('Turnover should be up to twice the estimated contract value.')).toBeUndefined();
    expect(minimumTurnoverIn('Financial Turnover 2 years. Professional indemnity insurance of 1,000,000 GBP')).toBeUndefined();
  });
});
