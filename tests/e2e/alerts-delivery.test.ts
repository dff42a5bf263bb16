/**
 * The delivery job and the one-click unsubscribe end to end: the real ledger and preferences over the embedded
 * store's records, a real SMTP server in process, a local HTTP receiver (loopback allowed only by the setting), and
 * the web app over HTTP for the unsubscribe link a mail client would POST.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smtpEmailSender } from '../../src/alerts/deliver-email.ts';
import { deliverDigests, deliveryDeps, type DeliveryDeps } from '../../src/alerts/deliver.ts';
import { deliveryStateOf } from '../../src/alerts/delivery-state.ts';
import { listEntries, putEntries, type NewDigestEntry } from '../../src/alerts/ledger.ts';
import { getPreferences, putPreferences } from '../../src/alerts/preferences.ts';
import { unsubscribeKeyOf } from '../../src/alerts/unsubscribe.ts';
import { newWebhookSecret } from '../../src/alerts/webhook-secret.ts';
import { listAudit } from '../../src/accounts/audit.ts';
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
import { startHookServer, startSmtp } from '../support/alerts-servers.ts';
import { WebClient } from '../support/web-client.ts';
import { coreDeps, tokenFor } from './helpers.ts';

const ORG = 'GB-CHC-ALERT-1';
const store = new EmbeddedStore();
let now = new Date('2026-06-01T06:00:00Z');
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let hook: Awaited<ReturnType<typeof startHookServer>>;
let hookStatus = 204;
let server: WebServer;
let queue: InProcessQueue;
let deps: DeliveryDeps;

function entry(tenderId: string, createdAt: string): NewDigestEntry {
  return {
    organisationId: ORG,
    tenderId,
    tenderVersion: 'v1',
    title: `Tender ${tenderId}`,
    buyer: 'Devon County Council',
    valueGbp: 250_000,
    fit: 'with-partners',
    reasons: ['Asks for 85311100 Welfare services for the elderly, which you deliver'],
    partners: [{ id: 'GB-CHC-ALERT-2', name: 'Partner Two', reason: 'Covers 85312000 Day-care services, which you do not' }],
    createdAt,
  };
}

beforeAll(async () => {
  const base = coreDeps(store);
  await store.upsertOrganisations([
    buildOrganisation({ id: ORG, name: 'Alert Member Org', services: ['85311100'], areas: ['E07000041'] }),
    buildOrganisation({ id: 'GB-CHC-ALERT-2', name: 'Partner Two', services: ['85312000'], areas: ['E07000041'] }),
  ]);
  smtp = await startSmtp();
  hook = await startHookServer(() => hookStatus);
  const config = {
    smtpUrl: smtp.url,
    from: 'Consortia alerts <alerts@consortia.example>',
    publicUrl: 'http://127.0.0.1:1',
    webhookAllowPrivate: true,
  };
  const scores = new EmbeddedPartnerScores();
  queue = new InProcessQueue(
    refreshHandlers({
      ...base,
      scores,
      source: storeOrganisationSource(store),
      settings: refreshSettings({ REFRESH_TOP_K: 5, REFRESH_SHARD_SIZE: 10 }),
    }),
    { concurrency: 1 },
  );
  const slices = apiSlices(base, { slice: refreshSlice(base, queue, scores), queue, scores });
  server = await startWebServer({ ...base, slices }, { host: '127.0.0.1', port: 0 });
  config.publicUrl = server.url;
  deps = deliveryDeps(
    {
      records: store.records,
      now: () => now,
      logger: pino({ level: 'silent' }),
      config,
      email: smtpEmailSender(smtp.url, config.from),
      unsubscribeKey: await unsubscribeKeyOf(base),
    },
    async (id) => (await store.getOrganisations([id]))[0]?.name,
  );
  await putPreferences(
    store.records,
    ORG,
    { frequency: 'daily', vcseSuitableOnly: false, email: 'bids@member.example', webhookUrl: hook.url },
    now.toISOString(),
  );
  await newWebhookSecret(store.records, ORG, now);
});

afterAll(async () => {
  deps?.email?.close();
  await server?.close();
  await queue?.close();
  await hook?.close();
  await smtp?.close();
});

describe('the delivery job', () => {
  it('when entries are pending and a digest is due, then each channel gets one digest and the entries are marked delivered by it', async () => {
    await putEntries(store.records, [entry('T-1', '2026-06-01T05:00:00Z'), entry('T-2', '2026-06-01T05:01:00Z')]);
    const report = await deliverDigests(deps);
    expect(report.sent).toEqual({ email: 1, webhook: 1 });
    expect(report.entries).toEqual({ email: 2, webhook: 2 });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0].subject).toBe('2 tenders for Alert Member Org');
    expect(hook.calls).toHaveLength(1);
    const body = JSON.parse(hook.calls[0].body);
    expect(body.entries.map((e: { tenderId: string }) => e.tenderId).sort()).toEqual(['T-1', 'T-2']);
    expect(hook.calls[0].headers['idempotency-key']).toBe(body.id);
    const { items } = await listEntries(store.records, ORG, 0, 10);
    for (const e of items) expect(e.deliveredAt).toMatchObject({ email: now.toISOString(), webhook: now.toISOString() });

    // a second run the same day: nothing pending, nothing due
    const again = await deliverDigests(deps);
    expect(again.sent).toEqual({ email: 0, webhook: 0 });
    expect(smtp.received).toHaveLength(1);
  });

  it('when the worker dies after sending but before the ledger records it, then the next run sends the same digest again, recognisably, and loses nothing', async () => {
    now = new Date('2026-06-02T06:00:00Z');
    await putEntries(store.records, [entry('T-3', '2026-06-02T05:00:00Z')]);
    const crashing: DeliveryDeps = {
      ...deps,
      ledger: {
        ...deps.ledger,
        markDelivered: async () => {
          throw new Error('worker killed');
        },
      },
    };
    await expect(deliverDigests(crashing)).rejects.toThrow('worker killed');
    expect(smtp.received).toHaveLength(2);
    const first = smtp.received[1];
    expect((await listEntries(store.records, ORG, 0, 10)).items.find((e) => e.tenderId === 'T-3')?.deliveredAt).toBeUndefined();

    const report = await deliverDigests(deps);
    expect(report.sent.email).toBe(1);
    const resent = smtp.received.at(-1)!;
    expect(resent.messageId).toBe(first.messageId);
    expect(resent.subject).toBe('1 tender for Alert Member Org');
    const t3 = (await listEntries(store.records, ORG, 0, 10)).items.find((e) => e.tenderId === 'T-3');
    expect(t3?.deliveredAt?.email).toBe(now.toISOString());
    expect(t3?.deliveredAt?.webhook).toBe(now.toISOString());
  });

  it('when the webhook fails, then its entries stay pending, it waits, and a later run delivers them under the same key', async () => {
    now = new Date('2026-06-03T06:00:00Z');
    await putEntries(store.records, [entry('T-4', '2026-06-03T05:00:00Z')]);
    hookStatus = 500;
    const calls = hook.calls.length;
    const failed = await deliverDigests(deps);
    expect(failed.failed.webhook).toBe(1);
    expect(failed.sent.email).toBe(1);
    const key = hook.calls.at(-1)!.headers['idempotency-key'];
    expect((await listEntries(store.records, ORG, 0, 10)).items.find((e) => e.tenderId === 'T-4')?.deliveredAt?.webhook).toBeUndefined();
    expect((await deliveryStateOf(store.records, ORG)).webhook).toMatchObject({ failures: 1, lastError: 'answered 500' });

    now = new Date('2026-06-03T06:05:00Z'); // within the 15-minute wait: not tried
    await deliverDigests(deps);
    expect(hook.calls.length).toBe(calls + 1);

    hookStatus = 204;
    now = new Date('2026-06-03T06:20:00Z');
    const ok = await deliverDigests(deps);
    expect(ok.sent.webhook).toBe(1);
    expect(hook.calls.at(-1)!.headers['idempotency-key']).toBe(key);
    expect((await listEntries(store.records, ORG, 0, 10)).items.find((e) => e.tenderId === 'T-4')?.deliveredAt?.webhook).toBe(
      now.toISOString(),
    );
  });
});

describe('one-click unsubscribe', () => {
  const linkOf = (mailText: string) => /Unsubscribe: (\S+)/.exec(mailText)![1];

  it('when a mail client POSTs the List-Unsubscribe link without cookies or CSRF token, then alerts stop, it is audited, and no more are sent', async () => {
    const mail = smtp.received.at(-1)!;
    const header = mail.headerLines.find((h) => h.key === 'list-unsubscribe')!.line;
    const url = /<([^>]+)>/.exec(header)![1];
    expect(url).toBe(linkOf(mail.text!));

    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Stop tender alerts');

    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Tender alerts stopped for Alert Member Org');
    expect((await getPreferences(store.records, ORG)).unsubscribedAt).toBeDefined();
    const log = await listAudit({ records: store.records }, ORG, 0, 5);
    expect(log.items[0]).toMatchObject({ action: 'alerts.unsubscribed', actor: 'anonymous', target: { type: 'alerts', id: 'email' } });

    // a second click is harmless and says so
    const twice = await fetch(url, {
      method: 'POST',
      body: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(twice.status).toBe(200);
    expect(await twice.text()).toContain('already stopped');

    now = new Date('2026-06-05T06:00:00Z');
    await putEntries(store.records, [entry('T-5', '2026-06-05T05:00:00Z')]);
    const mails = smtp.received.length;
    const report = await deliverDigests(deps);
    expect(report.sent).toEqual({ email: 0, webhook: 0 });
    expect(smtp.received.length).toBe(mails);
  });

  it('when a token is forged or malformed, then the answer is a 404 page, not a 500, and nothing changes', async () => {
    const url = linkOf(smtp.received.at(-1)!.text!);
    const [payload] = url.split('/').at(-1)!.split('.');
    for (const bad of [`${payload}.AAAA`, 'garbage', 'x'.repeat(2000)]) {
      for (const method of ['GET', 'POST']) {
        const res = await fetch(`${server.url}/alerts/unsubscribe/${bad}`, { method });
        expect(res.status, `${method} ${bad.slice(0, 20)}`).toBe(404);
        expect(await res.text()).toContain('<html');
      }
    }
  });

  it('when a member opens "Tenders for you", then the entries are listed with fit, reasons and partners linking to their profiles', async () => {
    const token = await tokenFor(store, { organisationIds: [ORG] });
    const res = await fetch(`${server.url}/organisations/${ORG}/alerts`, { headers: { authorization: `Bearer ${token}` } });
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('Tender T-5');
    expect(html).toContain('With partners');
    expect(html).toContain('Covers 85312000 Day-care services, which you do not');
    expect(html).toContain('href="/organisations/GB-CHC-ALERT-2"');
    expect(html).toContain('Alert emails and webhooks were stopped');
    const anonymous = new WebClient(server.url);
    expect((await anonymous.get(`/organisations/${ORG}/alerts`)).status).toBe(303);
    const outsider = await tokenFor(store, {});
    expect((await fetch(`${server.url}/organisations/${ORG}/alerts`, { headers: { authorization: `Bearer ${outsider}` } })).status).toBe(
      403,
    );
  });
});
