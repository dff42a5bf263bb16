/**
 * Accounts end to end, over real HTTP: sign-in with a session cookie and CSRF on every form, API tokens (shown
 * once, hashed at rest, scoped, revocable), claims approved by an administrator, members editing their organisation
 * and the audit log of it all; sessions kept in the store's records or in Redis.
 */
import { SIGN_IN_THROTTLE } from '../../src/accounts/sign-in-throttle.ts';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/accounts/accounts.ts';
import { tokenHash } from '../../src/accounts/tokens.ts';
import type { AuthenticationOptions } from '../../src/accounts/middleware.ts';
import { coreSlices } from '../../src/features.ts';
import { loadConfig } from '../../src/config.ts';
import { InProcessQueue } from '../../src/queue/inprocess-queue.ts';
import { redisSessionStore } from '../../src/queue/redis-sessions.ts';
import { EmbeddedPartnerScores } from '../../src/refresh/embedded-partner-scores.ts';
import { refreshHandlers } from '../../src/refresh/jobs.ts';
import { refreshSlice } from '../../src/refresh/routes.ts';
import { refreshSettings } from '../../src/refresh/settings.ts';
import { storeOrganisationSource } from '../../src/refresh/snapshot.ts';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.ts';
import { webSlice } from '../../src/web/slice.ts';
import { buildOrganisation } from '../builders.ts';
import { WebClient } from '../support/web-client.ts';
import { coreDeps, startTestServer, tokenFor } from './helpers.ts';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

const ORG = 'GB-CHC-ACC-1';
const PASSWORD = 'correct horse battery';

async function app(store = new EmbeddedStore(), auth: AuthenticationOptions = {}) {
  const deps = coreDeps(store);
  if (!(await store.getOrganisation(ORG))) {
    await store.upsertOrganisations([
      buildOrganisation({ id: ORG, name: 'Acorn Care', services: ['85311100'], areas: ['E07000041'] }),
      buildOrganisation({ id: 'GB-CHC-ACC-2', name: 'Birch Support', services: ['85311100'], areas: ['E07000041'] }),
    ]);
  }
  const scores = new EmbeddedPartnerScores();
  const queue = new InProcessQueue(
    refreshHandlers({
      ...deps,
      scores,
      source: storeOrganisationSource(store),
      settings: refreshSettings({ REFRESH_TOP_K: 5, REFRESH_SHARD_SIZE: 10 }),
    }),
    { concurrency: 1 },
  );
  closers.push(() => queue.close());
  const server = await startTestServer(deps, [
    ...coreSlices(deps, auth),
    refreshSlice(deps, queue, scores),
    webSlice({ ...deps, queue, scores }),
  ]);
  closers.push(() => server.close());
  const d = { records: store.records, now: () => new Date() };
  const account = (email: string, extra: { roles?: ('admin' | 'commissioner')[]; organisationIds?: string[] } = {}) =>
    createAccount(d, { email, name: email.split('@')[0], password: PASSWORD, ...extra }, 'system').catch(() => undefined);
  await account('member@example.org', { organisationIds: [ORG] });
  await account('admin@example.org', { roles: ['admin'] });
  await account('person@example.org');
  return { ...server, store, browser: () => new WebClient(server.server.url) };
}

describe('signing in', () => {
  it('when a person signs in with the CSRF token of the form, then the session is theirs; without the token, or with a wrong password, it is refused', async () => {
    const { browser } = await app();
    const web = browser();
    const form = await web.get('/sign-in');
    expect(form.status).toBe(200);

    expect((await web.post('/sign-in', { email: 'member@example.org', password: PASSWORD }, null)).status).toBe(403);
    expect((await web.post('/sign-in', { email: 'member@example.org', password: PASSWORD }, 'forged')).status).toBe(403);
    const wrong = await web.post('/sign-in', { email: 'member@example.org', password: 'not the password' }, WebClient.csrfOf(form.html));
    expect(wrong.status).toBe(400);
    expect(wrong.html).toContain('There is a problem');
    expect(wrong.html).toContain('href="#email"');

    const before = web.cookies.get('consortia.sid');
    const ok = await web.submit('/sign-in', '/sign-in', {
      email: 'member@example.org',
      password: PASSWORD,
      next: '/organisations/GB-CHC-ACC-1',
    });
    expect([ok.status, ok.location]).toEqual([303, '/organisations/GB-CHC-ACC-1']);
    expect(web.cookies.get('consortia.sid')).not.toBe(before); // a new session id: a fixed one is worthless
    expect((await web.get('/account')).html).toContain('Acorn Care');
  });

  it('when five wrong passwords are tried for one address, then even the right one is refused for the window, with 429 and when to come back; a success clears the count', async () => {
    const { browser } = await app();
    const web = browser();
    const csrf = WebClient.csrfOf((await web.get('/sign-in')).html);
    const attempt = (email: string, password: string) => web.post('/sign-in', { email, password }, csrf);
    // a success clears earlier failures
    for (let i = 0; i < 4; i++) expect((await attempt('person@example.org', 'guess ' + i)).status).toBe(400);
    expect((await web.submit('/sign-in', '/sign-in', { email: 'person@example.org', password: PASSWORD })).status).toBe(303);
    const guesser = browser();
    const token = WebClient.csrfOf((await guesser.get('/sign-in')).html);
    const guess = (email: string, password: string) => guesser.post('/sign-in', { email, password }, token);
    for (let i = 0; i < SIGN_IN_THROTTLE.maxFailures; i++) expect((await guess('member@example.org', 'guess ' + i)).status).toBe(400);
    const blocked = await guess('Member@Example.org', PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.html).toContain('Too many wrong passwords for this email address: try again in 15 minutes');
    expect(blocked.html).toContain('href="#email"');
    // another address is not affected
    const other = browser();
    expect((await other.submit('/sign-in', '/sign-in', { email: 'admin@example.org', password: PASSWORD })).status).toBe(303);
  });

  it('when the session cookie is set, then it is httpOnly and SameSite=Lax, and Secure over HTTPS only when asked', async () => {
    const { server } = await app();
    const res = await fetch(`${server.url}/sign-in`);
    const cookies = res.headers.getSetCookie();
    const sid = cookies.find((c) => c.startsWith('consortia.sid='));
    expect(sid).toMatch(/HttpOnly/);
    expect(sid).toMatch(/SameSite=Lax/);
    expect(cookies.find((c) => c.startsWith('consortia.csrf='))).toMatch(/HttpOnly/);
  });

  it('when a signed-in person posts a form from another site (no CSRF token), then nothing happens', async () => {
    const { browser, store } = await app();
    const web = browser();
    await web.signIn('member@example.org', PASSWORD);
    const forged = await web.post(`/organisations/${ORG}/edit`, { name: 'Hijacked', openToPartnering: 'no', spareCapacity: 'none' }, null);
    expect(forged.status).toBe(403);
    // the same with a JSON body through the API, riding on the cookie
    const api = await fetch(`${web.baseUrl}/v1/organisations/${ORG}`, {
      method: 'PUT',
      headers: { cookie: `consortia.sid=${web.cookies.get('consortia.sid')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Hijacked', kind: 'charity' }),
    });
    expect(api.status).toBe(403);
    expect((await store.getOrganisation(ORG))?.name).toBe('Acorn Care');
  });

  it('when a person signs out, then the old session cookie no longer signs anyone in', async () => {
    const { browser } = await app();
    const web = browser();
    await web.signIn('member@example.org', PASSWORD);
    const sid = web.cookies.get('consortia.sid')!;
    const account = await web.get('/account');
    expect((await web.post('/sign-out', {}, WebClient.csrfOf(account.html))).status).toBe(303);
    const replay = new WebClient(web.baseUrl);
    replay.cookies.set('consortia.sid', sid);
    expect((await replay.get('/account')).status).toBe(303);
  });

  it('when sessions are kept in Redis, then a second API process on the same Redis knows the person', async () => {
    const prefix = `test-sess-${randomBytes(4).toString('hex')}`;
    const sessions = redisSessionStore({ redisUrl: loadConfig().REDIS_URL, prefix });
    closers.push(async () => {
      await sessions.store.clear();
      await sessions.close();
    });
    const store = new EmbeddedStore();
    const one = await app(store, { sessionStore: sessions.store });
    const two = await app(store, { sessionStore: sessions.store });
    const web = one.browser();
    await web.signIn('member@example.org', PASSWORD);
    const elsewhere = new WebClient(two.server.url);
    elsewhere.cookies.set('consortia.sid', web.cookies.get('consortia.sid')!);
    expect((await elsewhere.get('/account')).html).toContain('member@example.org');
  });
});

describe('creating an account', () => {
  it('when a person creates an account, then they are signed in with no role; an address taken or a short password is refused, named', async () => {
    const { browser, store } = await app();
    const web = browser();
    const short = await web.submit('/register', '/register', { name: 'Rae', email: 'rae@example.org', password: 'short' });
    expect(short.status).toBe(400);
    expect(short.html).toContain('href="#password"');
    const taken = await web.submit('/register', '/register', { name: 'M', email: 'member@example.org', password: PASSWORD });
    expect(taken.status).toBe(400);
    expect(taken.html).toContain('There is an account for this email address already');
    const made = await web.submit('/register', '/register', { name: 'Rae', email: 'Rae@Example.org', password: PASSWORD });
    expect([made.status, made.location]).toEqual([303, '/account']);
    expect((await web.get('/account')).html).toContain('rae@example.org');
    expect((await store.records.getRecord('account', 'rae@example.org'))?.doc).toMatchObject({ roles: [], organisationIds: [] });
    expect(JSON.stringify((await store.records.getRecord('account', 'rae@example.org'))?.doc)).not.toContain(PASSWORD);
  });
});

describe('API tokens', () => {
  it('when a token is created, then it is shown once, stored only as its hash, works as a bearer token within its scopes, and stops when revoked', async () => {
    const { browser, store, server } = await app();
    const web = browser();
    await web.signIn('member@example.org', PASSWORD);
    const page = await web.submit('/account/tokens', '/account/tokens', { name: 'our CRM', scopes: ['read'] });
    const secret = /cst_[\w-]+/.exec(page.html)?.[0];
    expect(secret).toBeDefined();
    expect((await web.get('/account/tokens')).html).not.toContain(secret);
    const stored = await store.records.findRecords({ kind: 'token', key: tokenHash(secret!), offset: 0, limit: 1 });
    expect(stored.total).toBe(1);
    expect(JSON.stringify(stored.items[0])).not.toContain(secret);

    const bearer = { authorization: `Bearer ${secret}` };
    const read = await fetch(`${server.url}/v1/organisations/${ORG}/audit`, { headers: bearer });
    expect(read.status).toBe(200); // read scope: a member reads its organisation's audit log
    const write = await fetch(`${server.url}/v1/organisations/${ORG}`, {
      method: 'PUT',
      headers: { ...bearer, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Renamed', kind: 'charity' }),
    });
    expect(write.status).toBe(403); // no write scope

    const tokenId = /\/account\/tokens\/([0-9a-f]+)\/revoke/.exec((await web.get('/account/tokens')).html)?.[1];
    const list = await web.get('/account/tokens');
    expect((await web.post(`/account/tokens/${tokenId}/revoke`, {}, WebClient.csrfOf(list.html))).status).toBe(303);
    const after = await fetch(`${server.url}/v1/organisations/${ORG}`, { headers: bearer });
    expect(after.status).toBe(401);
    expect(after.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('when a token is malformed or unknown, then 401 names the problem, never 500', async () => {
    const { server } = await app();
    for (const header of ['Bearer', 'Bearer cst_nope', 'Bearer ' + 'x'.repeat(5000), 'Basic abc']) {
      const res = await fetch(`${server.url}/v1/me`, { headers: { authorization: header } });
      expect(res.status).toBe(401);
    }
  });

  it('when a token is asked for more scopes than the account has, then it gets only those the account has', async () => {
    const { callAs, adminToken } = await app();
    const member = (await callAs(adminToken, 'POST', '/v1/accounts', { email: 'm2@example.org', name: 'M2', password: PASSWORD })).body;
    expect(member.roles).toEqual([]);
    const made = await callAs(adminToken, 'POST', '/v1/tokens', { name: 'all', scopes: ['read', 'write', 'admin'] });
    expect(made.status).toBe(201);
    expect(made.body.token).toMatch(/^cst_/);
    expect((await callAs(made.body.token, 'GET', '/v1/me')).body.scopes).toEqual(['read', 'write', 'admin']);
  });
});

describe('claims and membership', () => {
  it('when a person claims an organisation and an administrator approves, then they may edit it; the audit log tells the story', async () => {
    const { browser, store } = await app();
    const person = browser();
    await person.signIn('person@example.org', PASSWORD);
    expect((await person.get(`/organisations/${ORG}/edit`)).status).toBe(403);
    const sent = await person.submit(`/organisations/${ORG}/claim`, `/organisations/${ORG}/claim`, { message: 'I am its director' });
    expect(sent.status).toBe(200);
    expect(sent.html).toContain('Request sent');

    const admin = browser();
    await admin.signIn('admin@example.org', PASSWORD);
    const claims = await admin.get('/operators/claims');
    expect(claims.html).toContain('I am its director');
    const claimId = /\/operators\/claims\/([0-9a-f]+)/.exec(claims.html)?.[1];
    expect((await admin.post(`/operators/claims/${claimId}`, { decision: 'approve' }, WebClient.csrfOf(claims.html))).status).toBe(303);

    const edit = await person.submit(`/organisations/${ORG}/edit`, `/organisations/${ORG}/edit`, {
      name: 'Acorn Care',
      openToPartnering: 'yes',
      staff: '40',
      annualTurnoverGbp: '£1,200,000',
      spareCapacity: 'some',
      doNotPartnerWith: 'GB-CHC-ACC-2',
      redLines: 'No payment by results',
      bidPlans: '',
    });
    expect([edit.status, edit.location]).toEqual([303, `/organisations/${ORG}?saved=1`]);
    const stored = await store.getOrganisation(ORG);
    expect(stored).toMatchObject({
      staff: 40,
      annualTurnoverGbp: 1_200_000,
      private: { doNotPartnerWith: ['GB-CHC-ACC-2'], redLines: ['No payment by results'] },
    });

    const log = await person.get(`/organisations/${ORG}/audit`);
    for (const text of ['claim.requested', 'claim.approved', 'membership.added', 'organisation.updated', 'private.doNotPartnerWith'])
      expect(log.html).toContain(text);
    expect(log.html).not.toContain('No payment by results'); // field names, never private values
  });

  it('when the edit form has errors, then the summary links to each field and nothing is saved', async () => {
    const { browser, store } = await app();
    const web = browser();
    await web.signIn('member@example.org', PASSWORD);
    const res = await web.submit(`/organisations/${ORG}/edit`, `/organisations/${ORG}/edit`, {
      name: '',
      openToPartnering: 'yes',
      staff: 'many',
      annualTurnoverGbp: '',
      spareCapacity: 'lots',
      doNotPartnerWith: 'not an id!',
      redLines: '',
      bidPlans: '',
    });
    expect(res.status).toBe(400);
    for (const field of ['name', 'staff', 'spareCapacity', 'doNotPartnerWith']) expect(res.html).toContain(`href="#${field}"`);
    expect((await store.getOrganisation(ORG))?.name).toBe('Acorn Care');
  });

  it('when an organisation is created through the API, then its creator becomes its member; a claim on it by another is decided once', async () => {
    const { callAs, adminToken, store } = await app();
    const creator = await tokenFor(store);
    const created = await callAs(creator, 'POST', '/v1/organisations', { id: 'GB-CHC-ACC-NEW', name: 'New One', kind: 'charity' });
    expect(created.status).toBe(201);
    expect((await callAs(creator, 'GET', '/v1/me')).body.organisationIds).toEqual(['GB-CHC-ACC-NEW']);
    const other = await tokenFor(store);
    expect((await callAs(other, 'PUT', '/v1/organisations/GB-CHC-ACC-NEW', { name: 'Taken over', kind: 'charity' })).status).toBe(403);
    const claim = await callAs(other, 'POST', '/v1/organisations/GB-CHC-ACC-NEW/claims', { message: 'me too' });
    expect(claim.status).toBe(201);
    const decisions = await Promise.all([
      callAs(adminToken, 'POST', `/v1/claims/${claim.body.id}/decision`, { decision: 'approve' }),
      callAs(adminToken, 'POST', `/v1/claims/${claim.body.id}/decision`, { decision: 'reject' }),
    ]);
    expect(decisions.map((r) => r.status).sort()).toEqual([200, 409]);
    const audit = await callAs(creator, 'GET', '/v1/organisations/GB-CHC-ACC-NEW/audit');
    expect(audit.body.items.map((e: { action: string }) => e.action)).toContain('organisation.created');
    expect((await callAs(other, 'GET', '/v1/organisations/GB-CHC-ACC-NEW/audit')).status).toBe(
      decisions.some((r) => r.body.status === 'approved') ? 200 : 403,
    );
  });
});
