import { describe, expect, it } from 'vitest';
import { importOcds } from '../../../src/tenders/ocds/index.ts';
import { normaliseCpvId } from '../../../src/tenders/ocds/cpv.ts';
import { Tender, requiredCpvCodes } from '../../../src/tenders/schema.ts';
import { OCDS_SAMPLES, fixture, reference, sampleReleases } from './support.ts';

type Json = Record<string, unknown>;

/** Every CPV code a release states (tender, additional, items), check digits stripped. */
function cpvCodesIn(release: Json): Set<string> {
  const tender = (release.tender ?? {}) as Json;
  const classifications: unknown[] = [tender.classification, ...((tender.additionalClassifications as unknown[]) ?? [])];
  for (const item of (tender.items as Json[]) ?? [])
    classifications.push(item.classification, ...((item.additionalClassifications as unknown[]) ?? []));
  const out = new Set<string>();
  for (const c of classifications) {
    const cls = c as Json | undefined;
    if (cls && cls.scheme === 'CPV') out.add(normaliseCpvId(cls.id)!);
  }
  return out;
}

describe('OCDS import of the real sample files', () => {
  for (const file of OCDS_SAMPLES) {
    describe(file, () => {
      const releases = sampleReleases(file);
      const ocids = new Set(releases.map((r) => r.ocid as string));
      const result = importOcds(fixture(`ocds/${file}`), reference());

      it('when the file is imported, then every release is imported, rejected with a reason or superseded, and the counts add up', () => {
        expect(result.shape).toBe('releasePackage');
        expect(result.entries).toBe(releases.length);
        expect(result.imported.length + result.rejected.length + result.superseded.length).toBe(releases.length);
        expect(result.tenders).toHaveLength(result.imported.length);
        for (const rejection of result.rejected) {
          expect(rejection.reason.length).toBeGreaterThan(0);
          expect(rejection.ocid).toBeDefined();
        }
        const positions = [...result.imported, ...result.rejected, ...result.superseded].map((x) => x.position).sort((a, b) => a - b);
        expect(positions).toEqual(releases.map((_, i) => i));
      });

      it('when the file is imported, then each ocid ends as exactly one tender or as rejected', () => {
        const tenderIds = result.tenders.map((t) => t.id);
        expect(new Set(tenderIds).size).toBe(tenderIds.length);
        const rejectedOnly = new Set(result.rejected.map((r) => r.ocid).filter((o) => o !== undefined && !tenderIds.includes(o)));
        expect(tenderIds.length + rejectedOnly.size).toBe(ocids.size);
      });

      it('when the file is imported, then no real release is rejected (measured: all map to a valid tender)', () => {
        expect(result.rejected).toEqual([]);
        expect(result.tenders).toHaveLength(ocids.size);
      });

      it('when a tender is made, then it is a valid Tender and keeps every CPV code of its release', () => {
        for (const [i, tender] of result.tenders.entries()) {
          expect(Tender.safeParse(tender).success).toBe(true);
          const source = releases[result.imported[i].position];
          expect(new Set(requiredCpvCodes(tender))).toEqual(cpvCodesIn(source));
        }
      });

      it('when a tender is made, then no text still holds a literal "rn" line break or mojibake', () => {
        for (const tender of result.tenders) {
          for (const text of [tender.title, tender.description ?? '', ...tender.lots.map((l) => l.title ?? '')]) {
            expect(text).not.toMatch(/(^|[\s.:;])rn(?=\s|[A-Z]|$)/);
            expect(text).not.toMatch(/Â£|â€/);
          }
        }
      });
    });
  }

  it('when the three files are imported, then the figures match the shared README (253 releases; 126 + 60 + 60 ocids)', () => {
    const totals = OCDS_SAMPLES.map((file) => {
      const releases = sampleReleases(file);
      return {
        releases: releases.length,
        ocids: new Set(releases.map((r) => r.ocid)).size,
        result: importOcds(fixture(`ocds/${file}`), reference()),
      };
    });
    const releases = totals.reduce((s, t) => s + t.releases, 0);
    const imported = totals.reduce((s, t) => s + t.result.tenders.length, 0);
    const superseded = totals.reduce((s, t) => s + t.result.superseded.length, 0);
    const rejected = totals.reduce((s, t) => s + t.result.rejected.length, 0);
    expect(releases).toBe(253);
    expect(totals.map((t) => t.ocids)).toEqual([126, 60, 60]);
    expect(imported + superseded + rejected).toBe(releases);
    expect(superseded).toBe(releases - totals.reduce((s, t) => s + t.ocids, 0));
  });

  it('when the Contracts Finder adult-social-care tender is imported, then it maps to its CPV code and English areas', () => {
    const ocid = 'ocds-b5fd17-a4e957de-7481-40a2-b62d-af8242733860';
    const result = importOcds(fixture('ocds/england_contracts_finder_2025.json'), reference());
    const tender = result.tenders.find((t) => t.id === ocid)!;
    const geography = reference().geography;
    expect(tender.title).toBe('Representative Body for Adult Social Care');
    expect(tender.cpvCodes).toEqual(['85000000']);
    expect(tender.deliveryAreas).toEqual(['E12000003']); // "Yorkshire and the Humber"
    expect(tender.deliveryAreas.every((a) => geography.nationOf(a) === 'E92000001')).toBe(true);
    expect(tender.buyer?.name).toBe('The North Yorkshire Council');
    expect(tender).toMatchObject({ smeSuitable: true, vcseSuitable: true, submissionDeadline: '2024-08-23T12:00:00+01:00' });
    // an award notice: the tender block is used, the awarded value stands in for the missing tender value
    expect(tender.valueGbp).toBeGreaterThan(0);
  });

  it('when a Sell2Wales tender with lots is imported, then NUTS codes become Welsh areas and lots keep their own CPV codes', () => {
    const result = importOcds(fixture('ocds/wales_sell2wales_2025.json'), reference());
    const tender = result.tenders.find((t) => t.id === 'ocds-kuma6s-145895')!;
    expect(tender.deliveryAreas).toEqual(['W06000011']); // UKL18 Swansea
    expect(tender.lots.map((l) => [l.id, l.cpvCodes])).toEqual([
      ['1', ['85000000', '85300000', '85310000', '85311000', '79600000', '85312000']],
      ['2', ['79600000']],
    ]);
    expect(tender.lots[0].title).toBe('Provision of Agency Social Workers');
  });

  it('when a Public Contracts Scotland tender (no release id) is imported, then it is keyed by ocid with Scottish areas and its stated minimum turnover', () => {
    const result = importOcds(fixture('ocds/scotland_pcs_2019.json'), reference());
    const imported = result.imported.find((i) => i.ocid === 'ocds-r6ebe6-0000579568')!;
    expect(imported.releaseId).toBeUndefined();
    const tender = result.tenders.find((t) => t.id === 'ocds-r6ebe6-0000579568')!;
    expect(tender.minimumTurnoverGbp).toBe(400_000);
    expect(tender.deliveryAreas.length).toBeGreaterThan(0);
    expect(tender.deliveryAreas.every((a) => reference().geography.nationOf(a) === 'S92000003')).toBe(true);
  });
});
