/**
 * The Store contract (src/store/types.ts), one suite run against every implementation: equal inputs must give
 * equal outputs, including the same candidate ranking.
 *
 * Isolation. The Neo4j implementation runs against one shared database (Neo4j Community has one), used at the
 * same time by other test files, other engineers' test runs and perhaps a loaded benchmark dataset. So every
 * test gets its own TestScope and stays inside it:
 *  - ids start with a unique random prefix (`CT-<hex>-`), and the test only asserts on records under its prefix
 *    (listing assertions filter by prefix; totals are checked with `>=` unless the harness is `exclusive`);
 *  - CPV and GSS codes are random per test, from ranges no real data uses (CPV `0…`, GSS `N9…`), so candidate
 *    queries can only ever match the test's own organisations and limit/ordering assertions are exact;
 *  - the paging test uses ids under `0000-<hex>-`, which sort before every realistic id, finds where its block
 *    starts, then pages through that block;
 *  - afterEach, `harness.cleanup(scope)` deletes everything under the prefix and the scope's codes.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normaliseOrganisation } from '../../src/organisations/normalise.ts';
import type { Organisation } from '../../src/organisations/schema.ts';
import type { OrganisationFilter, Store } from '../../src/store/types.ts';
import { normaliseTender } from '../../src/tenders/normalise.ts';
import type { Tender } from '../../src/tenders/schema.ts';
import { buildOrganisation, buildTender } from '../builders.ts';

export interface TestScope {
  /** every id this test writes starts with this */
  prefix: string;
  /** the i-th CPV code of this test (8 digits, starting with 0) */
  cpv(i: number): string;
  /** the i-th GSS area code of this test (N9 + 7 digits) */
  area(i: number): string;
  /** the codes handed out so far, for clean-up */
  readonly serviceCodes: string[];
  readonly areaCodes: string[];
}

/** Made afresh for every test (`setup` runs in beforeEach); `cleanup` then `close` run after it. */
export interface StoreHarness {
  store: Store;
  /** true when nothing else writes to this store during the test, so totals and first pages are exact */
  exclusive: boolean;
  /** deletes everything the test wrote: ids under scope.prefix, and the scope's codes once unused */
  cleanup(scope: TestScope): Promise<void>;
  close(): Promise<void>;
}

export function newScope(idPrefix = 'CT'): TestScope {
  const prefix = `${idPrefix}-${randomBytes(4).toString('hex')}-`;
  const cpvBase = randomInt(0, 100_000); // 0 + 5 digits + 2-digit index
  const areaBase = randomInt(0, 100_000); // N9 + 5 digits + 2-digit index
  const serviceCodes: string[] = [];
  const areaCodes: string[] = [];
  const remember = (list: string[], code: string) => {
    if (!list.includes(code)) list.push(code);
    return code;
  };
  return {
    prefix,
    cpv: (i) => remember(serviceCodes, `0${String(cpvBase).padStart(5, '0')}${String(i).padStart(2, '0')}`),
    area: (i) => remember(areaCodes, `N9${String(areaBase).padStart(5, '0')}${String(i).padStart(2, '0')}`),
    serviceCodes,
    areaCodes,
  };
}

export function describeStoreContract(name: string, setup: () => Promise<StoreHarness>): void {
  describe(`Store contract: ${name}`, () => {
    let harness: StoreHarness;
    let store: Store;
    let scopes: TestScope[] = [];

    beforeEach(async () => {
      harness = await setup();
      store = harness.store;
    });
    afterEach(async () => {
      try {
        for (const scope of scopes) await harness.cleanup(scope);
      } finally {
        scopes = [];
        await harness.close();
      }
    });

    function scope(idPrefix?: string): TestScope {
      const s = newScope(idPrefix);
      scopes.push(s);
      return s;
    }
    const org = (s: TestScope, key: string, overrides: Partial<Organisation> = {}) =>
      buildOrganisation({ id: `${s.prefix}${key}`, ...overrides });
    const mine = (s: TestScope, orgs: readonly { id: string }[]) => orgs.filter((o) => o.id.startsWith(s.prefix)).map((o) => o.id);

    describe('organisations', () => {
      it('when an organisation is stored, then it reads back equal to its canonical form', async () => {
        const s = scope();
        const full = org(s, 'full', {
          name: 'Full Record CIC',
          kind: 'social_enterprise',
          legalForm: 'cic',
          staff: 120,
          annualTurnoverGbp: 4_500_000.5,
          foundedYear: 2011,
          services: [s.cpv(2), s.cpv(1), s.cpv(2)],
          areas: [s.area(3), s.area(1)],
          values: ['staff_ownership', 'asset_lock', 'social_value'],
          waysOfWorking: { decisionSpeed: 'days', governance: 'staff_led', commercialMaturity: 'experienced' },
          openToPartnering: false,
          spareCapacity: 'significant',
          largestContractShare: 0.35,
          partnerships: [
            { partnerId: `${s.prefix}zeta`, model: 'alliance', year: 2021, outcome: 'ongoing', success: 4 },
            { partnerId: `${s.prefix}beta`, model: 'subcontracting', year: 2019, outcome: 'won', success: 5 },
          ],
          private: {
            doNotPartnerWith: [`${s.prefix}z`, `${s.prefix}a`],
            redLines: ['no TUPE', 'no zero-hours'],
            bidPlans: ['NHS 111 2027'],
          },
        });
        const sparse = org(s, 'sparse', { staff: undefined, annualTurnoverGbp: undefined, foundedYear: undefined });

        await store.upsertOrganisations([full, sparse]);

        expect(await store.getOrganisation(full.id)).toEqual(normaliseOrganisation(full));
        expect(await store.getOrganisation(sparse.id)).toEqual(normaliseOrganisation(sparse));
        const read = await store.getOrganisation(full.id);
        expect(read?.services).toEqual([s.cpv(1), s.cpv(2)]);
        expect(read?.partnerships.map((p) => p.year)).toEqual([2019, 2021]);
        expect(read?.private?.doNotPartnerWith).toEqual([`${s.prefix}a`, `${s.prefix}z`]);
      });

      it('when several ids are asked for, then they come back in the order asked, missing ones skipped, repeats kept', async () => {
        const s = scope();
        const [a, b] = [org(s, 'a'), org(s, 'b')];
        await store.upsertOrganisations([a, b]);

        const got = await store.getOrganisations([b.id, `${s.prefix}missing`, a.id, b.id]);

        expect(got.map((o) => o.id)).toEqual([b.id, a.id, b.id]);
        expect(await store.getOrganisation(`${s.prefix}missing`)).toBeUndefined();
        expect(await store.getOrganisations([])).toEqual([]);
      });

      it('when a batch is upserted, then the summary counts created, updated and unchanged records', async () => {
        const s = scope();
        const [a, b, c] = [org(s, 'a', { services: [s.cpv(1)] }), org(s, 'b'), org(s, 'c')];

        expect(await store.upsertOrganisations([a, b, c])).toEqual({ created: 3, updated: 0, unchanged: 0 });
        expect(await store.upsertOrganisations([c, b, a])).toEqual({ created: 0, updated: 0, unchanged: 3 });

        const a2 = { ...a, name: 'Renamed' };
        const d = org(s, 'd');
        expect(await store.upsertOrganisations([a2, b, c, d])).toEqual({ created: 1, updated: 1, unchanged: 2 });
        expect((await store.getOrganisation(a.id))?.name).toBe('Renamed');
        expect(await store.upsertOrganisations([])).toEqual({ created: 0, updated: 0, unchanged: 0 });
      });

      it('when only the order of codes or partnerships differs, then the re-upsert is unchanged', async () => {
        const s = scope();
        const p1 = { partnerId: `${s.prefix}p1`, model: 'subcontracting', year: 2018, outcome: 'won', success: 3 } as const;
        const p2 = { partnerId: `${s.prefix}p2`, model: 'alliance', year: 2020, outcome: 'completed', success: 4 } as const;
        const a = org(s, 'a', { services: [s.cpv(1), s.cpv(2)], areas: [s.area(1), s.area(2)], partnerships: [p1, p2] });
        await store.upsertOrganisations([a]);

        const shuffled = { ...a, services: [s.cpv(2), s.cpv(1), s.cpv(1)], areas: [s.area(2), s.area(1)], partnerships: [p2, p1] };

        expect(await store.upsertOrganisations([shuffled])).toEqual({ created: 0, updated: 0, unchanged: 1 });
      });

      it('when a batch holds the same id twice, then the last record wins and is counted once', async () => {
        const s = scope();
        const first = org(s, 'a', { name: 'First' });
        const last = { ...first, name: 'Last' };

        expect(await store.upsertOrganisations([first, last])).toEqual({ created: 1, updated: 0, unchanged: 0 });
        expect((await store.getOrganisation(first.id))?.name).toBe('Last');
      });

      it('when private fields are stored, changed or removed, then reads follow and the summary says updated', async () => {
        const s = scope();
        const plain = org(s, 'a');
        await store.upsertOrganisations([plain]);
        expect((await store.getOrganisation(plain.id))?.private).toBeUndefined();

        const withPrivate = {
          ...plain,
          private: { doNotPartnerWith: [`${s.prefix}rival`], redLines: ['no zero-hours contracts'], bidPlans: [] },
        };
        expect(await store.upsertOrganisations([withPrivate])).toEqual({ created: 0, updated: 1, unchanged: 0 });
        expect(await store.getOrganisation(plain.id)).toEqual(normaliseOrganisation(withPrivate));
        expect(await store.upsertOrganisations([withPrivate])).toEqual({ created: 0, updated: 0, unchanged: 1 });

        const changed = { ...withPrivate, private: { ...withPrivate.private, bidPlans: ['Leeds community health 2027'] } };
        expect(await store.upsertOrganisations([changed])).toEqual({ created: 0, updated: 1, unchanged: 0 });
        expect((await store.getOrganisation(plain.id))?.private?.bidPlans).toEqual(['Leeds community health 2027']);

        expect(await store.upsertOrganisations([plain])).toEqual({ created: 0, updated: 1, unchanged: 0 });
        expect((await store.getOrganisation(plain.id))?.private).toBeUndefined();
      });

      it('when a partner is not stored yet, then it is invisible until stored, and both sides keep their partnerships', async () => {
        const s = scope();
        const code = s.cpv(1);
        const a = org(s, 'a', {
          services: [code],
          partnerships: [{ partnerId: `${s.prefix}b`, model: 'subcontracting', year: 2019, outcome: 'won', success: 4 }],
        });
        await store.upsertOrganisations([a]);

        expect(await store.getOrganisation(`${s.prefix}b`)).toBeUndefined();
        expect((await store.getOrganisations([a.id, `${s.prefix}b`])).map((o) => o.id)).toEqual([a.id]);
        expect(mine(s, (await store.listOrganisations(0, 1_000_000)).items)).toEqual([a.id]);
        expect(mine(s, await store.findCandidates({ serviceCodes: [code], excludeIds: [], limit: 100 }))).toEqual([a.id]);

        const b = org(s, 'b', {
          services: [code],
          partnerships: [{ partnerId: a.id, model: 'subcontracting', year: 2019, outcome: 'won', success: 3 }],
        });
        expect(await store.upsertOrganisations([b])).toEqual({ created: 1, updated: 0, unchanged: 0 });
        expect(mine(s, await store.findCandidates({ serviceCodes: [code], excludeIds: [], limit: 100 }))).toEqual([a.id, b.id]);

        // B rewriting its own record must not drop the partnership A recorded towards it.
        await store.upsertOrganisations([{ ...b, name: 'B renamed', partnerships: [] }]);
        expect(await store.getOrganisation(a.id)).toEqual(normaliseOrganisation(a));
        expect(await store.upsertOrganisations([a])).toEqual({ created: 0, updated: 0, unchanged: 1 });
        expect((await store.getOrganisation(b.id))?.partnerships).toEqual([]);
      });

      it('when organisations are listed, then pages follow id order and the total counts stored organisations only', async () => {
        const s = scope('0000');
        const ids = ['e', 'a', 'd', 'b', 'c'].map((k) => `${s.prefix}${k}`);
        const input = ids.map((id) =>
          buildOrganisation({
            id,
            // a partner that is never stored: a placeholder that must not show up in pages or totals
            partnerships: [
              { partnerId: `${s.prefix}0-placeholder`, model: 'informal_consortium', year: 2020, outcome: 'lost', success: 2 },
            ],
          }),
        );
        await store.upsertOrganisations(input);
        const sorted = [...ids].sort();

        const first = await store.listOrganisations(0, 200);
        const start = first.items.findIndex((o) => o.id === sorted[0]);
        expect(start).toBeGreaterThanOrEqual(0);
        if (harness.exclusive) {
          expect(first.total).toBe(5);
          expect(start).toBe(0);
        } else {
          expect(first.total).toBeGreaterThanOrEqual(5);
        }

        const pages = [
          await store.listOrganisations(start, 2),
          await store.listOrganisations(start + 2, 2),
          await store.listOrganisations(start + 4, 2),
        ];
        expect(pages[0].items.map((o) => o.id)).toEqual(sorted.slice(0, 2));
        expect(pages[1].items.map((o) => o.id)).toEqual(sorted.slice(2, 4));
        expect(pages[2].items[0].id).toBe(sorted[4]);
        expect(pages[2].items.length).toBeLessThanOrEqual(2);
        expect(pages[0].items[0]).toEqual(normaliseOrganisation(input.find((o) => o.id === sorted[0])!));
        expect((await store.listOrganisations(start, 0)).items).toEqual([]);
      });

      it('when a batch holds a malformed record, then it is rejected and nothing of the batch is stored', async () => {
        const s = scope();
        const good = [org(s, 'a', { services: [s.cpv(1)] }), org(s, 'b', { services: [s.cpv(1)] })];
        const bad = { ...org(s, 'c'), partnerships: null } as unknown as Organisation;

        await expect(store.upsertOrganisations([...good, bad])).rejects.toThrow();

        expect(await store.getOrganisations(good.map((o) => o.id))).toEqual([]);
        expect(await store.findCandidates({ serviceCodes: [s.cpv(1)], excludeIds: [], limit: 10 })).toEqual([]);
      });

      it('when a record names itself as a partner, then the whole batch is stored and the record keeps what it says', async () => {
        const s = scope();
        const self = { partnerId: `${s.prefix}b`, model: 'subcontracting', year: 2021, outcome: 'won', success: 4 } as const;
        const batch = [
          org(s, 'a', { services: [s.cpv(1)] }),
          org(s, 'b', { services: [s.cpv(1)], partnerships: [self, { ...self, partnerId: `${s.prefix}a`, year: 2020 }] }),
          org(s, 'c', { services: [s.cpv(1)] }),
        ];

        expect(await store.upsertOrganisations(batch)).toEqual({ created: 3, updated: 0, unchanged: 0 });

        expect(await store.getOrganisations(batch.map((o) => o.id))).toEqual(batch.map(normaliseOrganisation));
        expect(mine(s, await store.findCandidates({ serviceCodes: [s.cpv(1)], excludeIds: [], limit: 10 }))).toEqual(
          batch.map((o) => o.id),
        );
        expect(await store.upsertOrganisations(batch)).toEqual({ created: 0, updated: 0, unchanged: 3 });
        // rewriting it (self-partnership dropped) works too
        expect(await store.upsertOrganisations([{ ...batch[1], partnerships: [] }])).toEqual({ created: 0, updated: 1, unchanged: 0 });
        expect((await store.getOrganisation(batch[1].id))?.partnerships).toEqual([]);
      });
    });

    describe('findCandidates', () => {
      /** Five organisations over three codes and two areas, with known answers. */
      async function fixture(s: TestScope) {
        const [c1, c2, c3] = [s.cpv(1), s.cpv(2), s.cpv(3)];
        const [x, y] = [s.area(1), s.area(2)];
        const orgs = {
          all3: org(s, 'd-all3', { services: [c1, c2, c3], areas: [x] }),
          two: org(s, 'b-two', { services: [c1, c2], areas: [y] }),
          twoToo: org(s, 'a-two', { services: [c2, c3], areas: [x, y] }),
          one: org(s, 'c-one', { services: [c3], areas: [] }),
          closed: org(s, 'e-closed', { services: [c1, c2, c3], areas: [x], openToPartnering: false }),
          unrelated: org(s, 'f-unrelated', { services: [s.cpv(9)], areas: [x] }),
        };
        await store.upsertOrganisations(Object.values(orgs));
        return { orgs, codes: [c1, c2, c3], x, y };
      }

      it('when codes are asked for, then open organisations providing any of them rank by codes matched, then id', async () => {
        const s = scope();
        const { orgs, codes } = await fixture(s);

        const got = await store.findCandidates({ serviceCodes: codes, excludeIds: [], limit: 100 });

        expect(got.map((o) => o.id)).toEqual([orgs.all3.id, orgs.twoToo.id, orgs.two.id, orgs.one.id]);
        expect(got[0]).toEqual(normaliseOrganisation(orgs.all3));
      });

      it('when a code is repeated in the query, then it counts once', async () => {
        const s = scope();
        const { orgs, codes } = await fixture(s);
        const [c1, , c3] = codes;

        const got = await store.findCandidates({ serviceCodes: [c3, c3, c3, c1], excludeIds: [], limit: 100 });

        // counted per distinct code: all3 has c1 and c3 (2); the others one each, so ids decide among them
        expect(got.map((o) => o.id)).toEqual([orgs.all3.id, orgs.twoToo.id, orgs.two.id, orgs.one.id]);
      });

      it('when areas are given, then only organisations operating in one of them qualify; an empty list matches none', async () => {
        const s = scope();
        const { orgs, codes, x, y } = await fixture(s);

        expect((await store.findCandidates({ serviceCodes: codes, areaCodes: [x], excludeIds: [], limit: 100 })).map((o) => o.id)).toEqual([
          orgs.all3.id,
          orgs.twoToo.id,
        ]);
        expect(
          (await store.findCandidates({ serviceCodes: codes, areaCodes: [y, x], excludeIds: [], limit: 100 })).map((o) => o.id),
        ).toEqual([orgs.all3.id, orgs.twoToo.id, orgs.two.id]);
        expect(await store.findCandidates({ serviceCodes: codes, areaCodes: [], excludeIds: [], limit: 100 })).toEqual([]);
        expect(await store.findCandidates({ serviceCodes: codes, areaCodes: [s.area(7)], excludeIds: [], limit: 100 })).toEqual([]);
      });

      it('when ids are excluded, then they never come back', async () => {
        const s = scope();
        const { orgs, codes } = await fixture(s);

        const got = await store.findCandidates({
          serviceCodes: codes,
          excludeIds: [orgs.all3.id, orgs.one.id, `${s.prefix}nobody`],
          limit: 100,
        });

        expect(got.map((o) => o.id)).toEqual([orgs.twoToo.id, orgs.two.id]);
      });

      it('when the limit is smaller than the hits, then the best ones are kept in order', async () => {
        const s = scope();
        const { orgs, codes } = await fixture(s);

        expect((await store.findCandidates({ serviceCodes: codes, excludeIds: [], limit: 2 })).map((o) => o.id)).toEqual([
          orgs.all3.id,
          orgs.twoToo.id,
        ]);
        expect(await store.findCandidates({ serviceCodes: codes, excludeIds: [], limit: 0 })).toEqual([]);
      });

      it('findPreparedCandidates: the same candidates in the same order, each as `prepare` makes it of the version stored', async () => {
        const s = scope();
        const { orgs, codes, x } = await fixture(s);
        const prepare = (o: Organisation) => ({ id: o.id, name: o.name, services: o.services.length });

        const got = await store.findPreparedCandidates({ serviceCodes: codes, excludeIds: [], limit: 100 }, prepare);
        expect(got).toEqual((await store.findCandidates({ serviceCodes: codes, excludeIds: [], limit: 100 })).map((o) => prepare(o)));
        expect(got.map((p) => p.id)).toEqual([orgs.all3.id, orgs.twoToo.id, orgs.two.id, orgs.one.id]);

        await store.upsertOrganisations([{ ...orgs.all3, name: 'Renamed Care', services: [codes[0], codes[1]] }]);
        const again = await store.findPreparedCandidates({ serviceCodes: codes, areaCodes: [x], excludeIds: [], limit: 100 }, prepare);
        // both now match two of the codes: ids decide
        expect(again).toEqual([
          { id: orgs.twoToo.id, name: orgs.twoToo.name, services: 2 },
          { id: orgs.all3.id, name: 'Renamed Care', services: 2 },
        ]);
      });

      it('findPreparedCandidates: asked with another `prepare`, each candidate is prepared by that one, not the last', async () => {
        const s = scope();
        const { orgs, codes } = await fixture(s);
        const query = { serviceCodes: codes, excludeIds: [], limit: 2 };

        expect(await store.findPreparedCandidates(query, (o) => `first ${o.id}`)).toEqual([
          `first ${orgs.all3.id}`,
          `first ${orgs.twoToo.id}`,
        ]);
        expect(await store.findPreparedCandidates(query, (o) => o.services.length)).toEqual([3, 2]);
        expect(await store.findPreparedCandidates({ ...query, limit: 0 }, (o) => o.id)).toEqual([]);
      });

      it('when codes match nothing or none are given, then there are no candidates', async () => {
        const s = scope();
        await fixture(s);

        expect(await store.findCandidates({ serviceCodes: [s.cpv(50)], excludeIds: [], limit: 100 })).toEqual([]);
        expect(await store.findCandidates({ serviceCodes: [], excludeIds: [], limit: 100 })).toEqual([]);
      });

      it('when an organisation operates in several of the requested areas, then each of its services still counts once', async () => {
        const s = scope();
        const [c1, c2] = [s.cpv(1), s.cpv(2)];
        const [x, y] = [s.area(1), s.area(2)];
        const wide = org(s, 'a-wide', { services: [c1], areas: [x, y] });
        const both = org(s, 'b-both', { services: [c1, c2], areas: [x] });
        await store.upsertOrganisations([wide, both]);

        // counted per (service, area) pair, `wide` would tie with `both` at 2 and come first by id
        const got = await store.findCandidates({ serviceCodes: [c1, c2], areaCodes: [x, y], excludeIds: [], limit: 100 });

        expect(got.map((o) => o.id)).toEqual([both.id, wide.id]);
      });

      it('when a request names hundreds of codes of each kind, then every organisation still comes back once, ranked', async () => {
        const s = scope();
        const [c1, c2] = [s.cpv(1), s.cpv(2)];
        const [x, y] = [s.area(1), s.area(2)];
        const a = org(s, 'a', { services: [c1, c2], areas: [x, y] });
        const b = org(s, 'b', { services: [c2], areas: [y] });
        await store.upsertOrganisations([a, b]);
        // codes no organisation has, around the real ones: the Neo4j store splits such a request into several index
        // queries (at most 500 codes of a kind each), and `a` is found by more than one of them
        const filler = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`);
        const serviceCodes = [c1, ...filler(`${s.prefix}s`, 700), c2];
        const areaCodes = [x, ...filler(`${s.prefix}a`, 700), y];

        const got = await store.findCandidates({ serviceCodes, areaCodes, excludeIds: [], limit: 100 });

        expect(got.map((o) => o.id)).toEqual([a.id, b.id]);
      });

      it('when areas are given, then exclusions and the limit apply as they do without', async () => {
        const s = scope();
        const { orgs, codes, x, y } = await fixture(s);

        const excluded = await store.findCandidates({ serviceCodes: codes, areaCodes: [x, y], excludeIds: [orgs.all3.id], limit: 100 });
        const cut = await store.findCandidates({ serviceCodes: codes, areaCodes: [x, y], excludeIds: [], limit: 2 });

        expect(excluded.map((o) => o.id)).toEqual([orgs.twoToo.id, orgs.two.id]);
        expect(cut.map((o) => o.id)).toEqual([orgs.all3.id, orgs.twoToo.id]);
      });

      it('when an organisation drops a service or an area, then it stops being a candidate for it there, and a new one counts at once', async () => {
        const s = scope();
        const [c1, c2] = [s.cpv(1), s.cpv(2)];
        const [x, y] = [s.area(1), s.area(2)];
        const mover = org(s, 'mover', { services: [c1, c2], areas: [x, y] });
        await store.upsertOrganisations([mover]);
        const ids = async (serviceCodes: string[], areaCodes: string[]) =>
          (await store.findCandidates({ serviceCodes, areaCodes, excludeIds: [], limit: 100 })).map((o) => o.id);
        expect(await ids([c1], [x])).toEqual([mover.id]);

        await store.upsertOrganisations([{ ...mover, services: [c2], areas: [y] }]);
        expect(await ids([c1], [x, y])).toEqual([]);
        expect(await ids([c2], [x])).toEqual([]);
        expect(await ids([c1, c2], [y])).toEqual([mover.id]);

        await store.upsertOrganisations([{ ...mover, services: [c1, c2], areas: [x] }]);
        expect(await ids([c1], [x])).toEqual([mover.id]);
        expect(await ids([c2], [y])).toEqual([]);

        await store.upsertOrganisations([{ ...mover, services: [c1, c2], areas: [x], openToPartnering: false }]);
        expect(await ids([c1, c2], [x])).toEqual([]);
      });

      it('when an organisation changes its services or closes to partnering, then candidates follow the new record', async () => {
        const s = scope();
        const { orgs, codes } = await fixture(s);
        const [c1] = codes;

        await store.upsertOrganisations([
          { ...orgs.two, services: [s.cpv(8)] },
          { ...orgs.all3, openToPartnering: false },
          { ...orgs.closed, openToPartnering: true },
        ]);

        expect((await store.findCandidates({ serviceCodes: [c1], excludeIds: [], limit: 100 })).map((o) => o.id)).toEqual([orgs.closed.id]);
        expect((await store.findCandidates({ serviceCodes: [s.cpv(8)], excludeIds: [], limit: 100 })).map((o) => o.id)).toEqual([
          orgs.two.id,
        ]);
      });
    });

    describe('partnershipsAround', () => {
      it('when partnerships are recorded by either side, then one step out gives every record touching the ids, with names and sources', async () => {
        const s = scope();
        const a = org(s, 'a', {
          name: 'Alpha',
          partnerships: [
            { partnerId: `${s.prefix}b`, model: 'subcontracting', year: 2019, outcome: 'won', success: 4 },
            {
              partnerId: `${s.prefix}ghost`,
              model: 'alliance',
              year: 2021,
              outcome: 'ended_early',
              success: 1,
              source: { kind: 'synthetic' },
            },
          ],
        });
        const b = org(s, 'b', {
          name: 'Beta',
          partnerships: [
            {
              partnerId: a.id,
              model: 'subcontracting',
              year: 2019,
              outcome: 'won',
              success: 3,
              source: { kind: 'register', register: 'contracts-finder', record: 'N1' },
            },
            { partnerId: `${s.prefix}c`, model: 'informal_consortium', year: 2022, outcome: 'completed', success: 5 },
          ],
        });
        const c = org(s, 'c', {
          name: 'Gamma',
          partnerships: [{ partnerId: `${s.prefix}d`, model: 'alliance', year: 2020, outcome: 'won', success: 5 }],
        });
        await store.upsertOrganisations([a, b, c]);

        const one = await store.partnershipsAround([a.id], 1);
        expect(one.nodes).toEqual([{ id: a.id, name: 'Alpha' }, { id: b.id, name: 'Beta' }, { id: `${s.prefix}ghost` }]);
        expect(one.records).toEqual([
          { holderId: a.id, partnerId: b.id, model: 'subcontracting', year: 2019, outcome: 'won', success: 4 },
          {
            holderId: a.id,
            partnerId: `${s.prefix}ghost`,
            model: 'alliance',
            year: 2021,
            outcome: 'ended_early',
            success: 1,
            source: { kind: 'synthetic' },
          },
          {
            holderId: b.id,
            partnerId: a.id,
            model: 'subcontracting',
            year: 2019,
            outcome: 'won',
            success: 3,
            source: { kind: 'register', register: 'contracts-finder', record: 'N1' },
          },
        ]);

        // Two steps out: also every record touching a's partners (b–c), but not c's own partners (c–d).
        const two = await store.partnershipsAround([a.id], 2);
        expect(two.records.map((r) => `${r.holderId}>${r.partnerId}`.replaceAll(s.prefix, ''))).toEqual(['a>b', 'a>ghost', 'b>a', 'b>c']);
        expect(two.nodes.map((n) => n.name ?? n.id.replace(s.prefix, ''))).toEqual(['Alpha', 'Beta', 'Gamma', 'ghost']);

        // A rewritten record replaces what its holder said, and leaves what the partner said.
        await store.upsertOrganisations([{ ...b, partnerships: [] }]);
        expect(
          (await store.partnershipsAround([b.id], 1)).records.map((r) => `${r.holderId}>${r.partnerId}`.replaceAll(s.prefix, '')),
        ).toEqual(['a>b']);
        expect(await store.partnershipsAround([`${s.prefix}nobody`], 2)).toEqual({ nodes: [], records: [] });
      });
    });

    describe('tenders', () => {
      const tender = (s: TestScope, key: string, overrides: Partial<Tender> = {}) => buildTender({ id: `${s.prefix}${key}`, ...overrides });

      it('when a tender is stored, then it reads back equal to its canonical form', async () => {
        const s = scope();
        const t = tender(s, 't1', {
          title: 'Integrated community health and wellbeing service',
          description: 'Health, social care and housing support, delivered together.',
          buyer: { id: 'GB-LAS-LDS', name: 'Leeds City Council' },
          cpvCodes: [s.cpv(3), s.cpv(1), s.cpv(3)],
          lots: [
            { id: 'lot-2', title: 'Housing support', cpvCodes: [s.cpv(5), s.cpv(4)], valueGbp: 1_000_000 },
            { id: 'lot-1', cpvCodes: [s.cpv(1)] },
          ],
          deliveryAreas: [s.area(2), s.area(1)],
          valueGbp: 12_500_000,
          minimumTurnoverGbp: 20_000_000,
          submissionDeadline: '2026-09-30T12:00:00Z',
          contractStart: '2027-04-01T00:00:00+01:00',
          openToConsortia: true,
          reservedForMutuals: true,
          vcseSuitable: true,
          socialValueWeight: 0.2,
        });

        expect(await store.upsertTenders([t])).toEqual({ created: 1, updated: 0, unchanged: 0 });

        const read = await store.getTender(t.id);
        expect(read).toEqual(normaliseTender(t));
        expect(read?.lots.map((l) => l.id)).toEqual(['lot-2', 'lot-1']);
        expect(await store.getTender(`${s.prefix}missing`)).toBeUndefined();
      });

      it('when tenders are re-upserted, then the summary counts created, updated and unchanged', async () => {
        const s = scope();
        const [a, b] = [tender(s, 'a', { cpvCodes: [s.cpv(1)] }), tender(s, 'b', { cpvCodes: [s.cpv(1)] })];

        expect(await store.upsertTenders([a, b])).toEqual({ created: 2, updated: 0, unchanged: 0 });
        expect(await store.upsertTenders([b, a])).toEqual({ created: 0, updated: 0, unchanged: 2 });
        expect(await store.upsertTenders([{ ...a, cpvCodes: [s.cpv(2)] }, b, tender(s, 'c', { cpvCodes: [s.cpv(1)] })])).toEqual({
          created: 1,
          updated: 1,
          unchanged: 1,
        });
        expect((await store.getTender(a.id))?.cpvCodes).toEqual([s.cpv(2)]);
      });

      it('when tenders are listed, then pages follow id order', async () => {
        const s = scope('0000');
        const ids = ['c', 'a', 'b'].map((k) => `${s.prefix}${k}`);
        await store.upsertTenders(ids.map((id) => buildTender({ id, cpvCodes: [s.cpv(1)] })));
        const sorted = [...ids].sort();

        const first = await store.listTenders(0, 200);
        const start = first.items.findIndex((t) => t.id === sorted[0]);
        expect(start).toBeGreaterThanOrEqual(0);
        if (harness.exclusive) expect([first.total, start]).toEqual([3, 0]);
        else expect(first.total).toBeGreaterThanOrEqual(3);

        expect((await store.listTenders(start, 2)).items.map((t) => t.id)).toEqual(sorted.slice(0, 2));
        expect((await store.listTenders(start + 2, 1)).items.map((t) => t.id)).toEqual(sorted.slice(2));
      });
    });

    describe('search', () => {
      /** A word no other test's names hold, so a search sees only this test's records. */
      const marker = (s: TestScope) => s.prefix.replace(/-/g, '').toLowerCase();

      it('when organisations are searched by words, then every word must begin a word of the name, ordered by name', async () => {
        const s = scope();
        const m = marker(s);
        await store.upsertOrganisations([
          org(s, 'a', { name: `St Mary's Hospice ${m}` }),
          org(s, 'b', { name: `Hospital Friends ${m}` }),
          org(s, 'c', { name: `Café Hospitality ${m.toUpperCase()}` }),
          org(s, 'd', { name: `Friendly Care ${m}` }),
        ]);

        const hosp = await store.searchOrganisations({ words: [m, 'hosp'], offset: 0, limit: 10 });
        expect(hosp.items.map((o) => o.name)).toEqual([
          `Café Hospitality ${m.toUpperCase()}`,
          `Hospital Friends ${m}`,
          `St Mary's Hospice ${m}`,
        ]);
        expect(hosp.total).toBe(3);
        // "mary" begins "mary" of "Mary's"; "cafe" matches "Café" (accents removed); "ospice" begins no word.
        expect(mine(s, (await store.searchOrganisations({ words: [m, 'mary', 's'], offset: 0, limit: 10 })).items)).toEqual([
          `${s.prefix}a`,
        ]);
        expect(mine(s, (await store.searchOrganisations({ words: [m, 'cafe'], offset: 0, limit: 10 })).items)).toEqual([`${s.prefix}c`]);
        expect((await store.searchOrganisations({ words: [m, 'ospice'], offset: 0, limit: 10 })).total).toBe(0);
        // Paging keeps the order and the total.
        const page = await store.searchOrganisations({ words: [m, 'hosp'], offset: 1, limit: 1 });
        expect([page.total, page.items.map((o) => o.name)]).toEqual([3, [`Hospital Friends ${m}`]]);
      });

      it('when organisations are searched by area, then only those operating in one of the exact codes come back, private fields included', async () => {
        const s = scope();
        const m = marker(s);
        await store.upsertOrganisations([
          org(s, 'in', { name: `Beta ${m}`, areas: [s.area(1)], private: { doNotPartnerWith: [], redLines: ['no TUPE'], bidPlans: [] } }),
          org(s, 'also', { name: `Alpha ${m}`, areas: [s.area(2), s.area(3)] }),
          org(s, 'out', { name: `Gamma ${m}`, areas: [s.area(4)] }),
        ]);

        const inAreas = await store.searchOrganisations({ words: [], areaCodes: [s.area(1), s.area(2)], offset: 0, limit: 10 });
        expect(inAreas.items.map((o) => o.id)).toEqual([`${s.prefix}also`, `${s.prefix}in`]);
        expect(inAreas.items[1].private?.redLines).toEqual(['no TUPE']);
        const both = await store.searchOrganisations({ words: [m, 'gam'], areaCodes: [s.area(1), s.area(4)], offset: 0, limit: 10 });
        expect(both.items.map((o) => o.id)).toEqual([`${s.prefix}out`]);
        expect(await store.searchOrganisations({ words: [], offset: 0, limit: 10 })).toEqual({ items: [], total: 0 });
      });

      it('when an organisation is renamed, then search finds it by its new name only', async () => {
        const s = scope();
        const m = marker(s);
        await store.upsertOrganisations([org(s, 'x', { name: `Old Name ${m}` })]);
        await store.upsertOrganisations([org(s, 'x', { name: `New Name ${m}` })]);

        expect((await store.searchOrganisations({ words: [m, 'old'], offset: 0, limit: 10 })).total).toBe(0);
        expect(mine(s, (await store.searchOrganisations({ words: [m, 'new'], offset: 0, limit: 10 })).items)).toEqual([`${s.prefix}x`]);
      });

      it('when organisations are filtered, then every condition given must hold (kind, service, area, size band, open to partnering), ordered by name', async () => {
        const s = scope();
        await store.upsertOrganisations([
          org(s, 'micro', { name: 'Acorn Trust', kind: 'charity', staff: 4, services: [s.cpv(1)], areas: [s.area(1)] }),
          org(s, 'small', {
            name: 'Birch Mutual',
            kind: 'public_service_mutual',
            staff: 30,
            services: [s.cpv(1), s.cpv(2)],
            areas: [s.area(2)],
          }),
          org(s, 'large', { name: 'Cedar Care Ltd', kind: 'private_provider', staff: 900, services: [s.cpv(2)], areas: [s.area(1)] }),
          // no staff: the turnover decides the band (£20m: medium)
          org(s, 'byturnover', {
            name: 'Damson CIC',
            kind: 'social_enterprise',
            staff: undefined,
            annualTurnoverGbp: 20_000_000,
            services: [s.cpv(1)],
            areas: [s.area(3)],
          }),
          org(s, 'closed', {
            name: 'Elm Charity',
            kind: 'charity',
            staff: 12,
            services: [s.cpv(1)],
            areas: [s.area(1)],
            openToPartnering: false,
          }),
          org(s, 'nosize', {
            name: 'Fir Co-op',
            kind: 'cooperative',
            staff: undefined,
            annualTurnoverGbp: undefined,
            services: [s.cpv(3)],
            areas: [s.area(1)],
          }),
        ]);
        const ids = async (f: Partial<OrganisationFilter>) =>
          mine(
            s,
            (await store.filterOrganisations({ words: [], offset: 0, limit: 50, serviceCodes: [s.cpv(1), s.cpv(2), s.cpv(3)], ...f }))
              .items,
          );

        expect(await ids({})).toEqual(['micro', 'small', 'large', 'byturnover', 'closed', 'nosize'].map((x) => `${s.prefix}${x}`));
        expect(await ids({ serviceCodes: [s.cpv(2)] })).toEqual([`${s.prefix}small`, `${s.prefix}large`]);
        expect(await ids({ areaCodes: [s.area(1)] })).toEqual([
          `${s.prefix}micro`,
          `${s.prefix}large`,
          `${s.prefix}closed`,
          `${s.prefix}nosize`,
        ]);
        expect(await ids({ kinds: ['charity', 'cooperative'] })).toEqual([`${s.prefix}micro`, `${s.prefix}closed`, `${s.prefix}nosize`]);
        expect(await ids({ sizeBands: ['micro'] })).toEqual([`${s.prefix}micro`]);
        expect(await ids({ sizeBands: ['medium', 'unknown'] })).toEqual([`${s.prefix}byturnover`, `${s.prefix}nosize`]);
        expect(await ids({ sizeBands: ['small', 'large'] })).toEqual([`${s.prefix}small`, `${s.prefix}large`, `${s.prefix}closed`]);
        expect(await ids({ openToPartnering: false })).toEqual([`${s.prefix}closed`]);
        expect(await ids({ kinds: ['charity'], areaCodes: [s.area(1)], openToPartnering: true })).toEqual([`${s.prefix}micro`]);
        expect(await ids({ kinds: [] })).toEqual([]);
        // Paging keeps the order and the total.
        const page = await store.filterOrganisations({ words: [], serviceCodes: [s.cpv(1)], offset: 1, limit: 2 });
        expect([page.total, page.items.map((o) => o.id)]).toEqual([4, [`${s.prefix}small`, `${s.prefix}byturnover`]]);
      });

      it('when organisations are filtered by name words and a condition, then both must hold', async () => {
        const s = scope();
        const m = marker(s);
        await store.upsertOrganisations([
          org(s, 'a', { name: `Harbour Care ${m}`, kind: 'charity', services: [s.cpv(1)] }),
          org(s, 'b', { name: `Harbour Homes ${m}`, kind: 'private_provider', services: [s.cpv(1)] }),
          org(s, 'c', { name: `Inland Care ${m}`, kind: 'charity', services: [s.cpv(1)] }),
        ]);
        const found = await store.filterOrganisations({ words: [m, 'harb'], kinds: ['charity'], offset: 0, limit: 10 });
        expect([found.total, found.items.map((o) => o.id)]).toEqual([1, [`${s.prefix}a`]]);
        const care = await store.filterOrganisations({ words: [m, 'care'], serviceCodes: [s.cpv(1)], offset: 0, limit: 10 });
        expect(care.items.map((o) => o.id)).toEqual([`${s.prefix}a`, `${s.prefix}c`]);
      });

      it('when tenders are searched, then every word occurs in the lower-cased title, ordered by title', async () => {
        const s = scope();
        const m = marker(s);
        await store.upsertTenders([
          buildTender({ id: `${s.prefix}1`, title: `Home care in Devon ${m}`, cpvCodes: [s.cpv(1)] }),
          buildTender({ id: `${s.prefix}2`, title: `Carers support ${m}`, cpvCodes: [s.cpv(1)] }),
          buildTender({ id: `${s.prefix}3`, title: `Libraries ${m}`, cpvCodes: [s.cpv(1)] }),
        ]);

        const care = await store.searchTenders({ words: [m, 'care'], offset: 0, limit: 10 });
        expect(care.items.map((t) => t.id)).toEqual([`${s.prefix}2`, `${s.prefix}1`]);
        expect(care.total).toBe(2);
        expect((await store.searchTenders({ words: [m, 'devon', 'home'], offset: 0, limit: 10 })).items.map((t) => t.id)).toEqual([
          `${s.prefix}1`,
        ]);
        expect((await store.searchTenders({ words: [m, 'care'], offset: 1, limit: 5 })).items.map((t) => t.id)).toEqual([`${s.prefix}1`]);
      });
    });

    it('when asked for health, then it answers ok with its kind', async () => {
      const health = await store.health();
      expect(health).toMatchObject({ ok: true, store: store.kind });
    });
  });
}
