/**
 * The realistic check, on the demo data: for each demo tender, the top 10 partners of a mutual working in the
 * tender area are there on evidence — based in, or working at authority level in, the tender area or next to it —
 * or on a claim their size fully supports (docs/evidence.md: a £40m provider's regional claim counts), never on a
 * national or regional claim their size makes implausible; and every place a reason names is one the
 * organisation's record backs.
 * Written against the basis of each presence (places.ts), not against the demo's current sources, so it keeps
 * its meaning once the demo's facts carry register, declared and synthetic sources.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDemoDataset } from '../../src/demo/dataset.ts';
import { loadDemoSources } from '../../src/demo/load-sources.ts';
import { findPartners } from '../../src/matching/find-partners.ts';
import { presenceIn, type PlaceTerm } from '../../src/matching/places.ts';
import { profileOf } from '../../src/matching/profile.ts';
import { MatchRequest, type MatchResponse } from '../../src/matching/schema.ts';
import { MATCH_DEFAULTS } from '../../src/matching/settings.ts';
import type { Organisation } from '../../src/organisations/schema.ts';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.ts';
import type { Tender } from '../../src/tenders/schema.ts';
import { AS_OF, ref } from './worlds.ts';

const demo = buildDemoDataset(ref, loadDemoSources());
const byId = new Map(demo.organisations.map((o) => [o.id, o]));
const store = new EmbeddedStore();

function tenderLads(tender: Tender): string[] {
  return [...new Set(tender.deliveryAreas.flatMap((a) => ref.geography.lads(a)))];
}

/** The first public service mutual (by id) working at authority level in the tender area: the seeker. */
function seekerFor(tender: Tender): Organisation {
  const lads = tenderLads(tender);
  const mutuals = demo.organisations.filter((o) => o.kind === 'public_service_mutual').sort((a, b) => (a.id < b.id ? -1 : 1));
  const local = mutuals.find((o) => lads.some((lad) => (presenceIn(profileOf(o, ref).places, lad, ref).term?.basis ?? 'wide') !== 'wide'));
  return local ?? mutuals[0];
}

/** Where the candidate is, in or next to the tender area: its strongest presence there. */
function strongest(org: Organisation, lads: readonly string[]): PlaceTerm | undefined {
  let best: { strength: number; term?: PlaceTerm } = { strength: 0 };
  for (const lad of lads) {
    const p = presenceIn(profileOf(org, ref).places, lad, ref);
    if (p.strength > best.strength) best = p;
  }
  return best.term;
}

describe('quality: the demo data', () => {
  const results = new Map<string, MatchResponse>();
  beforeAll(async () => {
    await store.upsertOrganisations(demo.organisations);
    for (const tender of demo.tenders) {
      const seeker = seekerFor(tender);
      const request = MatchRequest.parse({ seekerId: seeker.id, tenderId: tender.id, limit: 10, asOf: AS_OF });
      await store.upsertTenders([tender]);
      results.set(tender.id, await findPartners({ store, ref, now: () => new Date(AS_OF) }, request));
    }
  });

  it.each(demo.tenders.map((t) => [t.id, t.title] as const))(
    'when a mutual in the area asks about %s (%s), then its top 10 are there on evidence, never on an implausible national or regional claim',
    (id) => {
      const tender = demo.tenders.find((t) => t.id === id)!;
      const lads = tenderLads(tender);
      const around = [...new Set([...lads, ...lads.flatMap((lad) => ref.geography.neighbours(lad))])];
      const res = results.get(id)!;
      expect(res.candidates.length).toBeGreaterThanOrEqual(5);
      for (const c of res.candidates) {
        const term = strongest(byId.get(c.organisation.id)!, around);
        expect(term, `${c.organisation.name} (#${c.rank}) has no presence in or next to the tender area`).toBeDefined();
        if (term!.basis === 'wide') {
          // Only a claim its size fully supports: plausibility 1.
          const full = MATCH_DEFAULTS.places.wideClaim * MATCH_DEFAULTS.evidence[term!.source.kind];
          expect(term!.strength, `${c.organisation.name} (#${c.rank}) is in the top 10 on an implausible claim`).toBeCloseTo(full, 6);
        }
      }
    },
  );

  it('when a reason says a partner extends your reach or is based somewhere, then the partner’s own record says so', () => {
    let checked = 0;
    for (const res of results.values()) {
      for (const c of res.candidates) {
        const org = byId.get(c.organisation.id)!;
        for (const r of c.reasonsFor.filter((x) => x.factor === 'geography')) {
          if (r.text.startsWith('Extends your reach into')) {
            // The places named come from where it is based or works at authority level, never from a region it claims.
            const tender = demo.tenders.find((t) => t.id === res.tender.id)!;
            const present = tenderLads(tender).filter(
              (lad) => (presenceIn(profileOf(org, ref).places, lad, ref).term?.basis ?? 'wide') !== 'wide',
            );
            expect(present.length, `${org.name}: ${r.text}`).toBeGreaterThan(0);
            expect(
              present.some((lad) => r.text.includes(ref.geography.displayArea(lad)?.name ?? ref.geography.name(lad))),
              r.text,
            ).toBe(true);
            checked++;
          }
          if (r.text.includes('based in')) expect(org.baseArea, `${org.name}: ${r.text}`).toBeDefined();
        }
      }
    }
    expect(checked).toBeGreaterThan(5);
  });
});
