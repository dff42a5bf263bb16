/**
 * Introductions by consent, end to end on both stores: interest with the match's reasons, contacts shared only when
 * both sides agree, decline / withdraw / block, silence for blocks and vetoes, the audit log; and the web pages.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { coreSlices } from '../../src/features.ts';
import { InProcessQueue } from '../../src/queue/inprocess-queue.ts';
import { EmbeddedPartnerScores } from '../../src/refresh/embedded-partner-scores.ts';
import { refreshSlice } from '../../src/refresh/routes.ts';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.ts';
import { Neo4jStore } from '../../src/store/neo4j/neo4j-store.ts';
import type { Store } from '../../src/store/types.ts';
import { webSlice } from '../../src/web/slice.ts';
import { buildOrganisation } from '../builders.ts';
import { WebClient } from '../support/web-client.ts';
import { createAccount } from '../../src/accounts/accounts.ts';
import { coreDeps, startTestServer, tokenFor } from './helpers.ts';

const SERVICE = '85312320';
const PLACE = 'E06000053';
const tender = { title: 'Island advice services', cpvCodes: [SERVICE], deliveryAreas: [PLACE] };
const alice = { name: 'Alice Able', email: 'alice@a.example.org', phone: '01632 960 001' };
const bob = { name: 'Bob Brown', email: 'bob@b.example.org' };

function describeIntroductions(name: string, makeStore: () => { store: Store; cleanup: (prefix: string) => Promise<void> }) {
  describe(`introductions on the ${name} store`, () => {
    const p = `IN-${randomBytes(3).toString('hex')}-`;
    const A = `${p}A`;
    const B = `${p}B`;
    const C = `${p}C`;
    let api: Awaited<ReturnType<typeof startTestServer>>;
    let store: Store;
    let cleanup: (prefix: string) => Promise<void>;
    const token: Record<string, string> = {};

    beforeAll(async () => {
      ({ store, cleanup } = makeStore());
      await store.upsertOrganisations([
        buildOrganisation({ id: A, name: 'Alder Advice', services: [SERVICE], areas: [PLACE] }),
        buildOrganisation({ id: B, name: 'Birch Guidance', services: [SERVICE], areas: [PLACE] }),
        buildOrganisation({
          id: C,
          name: 'Cedar Help',
          services: [SERVICE],
          areas: [PLACE],
          private: { doNotPartnerWith: [A], redLines: [], bidPlans: [] },
        }),
      ]);
      const deps = coreDeps(store);
      api = await startTestServer(deps, coreSlices(deps));
      token.a = await tokenFor(store, { organisationIds: [A], scopes: ['read', 'write'] });
      token.b = await tokenFor(store, { organisationIds: [B], scopes: ['read', 'write'] });
      token.c = await tokenFor(store, { organisationIds: [C], scopes: ['read', 'write'] });
      token.stranger = await tokenFor(store, { scopes: ['read', 'write'] });
    });
    afterAll(async () => {
      await api?.close();
      await cleanup?.(p);
      await store?.close();
    });

    const ask = (as: string, toId: string, extra: object = {}) =>
      api.callAs(as, 'POST', '/v1/introductions', { fromId: A, toId, tender, contact: alice, message: 'Shall we bid together?', ...extra });
    const inbox = async (as: string, org: string) => (await api.callAs(as, 'GET', `/v1/organisations/${org}/introductions`)).body;

    it('when A asks to meet B, then B sees who and why (the match’s reasons) but not A’s contact; once B agrees, both see both', async () => {
      const match = await api.callAs(token.a, 'POST', '/v1/matches', { seekerId: A, tender });
      const reasons = match.body.candidates
        .find((c: { organisation: { id: string } }) => c.organisation.id === B)
        .reasonsFor.map((r: { text: string }) => r.text);

      const asked = await ask(token.a, B);
      expect(asked.status).toBe(201);
      expect(asked.body).toMatchObject({ from: { id: A, name: 'Alder Advice' }, to: { id: B }, state: 'pending', reasons });
      expect(asked.body.contacts).toBeUndefined();

      const received = (await inbox(token.b, B)).received;
      expect(received).toHaveLength(1);
      expect(received[0]).toMatchObject({ from: { id: A }, tender: { title: tender.title }, reasons, message: 'Shall we bid together?' });
      expect(JSON.stringify(received)).not.toContain(alice.email);

      expect((await api.callAs(token.a, 'POST', `/v1/introductions/${asked.body.id}/accept`, { contact: alice })).status).toBe(403); // not A's to accept
      expect((await api.callAs(token.stranger, 'GET', `/v1/organisations/${B}/introductions`)).status).toBe(403);
      const accepted = await api.callAs(token.b, 'POST', `/v1/introductions/${asked.body.id}/accept`, { contact: bob });
      expect(accepted.status).toBe(200);
      expect(accepted.body.contacts).toEqual({ from: alice, to: bob });
      expect((await inbox(token.a, A)).sent[0].contacts).toEqual({ from: alice, to: bob });
      expect((await api.callAs(token.b, 'POST', `/v1/introductions/${asked.body.id}/decline`)).status).toBe(409); // answered already

      const actions = (await api.callAs(token.a, 'GET', `/v1/organisations/${A}/audit`)).body.items.map(
        (e: { action: string }) => e.action,
      );
      expect(actions).toContain('introduction.requested');
      const theirs = (await api.callAs(token.b, 'GET', `/v1/organisations/${B}/audit`)).body.items.map((e: { action: string }) => e.action);
      expect(theirs).toContain('introduction.accepted');
    });

    it('when a candidate is not among the requester’s partners, or the request is malformed, then 400 names the field', async () => {
      const other = await ask(token.a, `${p}NOBODY`);
      expect(other.status).toBe(400);
      expect(other.body.error.issues[0].path).toBe('toId');
      const bad = await ask(token.a, B, { contact: { name: '', email: 'not-an-email' } });
      expect(bad.status).toBe(400);
      expect(bad.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['contact.email', 'contact.name']);
      expect((await api.callAs(token.b, 'POST', '/v1/introductions', { fromId: A, toId: B, tender, contact: bob })).status).toBe(403);
    });

    it('when the candidate has vetoed or blocked the requester, then the request stays pending for the requester and never reaches the candidate', async () => {
      const vetoed = await ask(token.a, C);
      expect(vetoed.status).toBe(201); // exactly as any other request: nothing tells A about C's list
      expect(vetoed.body.state).toBe('pending');
      expect((await inbox(token.c, C)).received).toEqual([]);
      expect((await api.callAs(token.c, 'POST', `/v1/introductions/${vetoed.body.id}/accept`, { contact: bob })).status).toBe(404);

      expect((await api.callAs(token.b, 'POST', `/v1/organisations/${B}/blocks`, { organisationId: A })).status).toBe(204);
      const blocked = await ask(token.a, B, { message: 'again', tender: { ...tender, title: 'Another tender' } });
      expect(blocked.status).toBe(201);
      expect((await inbox(token.b, B)).received.map((i: { id: string }) => i.id)).not.toContain(blocked.body.id);
      expect((await inbox(token.b, B)).blocked).toEqual([A]);
      expect((await api.callAs(token.b, 'DELETE', `/v1/organisations/${B}/blocks/${A}`)).status).toBe(204);
      expect((await inbox(token.b, B)).received.map((i: { id: string }) => i.id)).toContain(blocked.body.id);

      expect((await api.callAs(token.a, 'POST', `/v1/introductions/${blocked.body.id}/withdraw`)).body.state).toBe('withdrawn');
      expect((await api.callAs(token.a, 'POST', `/v1/introductions/${vetoed.body.id}/withdraw`)).body.state).toBe('withdrawn');
    });
  });
}

describeIntroductions('embedded', () => ({ store: new EmbeddedStore(), cleanup: async () => {} }));
describeIntroductions('Neo4j', () => {
  const config = loadConfig({ ...process.env, NEO4J_URI: inject('neo4jUri') });
  const store = new Neo4jStore({
    uri: config.NEO4J_URI,
    user: config.NEO4J_USER,
    password: config.NEO4J_PASSWORD,
    database: config.NEO4J_DATABASE,
  });
  return { store, cleanup: async (prefix) => void (await store.deleteByIdPrefix(prefix)) };
});

describe('introductions in the web app', () => {
  it('when a member asks from the partners page and the candidate agrees on its page, then both pages show both contacts', async () => {
    const store = new EmbeddedStore();
    await store.upsertOrganisations([
      buildOrganisation({ id: 'GB-CHC-INW-A', name: 'Alder Advice', services: [SERVICE], areas: [PLACE] }),
      buildOrganisation({ id: 'GB-CHC-INW-B', name: 'Birch Guidance', services: [SERVICE], areas: [PLACE] }),
    ]);
    await store.upsertTenders([{ id: 'T-INW', title: tender.title, cpvCodes: [SERVICE], deliveryAreas: [PLACE], lots: [] } as never]);
    const deps = coreDeps(store);
    const scores = new EmbeddedPartnerScores();
    const queue = new InProcessQueue({} as never, { concurrency: 1 });
    const server = await startTestServer(deps, [
      ...coreSlices(deps),
      refreshSlice(deps, queue, scores),
      webSlice({ ...deps, queue, scores }),
    ]);
    try {
      const d = { records: store.records, now: () => new Date() };
      await createAccount(
        d,
        { email: 'a@example.org', name: 'A', password: 'a long password 1', organisationIds: ['GB-CHC-INW-A'] },
        'system',
      );
      await createAccount(
        d,
        { email: 'b@example.org', name: 'B', password: 'a long password 2', organisationIds: ['GB-CHC-INW-B'] },
        'system',
      );
      const a = new WebClient(server.server.url);
      await a.signIn('a@example.org', 'a long password 1');
      const partners = await a.get('/organisations/GB-CHC-INW-A/partners?tender=T-INW');
      const href = /href="([^"]*\/introductions\/new\?[^"]*)"/.exec(partners.html)?.[1]?.replaceAll('&amp;', '&');
      expect(href).toBeDefined();
      const form = await a.get(href!);
      expect(form.status).toBe(200);
      const missing = await a.post(
        '/organisations/GB-CHC-INW-A/introductions',
        { tender: 'T-INW', candidate: 'GB-CHC-INW-B', name: '', email: '' },
        WebClient.csrfOf(form.html),
      );
      expect(missing.status).toBe(400);
      expect(missing.html).toContain('href="#email"');
      const sent = await a.post(
        '/organisations/GB-CHC-INW-A/introductions',
        { tender: 'T-INW', candidate: 'GB-CHC-INW-B', name: alice.name, email: alice.email, message: 'Hello' },
        WebClient.csrfOf(missing.html), // the form as shown again, with its errors
      );
      expect([sent.status, sent.location]).toEqual([303, '/organisations/GB-CHC-INW-A/introductions?sent=1']);

      const b = new WebClient(server.server.url);
      await b.signIn('b@example.org', 'a long password 2');
      const page = await b.get('/organisations/GB-CHC-INW-B/introductions');
      expect(page.html).toContain('Alder Advice');
      expect(page.html).not.toContain(alice.email);
      const id = /introductions\/([0-9a-f]+)\/accept/.exec(page.html)?.[1];
      const accepted = await b.post(
        `/organisations/GB-CHC-INW-B/introductions/${id}/accept`,
        { name: bob.name, email: bob.email },
        WebClient.csrfOf(page.html),
      );
      expect(accepted.status).toBe(303);
      expect((await b.get('/organisations/GB-CHC-INW-B/introductions')).html).toContain(alice.email);
      expect((await a.get('/organisations/GB-CHC-INW-A/introductions')).html).toContain(bob.email);
    } finally {
      await server.close();
      await queue.close();
    }
  });
});
