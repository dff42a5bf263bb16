/**
 * The inference attack of issue 16, as a test on both stores: copy an organisation's public profile under a new id,
 * rank partners for the original and for the copy, and compare. When the original's private do-not-partner list
 * shaped its ranking, the organisation missing from it is the secret. The rule (src/matching/vetoes.ts,
 * docs/security.md): a list shapes a result only for a caller who may read it, so for anyone else the two rankings
 * are the same; the organisation's own members (and administrators) still never see their vetoed partners. The same
 * for a candidate's list naming the seeker, for consortia, and for the nightly partner lists.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { coreSlices } from '../../src/features.ts';
import type { Organisation } from '../../src/organisations/schema.ts';
import { InProcessQueue } from '../../src/queue/inprocess-queue.ts';
import { EmbeddedPartnerScores } from '../../src/refresh/embedded-partner-scores.ts';
import { refreshHandlers } from '../../src/refresh/jobs.ts';
import { refreshSlice } from '../../src/refresh/routes.ts';
import { refreshSettings } from '../../src/refresh/settings.ts';
import { storeOrganisationSource } from '../../src/refresh/snapshot.ts';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.ts';
import { Neo4jStore } from '../../src/store/neo4j/neo4j-store.ts';
import type { Store } from '../../src/store/types.ts';
import { buildOrganisation } from '../builders.ts';
import { coreDeps, startTestServer, tokenFor } from './helpers.ts';

// A rare pairing of a service and a place, so that on the shared Neo4j only this test's organisations compete.
const SERVICE = '85312320';
const PLACE = 'E06000053';
const GUIDANCE = '85312310';

function world(p: string) {
  const org = (id: string, over: Partial<Organisation> = {}) =>
    buildOrganisation({ id: `${p}${id}`, name: `Org ${id}`, services: [SERVICE], areas: [PLACE], ...over });
  const secret = `${p}X`;
  return {
    victim: org('V', { name: 'Victim Mutual', private: { doNotPartnerWith: [secret], redLines: [], bidPlans: [] } }),
    // S is vetoed by candidate Y: the candidate's own list must not be inferable by S's copy either
    seeker: org('S', { name: 'Seeker Trust' }),
    // X alone also gives guidance services: a consortium that needs them needs X
    vetoed: org('X', { services: [SERVICE, GUIDANCE] }),
    vetoesSeeker: org('Y', { private: { doNotPartnerWith: [`${p}S`], redLines: [], bidPlans: [] } }),
    others: ['A', 'B', 'C', 'D'].map((k, i) => org(k, { staff: 10 + i * 15 })),
  };
}

function describeAttack(name: string, makeStore: () => Promise<{ store: Store; cleanup: (prefix: string) => Promise<void> }>) {
  describe(`veto inference on the ${name} store`, () => {
    const p = `VI-${randomBytes(3).toString('hex')}-`;
    const w = world(p);
    let api: Awaited<ReturnType<typeof startTestServer>>;
    let store: Store;
    let cleanup: (prefix: string) => Promise<void>;
    let attacker: string;
    let victimMember: string;
    const tender = { title: 'Advice services on the islands', cpvCodes: [SERVICE], deliveryAreas: [PLACE] };
    const ours = (ids: string[]) => ids.filter((id) => id.startsWith(p));

    beforeAll(async () => {
      ({ store, cleanup } = await makeStore());
      await store.upsertOrganisations([w.victim, w.seeker, w.vetoed, w.vetoesSeeker, ...w.others]);
      const deps = coreDeps(store);
      api = await startTestServer(deps, coreSlices(deps));
      attacker = await tokenFor(store, { scopes: ['read', 'write'] });
      victimMember = await tokenFor(store, { organisationIds: [w.victim.id], scopes: ['read', 'write'] });
    });
    afterAll(async () => {
      await api?.close();
      await cleanup?.(p);
      await store?.close();
    });

    /** The attacker's copy of `org`'s public profile under a new id (the attacker becomes its member). */
    async function copyOf(org: Organisation, suffix: string): Promise<string> {
      const pub = (await api.call('GET', `/v1/organisations/${org.id}`)).body;
      expect(pub.private).toBeUndefined();
      const { id: _id, provenance: _p, ...profile } = pub;
      const id = `${p}COPY-${suffix}`;
      const made = await api.callAs(attacker, 'POST', '/v1/organisations', { ...profile, id, partnerships: [] });
      expect(made.status).toBe(201);
      return id;
    }

    const ranking = async (token: string | undefined, seekerId: string) => {
      const res = await api.callAs(token, 'POST', '/v1/matches', { seekerId, tender, limit: 200 });
      expect(res.status).toBe(200);
      return res.body.candidates.map((c: { organisation: { id: string }; total: number }) => ({ id: c.organisation.id, total: c.total }));
    };

    it('when an attacker ranks partners for an organisation and for a copy of its public profile, then the two rankings agree', async () => {
      const copy = await copyOf(w.victim, 'V');
      for (const caller of [undefined, attacker]) {
        const original = (await ranking(caller, w.victim.id)).filter((c: { id: string }) => c.id !== copy);
        const copied = (await ranking(caller, copy)).filter((c: { id: string }) => c.id !== w.victim.id);
        expect(ours(original.map((c: { id: string }) => c.id))).toEqual(ours(copied.map((c: { id: string }) => c.id)));
        expect(original.filter((c: { id: string }) => c.id.startsWith(p))).toEqual(
          copied.filter((c: { id: string }) => c.id.startsWith(p)),
        );
        expect(original.map((c: { id: string }) => c.id)).toContain(w.vetoed.id); // not silently dropped
      }
    });

    it('when the vetoing organisation’s member, or an administrator, ranks partners, then the vetoed organisation is left out', async () => {
      expect((await ranking(victimMember, w.victim.id)).map((c: { id: string }) => c.id)).not.toContain(w.vetoed.id);
      expect((await ranking(api.adminToken, w.victim.id)).map((c: { id: string }) => c.id)).not.toContain(w.vetoed.id);
      // the member's own view of someone else's ranking is the public one
      expect((await ranking(victimMember, w.seeker.id)).map((c: { id: string }) => c.id)).toContain(w.vetoesSeeker.id);
    });

    it('when a candidate has vetoed the seeker, then neither the seeker nor a copy of it can tell', async () => {
      const copy = await copyOf(w.seeker, 'S');
      const original = (await ranking(attacker, w.seeker.id)).map((c: { id: string }) => c.id).filter((id: string) => id !== copy);
      const copied = (await ranking(attacker, copy)).map((c: { id: string }) => c.id).filter((id: string) => id !== w.seeker.id);
      expect(ours(original)).toEqual(ours(copied));
      expect(original).toContain(w.vetoesSeeker.id);
    });

    it('when whole consortia are built for an organisation and for its copy, then the same partners are proposed', async () => {
      const copy = `${p}COPY-V`;
      const members = async (leadId: string, other: string) => {
        const both = { ...tender, cpvCodes: [SERVICE, GUIDANCE] };
        const res = await api.callAs(attacker, 'POST', '/v1/consortia', { leadId, tender: both, maxPartners: 3, alternatives: 5 });
        expect(res.status).toBe(200);
        return res.body.consortia.map((c: { members: { id: string }[] }) =>
          c.members
            .map((m) => m.id)
            .filter((id) => id !== leadId && id !== other)
            .sort(),
        );
      };
      const proposed = await members(w.victim.id, copy);
      expect(proposed).toEqual(await members(copy, w.victim.id));
      expect(proposed.flat()).toContain(w.vetoed.id);
    });
  });
}

describeAttack('embedded', async () => ({ store: new EmbeddedStore(), cleanup: async () => {} }));

describeAttack('Neo4j', async () => {
  const config = loadConfig({ ...process.env, NEO4J_URI: inject('neo4jUri') });
  const store = new Neo4jStore({
    uri: config.NEO4J_URI,
    user: config.NEO4J_USER,
    password: config.NEO4J_PASSWORD,
    database: config.NEO4J_DATABASE,
  });
  return {
    store,
    cleanup: async (prefix) => {
      await store.deleteByIdPrefix(prefix);
    },
  };
});

describe('veto inference through the nightly partner lists', () => {
  it('when lists are computed, then they are public (the same for an organisation and its copy); its members see theirs without the vetoed', async () => {
    const p = `VL-${randomBytes(3).toString('hex')}-`;
    const w = world(p);
    const store = new EmbeddedStore();
    const copy = { ...w.victim, id: `${p}COPY`, name: 'Copy', private: undefined };
    await store.upsertOrganisations([w.victim, copy, w.seeker, w.vetoed, w.vetoesSeeker, ...w.others]);
    const deps = coreDeps(store);
    const scores = new EmbeddedPartnerScores();
    const queue = new InProcessQueue(
      refreshHandlers({
        ...deps,
        scores,
        source: storeOrganisationSource(store),
        settings: refreshSettings({ REFRESH_TOP_K: 20, REFRESH_SHARD_SIZE: 50 }),
      }),
      { concurrency: 1 },
    );
    const api = await startTestServer(deps, [...coreSlices(deps), refreshSlice(deps, queue, scores)]);
    try {
      const { runId } = await queue.enqueueRun({ runId: 'run-veto-lists' });
      for (let i = 0; i < 200 && (await scores.currentRun())?.runId !== runId; i++) await new Promise((r) => setTimeout(r, 50));
      const ids = async (token: string | undefined, id: string, other: string) =>
        (await api.callAs(token, 'GET', `/v1/organisations/${id}/partners`)).body.partners
          .map((x: { organisation: { id: string } }) => x.organisation.id)
          .filter((x: string) => x !== other);
      const original = await ids(undefined, w.victim.id, copy.id);
      expect(original).toEqual(await ids(undefined, copy.id, w.victim.id));
      expect(original).toContain(w.vetoed.id);
      const member = await tokenFor(store, { organisationIds: [w.victim.id], scopes: ['read'] });
      const own = (await api.callAs(member, 'GET', `/v1/organisations/${w.victim.id}/partners`)).body.partners;
      expect(own.map((x: { organisation: { id: string } }) => x.organisation.id)).not.toContain(w.vetoed.id);
      expect(own.map((x: { rank: number }) => x.rank)).toEqual(own.map((_: unknown, i: number) => i + 1));
    } finally {
      await api.close();
      await queue.close();
    }
  });
});
