/**
 * The alert preferences page over real HTTP (a session, CSRF tokens, url-encoded forms) on the embedded store: the
 * add and remove buttons, every field's error linked from the summary with the values kept, saving by the API's use
 * case (audit entry, a one-click unsubscribe cleared), and the webhook signing secret shown once — the very secret the
 * delivery job then signs with, checked by a local receiver.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverDigests, deliveryDeps } from '../../src/alerts/deliver.ts';
import { webhookSignature } from '../../src/alerts/deliver-webhook.ts';
import { putEntries } from '../../src/alerts/ledger.ts';
import { getPreferences, putPreferences, unsubscribe } from '../../src/alerts/preferences.ts';
import { unsubscribeKeyOf } from '../../src/alerts/unsubscribe.ts';
import { webhookSecretOf } from '../../src/alerts/webhook-secret.ts';
import { listAudit } from '../../src/accounts/audit.ts';
import { createAccount } from '../../src/accounts/accounts.ts';
import { apiSlices } from '../../src/features.ts';
import { InProcessQueue } from '../../src/queue/inprocess-queue.ts';
import { EmbeddedPartnerScores } from '../../src/refresh/embedded-partner-scores.ts';
import { refreshHandlers } from '../../src/refresh/jobs.ts';
import { refreshSlice } from '../../src/refresh/routes.ts';
import { refreshSettings } from '../../src/refresh/settings.ts';
import { storeOrganisationSource } from '../../src/refresh/snapshot.ts';
import { startWebServer, type WebServer } from '../../src/server.ts';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.ts';
import { buildOrganisation } from '../builders.ts';
import { startHookServer } from '../support/alerts-servers.ts';
import { WebClient } from '../support/web-client.ts';
import { coreDeps, tokenFor } from './helpers.ts';

const ORG = 'GB-CHC-PREFS-1';
const PAGE = `/organisations/${ORG}/alerts/preferences`;
const MEMBER = { email: 'prefs-member@example.org', password: 'a member password 123' };
const store = new EmbeddedStore();
// a clock that moves a second a call, so audit entries (newest first) have an order
let tick = 0;
const base = { ...coreDeps(store), now: () => new Date(Date.parse('2026-06-01T00:00:00Z') + ++tick * 1000) };
let server: WebServer;
let queue: InProcessQueue;
let hook: Awaited<ReturnType<typeof startHookServer>>;
let web: WebClient;

const valid = (extra: Record<string, string | string[]> = {}) => ({
  services: 'chosen',
  service: ['85311300'],
  places: 'own',
  minimumValueGbp: '100k',
  frequency: 'daily',
  email: 'Bids@Member.example',
  webhookUrl: '',
  action: 'save',
  ...extra,
});

const errorLinks = (html: string) => [...html.matchAll(/<a href="#([^"]+)">/g)].map((m) => m[1]);
const secretOn = (html: string) => /<code id="webhook-secret">(whsec_[A-Za-z0-9_-]+)<\/code>/.exec(html)?.[1];

beforeAll(async () => {
  await store.upsertOrganisations([
    buildOrganisation({ id: ORG, name: 'Prefs Member Org', services: ['85311100', '85312310'], areas: ['E07000041'] }),
    buildOrganisation({ id: 'GB-CHC-PREFS-2', name: 'Other Org' }),
  ]);
  await createAccount(
    { records: store.records, now: () => new Date() },
    { ...MEMBER, name: 'Pat Member', organisationIds: [ORG] },
    'system',
  );
  const scores = new EmbeddedPartnerScores();
  queue = new InProcessQueue(refreshHandlers({ ...base, scores, source: storeOrganisationSource(store), settings: refreshSettings({}) }), {
    concurrency: 1,
  });
  server = await startWebServer(
    // the hook server listens on 127.0.0.1, as ALERTS_WEBHOOK_ALLOW_PRIVATE lets a deployment's webhooks do
    { ...base, slices: apiSlices(base, { slice: refreshSlice(base, queue, scores), queue, scores }, { webhookAllowPrivate: true }) },
    { host: '127.0.0.1', port: 0 },
  );
  hook = await startHookServer();
  web = new WebClient(server.url);
  await web.signIn(MEMBER.email, MEMBER.password);
});

afterAll(async () => {
  await server?.close();
  await queue?.close();
  await hook?.close();
});

describe('the alert preferences page', () => {
  it('when never saved, then it shows the defaults, the organisation’s own services and places, and is linked from "Tenders for you"', async () => {
    const alerts = await web.get(`/organisations/${ORG}/alerts`);
    expect(alerts.html).toContain(`href="${PAGE}"`);
    const page = await web.get(PAGE);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Nobody has chosen yet');
    expect(page.html).toMatch(/id="services" name="services" type="radio" value="own" checked/);
    expect(page.html).toMatch(/id="frequency-2" name="frequency" type="radio" value="weekly" checked/);
    expect(page.html).toContain('85311100 Welfare services for the elderly; 85312310 Guidance services');
    expect(page.html).toContain('Exeter, local authority in Devon (E07000041)');
    expect(page.html).not.toContain('Create a new signing secret'); // no webhook URL saved yet
  });

  it('when a service is added by name and another removed, then the page lists them and nothing is saved', async () => {
    const page = await web.get(PAGE);
    const csrf = WebClient.csrfOf(page.html);
    const added = await web.post(
      PAGE,
      { services: 'own', places: 'own', frequency: 'weekly', addService: 'welfare services for children', action: 'add-service' },
      csrf,
    );
    expect(added.status).toBe(200);
    expect(added.html).toContain('<input type="hidden" name="service" value="85311300">');
    expect(added.html).toMatch(/id="services-2" name="services" type="radio" value="chosen" checked/); // adding is choosing
    const removed = await web.post(
      PAGE,
      { services: 'chosen', service: ['85311300', '85312310'], frequency: 'weekly', action: 'remove-service:85312310' },
      csrf,
    );
    expect(removed.html).toContain('value="85311300"');
    expect(removed.html).not.toContain('name="service" value="85312310"');
    const unknown = await web.post(PAGE, { services: 'own', frequency: 'weekly', addArea: 'nowhere at all', action: 'add-area' }, csrf);
    expect(unknown.status).toBe(400);
    expect(errorLinks(unknown.html)).toEqual(['addArea']);
    expect(unknown.html).toContain('value="nowhere at all"'); // what was typed is kept
    expect((await getPreferences(store.records, ORG)).updatedAt).toBe('1970-01-01T00:00:00.000Z');
  });

  it('when every field is wrong, then the summary names each in page order, links to it, keeps the values, and nothing is saved', async () => {
    const page = await web.get(PAGE);
    const res = await web.post(
      PAGE,
      {
        services: 'chosen',
        places: 'chosen',
        area: ['E99999999'],
        minimumValueGbp: 'lots',
        frequency: 'hourly',
        email: 'not an address',
        webhookUrl: 'javascript:alert(1)',
        action: 'save',
      },
      WebClient.csrfOf(page.html),
    );
    expect(res.status).toBe(400);
    expect(res.html).toContain('<title>Error: Alert preferences for Prefs Member Org');
    expect(errorLinks(res.html)).toEqual(['addService', 'addArea', 'minimumValueGbp', 'frequency', 'email', 'webhookUrl']);
    for (const text of [
      'Add at least one service, or choose your organisation’s own services',
      'E99999999 is not an area code we know',
      'Enter the minimum value in pounds',
      'Select how often to send the digest',
      'Enter an email address in the correct format, like name@example.org',
      'Enter a webhook URL that starts with https:// or http://',
    ])
      expect(res.html).toContain(text);
    expect(res.html).toContain('value="lots"');
    expect(res.html).toContain('value="not an address"');
    expect(res.html).toContain('value="javascript:alert(1)"');
    expect((await getPreferences(store.records, ORG)).updatedAt).toBe('1970-01-01T00:00:00.000Z');
  });

  it('when saved without a webhook, then the choice is stored as the API would, audited by field name, and shown with a banner', async () => {
    const page = await web.get(PAGE);
    const res = await web.post(PAGE, valid({ vcseSuitableOnly: 'yes' }), WebClient.csrfOf(page.html));
    expect(res.status).toBe(303);
    expect(res.location).toBe(`${PAGE}?saved=1`);
    expect(await getPreferences(store.records, ORG)).toMatchObject({
      serviceCodes: ['85311300'],
      minimumValueGbp: 100_000,
      vcseSuitableOnly: true,
      frequency: 'daily',
      email: 'bids@member.example', // the API's schema lower-cases it
    });
    expect((await getPreferences(store.records, ORG)).areaCodes).toBeUndefined(); // "own" is no list
    const shown = await web.get(res.location!);
    expect(shown.html).toContain('Your alert preferences were saved.');
    expect(shown.html).toContain('value="100000"');
    expect(shown.html).toMatch(/name="vcseSuitableOnly" type="checkbox" value="yes" checked/);
    const [entry] = (await listAudit({ records: store.records }, ORG, 0, 1)).items;
    expect(entry).toMatchObject({ action: 'alerts.preferences-saved', target: { type: 'alert-preferences', id: ORG } });
    expect(entry.summary).toBe('changed serviceCodes, minimumValueGbp, vcseSuitableOnly, frequency, email');
    expect(entry.summary).not.toContain('member.example');
  });

  it('when a webhook URL is first saved, then the secret is shown once, no-store; later views say only when it was made', async () => {
    const page = await web.get(PAGE);
    const res = await web.post(PAGE, valid({ webhookUrl: hook.url }), WebClient.csrfOf(page.html));
    expect(res.status).toBe(200);
    const secret = secretOn(res.html);
    expect(secret).toBeDefined();
    expect(secret).toBe(await webhookSecretOf(store.records, ORG));
    expect(res.html).toContain('X-Consortia-Signature: sha256=&lt;hex&gt;');
    expect(res.html).toContain('Your alert preferences were saved.');
    const audit = (await listAudit({ records: store.records }, ORG, 0, 2)).items.map((e) => e.action);
    expect(audit).toEqual(['alerts.webhook-secret-created', 'alerts.preferences-saved']);

    const later = await web.get(PAGE);
    expect(later.html).not.toContain(secret!);
    expect(later.html).toContain('A signing secret is set: it was created on');
    expect(later.html).toContain('Create a new signing secret');
    // saving again keeps the secret, and does not show it
    const again = await web.post(PAGE, valid({ webhookUrl: hook.url }), WebClient.csrfOf(later.html));
    expect(again.status).toBe(303);
    expect(await webhookSecretOf(store.records, ORG)).toBe(secret);

    // the delivery job signs with exactly the secret the member was shown
    await putEntries(store.records, [
      {
        organisationId: ORG,
        tenderId: 'T-PREFS-1',
        tenderVersion: 'v1',
        title: 'Children’s welfare in Exeter',
        fit: 'alone',
        reasons: ['Asks for 85311300, which you deliver'],
        partners: [],
        createdAt: '2026-06-01T00:00:00.000Z',
      },
    ]);
    const report = await deliverDigests(
      deliveryDeps(
        {
          records: store.records,
          now: () => new Date('2026-06-01T06:00:00Z'),
          logger: pino({ level: 'silent' }),
          config: { publicUrl: server.url, from: 'alerts@consortia.example', webhookAllowPrivate: true },
          unsubscribeKey: await unsubscribeKeyOf(base),
        },
        async (id) => (await store.getOrganisations([id]))[0]?.name,
      ),
    );
    expect(report.sent.webhook).toBe(1);
    const call = hook.calls.at(-1)!;
    expect(call.headers['x-consortia-signature']).toBe(webhookSignature(secret!, call.body));
  });

  it('when a member asks for a new signing secret, then it replaces the old one, is shown once and audited', async () => {
    const old = await webhookSecretOf(store.records, ORG);
    const page = await web.get(PAGE);
    const res = await web.post(`${PAGE}/webhook-secret`, {}, WebClient.csrfOf(page.html));
    expect(res.status).toBe(200);
    const secret = secretOn(res.html);
    expect(secret).toBe(await webhookSecretOf(store.records, ORG));
    expect(secret).not.toBe(old);
    const [entry] = (await listAudit({ records: store.records }, ORG, 0, 1)).items;
    expect(entry).toMatchObject({ action: 'alerts.webhook-secret-created' });
    expect(entry.summary).toContain('replaced');
    expect((await web.get(PAGE)).html).not.toContain(secret!);
    // without the CSRF token: refused, and the secret stays
    expect((await web.post(`${PAGE}/webhook-secret`, {}, null)).status).toBe(403);
    expect(await webhookSecretOf(store.records, ORG)).toBe(secret);
  });

  it('when empty lists were saved through the API, then the page says no tender reaches the organisation until one is added', async () => {
    await putPreferences(
      store.records,
      ORG,
      { serviceCodes: [], areaCodes: [], vcseSuitableOnly: false, frequency: 'weekly' },
      '2026-06-02T09:00:00.000Z',
    );
    const page = await web.get(PAGE);
    expect(page.html).toContain('No services chosen yet: no tender reaches you until you add one.');
    expect(page.html).toContain('No places chosen yet: no tender reaches you until you add one.');
    await putPreferences(store.records, ORG, { vcseSuitableOnly: false, frequency: 'weekly' }, '2026-06-02T09:01:00.000Z');
    const own = await web.get(PAGE);
    expect(own.html).not.toContain('No services chosen yet');
    expect(own.html).not.toContain('No places chosen yet');
  });

  it('when alerts were stopped by the unsubscribe link, then the page says when, and saving turns them on again', async () => {
    await unsubscribe(store.records, ORG, '2026-06-03T10:00:00.000Z');
    const page = await web.get(PAGE);
    expect(page.html).toContain('Alerts stopped on 3 June 2026 by the unsubscribe link');
    const res = await web.post(PAGE, valid({ webhookUrl: hook.url }), WebClient.csrfOf(page.html));
    expect(res.location).toBe(`${PAGE}?saved=again`);
    expect((await web.get(res.location!)).html).toContain('alerts are on again');
    expect((await getPreferences(store.records, ORG)).unsubscribedAt).toBeUndefined();
    const [entry] = (await listAudit({ records: store.records }, ORG, 0, 1)).items;
    expect(entry.summary).toContain('alerts on again after a one-click unsubscribe');
  });

  it('when an organisation has no webhook URL, then asking for a secret is a 400 linked to the URL field, and none is made', async () => {
    const other = new WebClient(server.url);
    await createAccount(
      { records: store.records, now: () => new Date() },
      { email: 'other-prefs@example.org', password: 'another password 12', name: 'Olu', organisationIds: ['GB-CHC-PREFS-2'] },
      'system',
    );
    await other.signIn('other-prefs@example.org', 'another password 12');
    const page = await other.get('/organisations/GB-CHC-PREFS-2/alerts/preferences');
    const res = await other.post('/organisations/GB-CHC-PREFS-2/alerts/preferences/webhook-secret', {}, WebClient.csrfOf(page.html));
    expect(res.status).toBe(400);
    expect(errorLinks(res.html)).toEqual(['webhookUrl']);
    expect(await webhookSecretOf(store.records, 'GB-CHC-PREFS-2')).toBeUndefined();
    // and another organisation's member may neither read nor change ORG's preferences
    expect((await other.get(PAGE)).status).toBe(403);
    expect((await other.post(PAGE, valid(), WebClient.csrfOf(page.html))).status).toBe(403);
  });

  it('when a caller may read but not write, then the page opens but saving is refused; anonymous callers are sent to sign in', async () => {
    const reader = await tokenFor(store, { organisationIds: [ORG], scopes: ['read'] });
    const headers = { authorization: `Bearer ${reader}` };
    const get = await fetch(server.url + PAGE, { headers });
    expect(get.status).toBe(200);
    expect(await get.text()).toContain('You may read these preferences');
    const post = await fetch(server.url + PAGE, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(valid()).toString(),
    });
    expect(post.status).toBe(403);
    const anonymous = await new WebClient(server.url).get(PAGE);
    expect(anonymous.status).toBe(303);
    expect(anonymous.location).toBe(`/sign-in?next=${encodeURIComponent(PAGE)}`);
  });

  it('when webhooks may not reach private addresses (the default), then a localhost or private URL is a 400 on the field, kept in its box, and nothing is saved', async () => {
    const scores = new EmbeddedPartnerScores();
    const strict = await startWebServer(
      { ...base, slices: apiSlices(base, { slice: refreshSlice(base, queue, scores), queue, scores }) },
      { host: '127.0.0.1', port: 0 },
    );
    try {
      const client = new WebClient(strict.url);
      await client.signIn(MEMBER.email, MEMBER.password);
      const before = await getPreferences(store.records, ORG);
      for (const [url, why] of [
        ['http://localhost:8080/hook', 'localhost is this machine, not a public address'],
        ['https://192.168.1.20/hook', '192.168.1.20 is a private address, not a public one'],
      ]) {
        const page = await client.get(PAGE);
        const res = await client.post(PAGE, valid({ webhookUrl: url }), WebClient.csrfOf(page.html));
        expect(res.status).toBe(400);
        expect(errorLinks(res.html)).toEqual(['webhookUrl']);
        expect(res.html).toContain(`Enter a webhook URL on the public internet: ${why}`);
        expect(res.html).toContain(`value="${url}"`);
      }
      expect(await getPreferences(store.records, ORG)).toEqual(before);
    } finally {
      await strict.close();
    }
  });
});
