/**
 * Issue 6, "done when": an imported Contracts Finder adult-social-care tender yields matches whose reasons
 * name its CPV codes and areas. The real release (North Yorkshire Council, "Representative Body for Adult
 * Social Care", CPV 85000000, delivered in Yorkshire and the Humber) is imported from the fixture file with
 * the import use case; hand-built organisations sit in and around its region.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { importTenders } from '../../../src/imports/import-tenders.ts';
import { findPartners } from '../../../src/matching/find-partners.ts';
import type { MatchResponse } from '../../../src/matching/schema.ts';
import { defaultReference } from '../../../src/reference/load.ts';
import { EmbeddedStore } from '../../../src/store/embedded/embedded-store.ts';
import { buildOrganisation } from '../../builders.ts';
import { fixture } from '../import/support.ts';

const OCID = 'ocds-b5fd17-a4e957de-7481-40a2-b62d-af8242733860';
const YORKSHIRE_AND_THE_HUMBER = 'E12000003';
const ref = defaultReference();

describe('matches for an imported Contracts Finder adult-social-care tender', () => {
  let match: MatchResponse;

  beforeAll(async () => {
    const store = new EmbeddedStore();
    const report = await importTenders({ store, ref }, [
      { name: 'england_contracts_finder_2025.json', text: fixture('ocds/england_contracts_finder_2025.json') },
    ]);
    expect(report.rejected).toEqual([]);
    await store.upsertOrganisations([
      buildOrganisation({ id: 'GB-CHC-ASC-SEEKER', name: 'Yorkshire Care Association', services: ['98133000'], areas: ['E08000035'] }), // Leeds
      buildOrganisation({ id: 'GB-CHC-ASC-SHEFFIELD', name: 'Sheffield Social Care', services: ['85000000'], areas: ['E08000039'] }),
      buildOrganisation({ id: 'GB-CHC-ASC-YORK', name: 'York Community Care', services: ['85312000'], areas: ['E06000014'] }),
      buildOrganisation({
        id: 'GB-CHC-ASC-HULL',
        name: 'Hull Homecare CIC',
        kind: 'social_enterprise',
        services: ['85311000'],
        areas: ['E06000010'],
      }),
      buildOrganisation({ id: 'GB-CHC-ASC-EXETER', name: 'Exeter Care', services: ['85000000'], areas: ['E07000041'] }), // Devon: outside
      buildOrganisation({ id: 'GB-CHC-ASC-LEGAL', name: 'Leeds Legal Advice', services: ['79100000'], areas: ['E08000035'] }), // wrong service
    ]);
    match = await findPartners(
      { store, ref, now: () => new Date('2024-08-01T00:00:00Z') },
      { seekerId: 'GB-CHC-ASC-SEEKER', tenderId: OCID, limit: 10 },
    );
  });

  it('when the seeker names the tender by its ocid, then the tender is the imported one and its CPV code is the required service', () => {
    expect(match.tender).toMatchObject({
      id: OCID,
      title: 'Representative Body for Adult Social Care',
      requiredServices: [{ code: '85000000', label: 'Health and social work services', youCover: false }],
    });
  });

  it('when partners are ranked, then only providers of the service inside the tender region come back', () => {
    expect(match.candidates.map((c) => c.organisation.id).sort()).toEqual(['GB-CHC-ASC-HULL', 'GB-CHC-ASC-SHEFFIELD', 'GB-CHC-ASC-YORK']);
  });

  it('when reasons are given, then each candidate is said to cover the tender CPV code with its label, and to work in a named place of the tender region', () => {
    const regionLads = new Set(ref.geography.lads(YORKSHIRE_AND_THE_HUMBER));
    const placeNames = [...regionLads].map((lad) => ref.geography.name(lad));
    for (const c of match.candidates) {
      const reasons = c.reasonsFor.map((r) => r.text);
      expect(reasons).toContain('Covers 85000000 Health and social work services, which you do not');
      const named = reasons.filter((text) => /part of the tender area|Rooted in/.test(text));
      expect(named.length).toBeGreaterThan(0);
      for (const text of named) expect(placeNames.some((name) => text.includes(name))).toBe(true);
    }
    const york = match.candidates.find((c) => c.organisation.id === 'GB-CHC-ASC-YORK')!;
    expect(york.reasonsFor.map((r) => r.text)).toContain(
      'Extends your reach into York, part of the tender area where you are not present: says it works in York (authority level)',
    );
    expect(regionLads.has('E06000014')).toBe(true);
  });
});
