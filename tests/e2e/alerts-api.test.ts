/**
 * Tender alerts over real HTTP on the embedded store: a member reads its digest entries (paged, newest first) and its
 * preferences, and saves them; bad preferences are a 400 naming the field; another organisation's member is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putEntries } from '../../src/alerts/ledger.ts';
import { webhookSecretOf } from '../../src/alerts/webhook-secret.ts';
import { listAudit } from '../../src/accounts/audit.ts';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.ts';
import { buildOrganisation } from '../builders.ts';
import { coreDeps, startTestServer, tokenFor } from './helpers.ts';

const store = new EmbeddedStore();
let api: Awaited<ReturnType<typeof startTestServer>>;
let member: string;
let stranger: string;

beforeAll(async () => {
  await store.upsertOrganisations([buildOrganisation({ id: 'GB-ALERTS-1' }), buildOrganisation({ id: 'GB-ALERTS-2' })]);
  api = await startTestServer(coreDeps(store));
  member = await tokenFor(store, { organisationIds: ['GB-ALERTS-1'] });
  stranger = await tokenFor(store, { organisationIds: ['GB-ALERTS-2'] });
  const entry = (tenderId: string, createdAt: string) => ({
    organisationId: 'GB-ALERTS-1',
    tenderId,
    tenderVersion: 'v1',
    title: `Notice ${tenderId}`,
    fit: 'alone' as const,
    reasons: ['You deliver 85311300 Welfare services for children and young people'],
    partners: [],
    createdAt,
  });
  await putEntries(store.records, [entry('T-1', '2026-12-01T00:00:00.000Z'), entry('T-2', '2026-12-02T00:00:00.000Z')]);
});
afterAll(async () => api.close());

describe('GET /v1/organisations/:id/alerts', () => {
  it('when a member asks, then its entries come newest first, paged, with the total', async () => {
    const res = await api.callAs(member, 'GET', '/v1/organisations/GB-ALERTS-1/alerts?limit=1');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 2, offset: 0, limit: 1, items: [{ tenderId: 'T-2', status: 'new', fit: 'alone' }] });
  });

  it("when another organisation's member or nobody asks, then it is refused; an unknown organisation is a 404", async () => {
    expect((await api.callAs(stranger, 'GET', '/v1/organisations/GB-ALERTS-1/alerts')).status).toBe(403);
    expect((await api.callAs(undefined, 'GET', '/v1/organisations/GB-ALERTS-1/alerts')).status).toBe(401);
    expect((await api.asAdmin('GET', '/v1/organisations/GB-NOBODY/alerts')).status).toBe(404);
    expect((await api.callAs(member, 'GET', '/v1/organisations/GB-ALERTS-1/alerts?limit=100000')).status).toBe(400);
  });
});

describe('/v1/organisations/:id/alert-preferences', () => {
  it('when never saved, then the defaults answer; a PUT saves the choice and GET reads it back', async () => {
    const before = await api.callAs(member, 'GET', '/v1/organisations/GB-ALERTS-1/alert-preferences');
    expect(before.body).toMatchObject({ organisationId: 'GB-ALERTS-1', frequency: 'weekly', vcseSuitableOnly: false });
    const body = {
      serviceCodes: ['85311300'],
      areaCodes: ['E08000001'],
      minimumValueGbp: 100000,
      vcseSuitableOnly: true,
      frequency: 'daily',
      email: 'bids@example.org',
    };
    const put = await api.callAs(member, 'PUT', '/v1/organisations/GB-ALERTS-1/alert-preferences', body);
    expect(put.status).toBe(200);
    const after = await api.callAs(member, 'GET', '/v1/organisations/GB-ALERTS-1/alert-preferences');
    expect(after.body).toMatchObject({ ...body, organisationId: 'GB-ALERTS-1' });
  });

  it('when the choice is bad, then a 400 names the field; a stranger may not save', async () => {
    const path = '/v1/organisations/GB-ALERTS-1/alert-preferences';
    for (const [body, field] of [
      [{ frequency: 'hourly' }, 'frequency'],
      [{ minimumValueGbp: -1 }, 'minimumValueGbp'],
      [{ serviceCodes: ['care'] }, 'serviceCodes.0'],
      [{ webhookUrl: 'javascript:alert(1)' }, 'webhookUrl'],
      // delivery would refuse these whatever DNS says: the member is told when saving, not never sent a digest
      [{ webhookUrl: 'http://127.0.0.1:8080/hook' }, 'loopback'],
      [{ webhookUrl: 'https://10.1.2.3/hook' }, 'private'],
      [{ webhookUrl: 'http://[::1]/hook' }, 'webhookUrl'],
      [{ webhookUrl: 'https://localhost/hook' }, 'this machine'],
      [{ email: 'not an address' }, 'email'],
      [{ serviceCodes: Array.from({ length: 501 }, () => '85311300') }, 'serviceCodes'],
    ] as const) {
      const res = await api.callAs(member, 'PUT', path, body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(JSON.stringify(res.body)).toContain(field);
    }
    expect((await api.callAs(member, 'PUT', path, { surprise: true })).status).toBe(400);
    expect((await api.callAs(stranger, 'PUT', path, { frequency: 'never' })).status).toBe(403);
  });

  it('when a webhook URL is first saved, then the answer carries the signing secret once; later saves do not, and each save is audited', async () => {
    const path = '/v1/organisations/GB-ALERTS-1/alert-preferences';
    const first = await api.callAs(member, 'PUT', path, { webhookUrl: 'https://hooks.example.org/tenders' });
    expect(first.status).toBe(200);
    expect((first.body as { webhookSecret?: string }).webhookSecret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect((first.body as { webhookSecret?: string }).webhookSecret).toBe(await webhookSecretOf(store.records, 'GB-ALERTS-1'));
    const second = await api.callAs(member, 'PUT', path, { webhookUrl: 'https://hooks.example.org/other' });
    expect(second.body).not.toHaveProperty('webhookSecret');
    const read = await api.callAs(member, 'GET', path);
    expect(read.body).not.toHaveProperty('webhookSecret');
    const log = await listAudit({ records: store.records }, 'GB-ALERTS-1', 0, 50);
    expect(log.items.map((e) => e.action)).toEqual(expect.arrayContaining(['alerts.preferences-saved', 'alerts.webhook-secret-created']));
    expect(log.items.filter((e) => e.action === 'alerts.webhook-secret-created')).toHaveLength(1);
  });
});

describe('POST /v1/organisations/:id/alert-preferences/webhook-secret', () => {
  const path = (id: string) => `/v1/organisations/${id}/alert-preferences/webhook-secret`;

  it('when a member asks, then a new secret is answered once and signs from then on; the old one no longer does', async () => {
    await api.callAs(member, 'PUT', '/v1/organisations/GB-ALERTS-1/alert-preferences', { webhookUrl: 'https://hooks.example.org/t' });
    const old = await webhookSecretOf(store.records, 'GB-ALERTS-1');
    expect(old).toBeDefined();
    const answer = await api.callAs(member, 'POST', path('GB-ALERTS-1'));
    expect(answer.status).toBe(201);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const fresh = (answer.body as { webhookSecret: string }).webhookSecret;
    expect(fresh).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(fresh).not.toBe(old);
    expect(await webhookSecretOf(store.records, 'GB-ALERTS-1')).toBe(fresh);
    const log = await listAudit({ records: store.records }, 'GB-ALERTS-1', 0, 50);
    expect(log.items.some((e) => e.action === 'alerts.webhook-secret-created' && e.summary.startsWith('replaced'))).toBe(true);
  });

  it('when no webhook URL is saved, then a 400 names webhookUrl; strangers and unknown organisations are refused', async () => {
    const other = await tokenFor(store, { organisationIds: ['GB-ALERTS-2'] });
    const none = await api.callAs(other, 'POST', path('GB-ALERTS-2'));
    expect(none.status).toBe(400);
    expect(JSON.stringify(none.body)).toContain('webhookUrl');
    expect(await webhookSecretOf(store.records, 'GB-ALERTS-2')).toBeUndefined();
    expect((await api.callAs(stranger, 'POST', path('GB-ALERTS-1'))).status).toBe(403);
    expect((await api.callAs(undefined, 'POST', path('GB-ALERTS-1'))).status).toBe(401);
  });
});
