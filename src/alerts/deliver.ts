/**
 * The delivery job: every organisation with entries not yet delivered by email or webhook gets, when a digest is due
 * by its frequency, one digest per configured channel, and the ledger marks those entries delivered by that channel
 * only after the channel took them. The story per organisation and channel:
 *   read preferences → skip when 'never', unsubscribed or not configured → due? (delivery-state.ts) →
 *   the oldest pending entries (at most entriesPerDigest) → send → markDelivered → record the success or failure.
 *
 * At-least-once, never lost: a worker killed between sending and markDelivered leaves the entries pending and the
 * channel's state unchanged, so the next run sends the same entries again, under the same digest id (the same email
 * Message-ID, the same webhook Idempotency-Key: digest-id.ts). No entry is marked delivered unsent: markDelivered
 * runs only after a success, for exactly the entries sent. A failure waits (doubling) and is retried by later runs.
 */
import type { Logger } from 'pino';
import type { RecordStore } from '../store/records.ts';
import { ALERT_DELIVERY_DEFAULTS, type AlertDeliveryConfig } from './delivery-settings.ts';
import { deliveryStateOf, isDue, PUSH_CHANNELS, recordFailure, recordSuccess, type PushChannel } from './delivery-state.ts';
import { digestId } from './digest-id.ts';
import type { EmailSender } from './deliver-email.ts';
import { postWebhook, SIGNATURE_HEADER, webhookSignature } from './deliver-webhook.ts';
import { renderDigestEmail } from './render-email.ts';
import type { AlertPreferences, Digest, DigestEntry } from './types.ts';
import { markDelivered, organisationsWithPending, pendingEntries } from './ledger.ts';
import { getPreferences } from './preferences.ts';
import { addressDigest, signUnsubscribeToken } from './unsubscribe-token.ts';
import { webhookSecretOf } from './webhook-secret.ts';

/** What delivery needs of the ledger (src/alerts/ledger.ts). */
export interface DeliveryLedger {
  /** organisations with at least one entry not delivered by this channel */
  organisationsWithPending(channel: PushChannel, limit: number): Promise<string[]>;
  pendingEntries(organisationId: string, channel: PushChannel): Promise<DigestEntry[]>;
  markDelivered(organisationId: string, entries: readonly DigestEntry[], channel: PushChannel, at: Date): Promise<void>;
}

/** The ledger over the store's records (src/alerts/ledger.ts). */
export function recordLedger(records: RecordStore): DeliveryLedger {
  return {
    organisationsWithPending: async (channel, limit) => (await organisationsWithPending(records, channel, 0, limit)).items,
    pendingEntries: (organisationId, channel) => pendingEntries(records, organisationId, channel),
    markDelivered: async (organisationId, entries, channel, at) => {
      const ids = entries.map((e) => (e as DigestEntry & { id?: string }).id).filter((id): id is string => id !== undefined);
      await markDelivered(records, organisationId, ids, channel, at.toISOString());
    },
  };
}

/** What deliverDigests needs beyond the store: wiring of the ledger, preferences and names from a Store. */
export function deliveryDeps(
  base: Pick<DeliveryDeps, 'records' | 'now' | 'logger' | 'config' | 'email' | 'unsubscribeKey'>,
  organisationName: (id: string) => Promise<string | undefined>,
): DeliveryDeps {
  return {
    ...base,
    ledger: recordLedger(base.records),
    preferencesOf: (id) => getPreferences(base.records, id),
    organisationName,
  };
}

export interface DeliveryDeps {
  records: RecordStore;
  now: () => Date;
  logger: Logger;
  ledger: DeliveryLedger;
  preferencesOf(organisationId: string): Promise<AlertPreferences | undefined>;
  organisationName(organisationId: string): Promise<string | undefined>;
  config: AlertDeliveryConfig;
  /** undefined when SMTP_URL is not set: email is off */
  email?: EmailSender;
  /** signs unsubscribe links (unsubscribe-token.ts: unsubscribeKey) */
  unsubscribeKey: Buffer;
}

export interface DeliveryReport {
  organisations: number;
  sent: Record<PushChannel, number>;
  failed: Record<PushChannel, number>;
  entries: Record<PushChannel, number>;
}

/** The one-click unsubscribe address for a channel of an organisation. */
export function unsubscribeUrl(
  deps: Pick<DeliveryDeps, 'config' | 'unsubscribeKey'>,
  prefs: AlertPreferences,
  channel: PushChannel,
): string {
  const token = signUnsubscribeToken(deps.unsubscribeKey, {
    organisationId: prefs.organisationId,
    scope: channel,
    ...(channel === 'email' && prefs.email ? { address: addressDigest(prefs.email) } : {}),
  });
  return `${deps.config.publicUrl}/alerts/unsubscribe/${token}`;
}

/** The oldest pending entries first (then by notice), at most `limit`. */
export function oldestFirst(entries: readonly DigestEntry[], limit: number): DigestEntry[] {
  return [...entries]
    .sort(
      (a, b) =>
        a.createdAt.localeCompare(b.createdAt) || a.tenderId.localeCompare(b.tenderId) || a.tenderVersion.localeCompare(b.tenderVersion),
    )
    .slice(0, limit);
}

/** The webhook body: the digest, its id and the unsubscribe link, cut to fewer entries until it fits the size bound. */
export function webhookBody(digest: Digest, unsubscribe: string, maxBytes: number): { id: string; body: string; entries: DigestEntry[] } {
  let entries = digest.entries;
  for (;;) {
    const id = digestId(digest.organisationId, 'webhook', entries);
    const body = JSON.stringify({ id, ...digest, entries, unsubscribeUrl: unsubscribe });
    if (Buffer.byteLength(body) <= maxBytes || entries.length <= 1) return { id, body, entries };
    entries = entries.slice(0, Math.max(1, Math.floor(entries.length / 2)));
  }
}

type Outcome = { ok: true; entries: DigestEntry[] } | { ok: false; reason: string };

async function sendBy(deps: DeliveryDeps, channel: PushChannel, prefs: AlertPreferences, digest: Digest): Promise<Outcome> {
  if (channel === 'email') {
    const url = unsubscribeUrl(deps, prefs, 'email');
    const rendered = renderDigestEmail(digest, { publicUrl: deps.config.publicUrl, unsubscribeUrl: url });
    const result = await deps.email!.send({
      ...rendered,
      to: prefs.email!,
      digestId: digestId(digest.organisationId, 'email', digest.entries),
      unsubscribeUrl: url,
    });
    return result.ok ? { ok: true, entries: digest.entries } : result;
  }
  const secret = await webhookSecretOf(deps.records, digest.organisationId);
  if (!secret) return { ok: false, reason: 'the organisation has no webhook secret: save the alert preferences again to make one' };
  const { id, body, entries } = webhookBody(digest, unsubscribeUrl(deps, prefs, 'webhook'), ALERT_DELIVERY_DEFAULTS.webhookMaxBodyBytes);
  const result = await postWebhook(
    prefs.webhookUrl!,
    body,
    { [SIGNATURE_HEADER]: webhookSignature(secret, body), 'Idempotency-Key': id, 'User-Agent': 'Consortia-Alerts/1' },
    { allowPrivate: deps.config.webhookAllowPrivate },
  );
  return result.ok ? { ok: true, entries } : { ok: false, reason: result.reason };
}

function configured(deps: DeliveryDeps, channel: PushChannel, prefs: AlertPreferences): boolean {
  return channel === 'email' ? prefs.email !== undefined && deps.email !== undefined : prefs.webhookUrl !== undefined;
}

/** Delivers what is due to one organisation; returns per channel whether a digest went, failed or was not due. */
export async function deliverTo(deps: DeliveryDeps, organisationId: string, report: DeliveryReport): Promise<void> {
  const prefs = await deps.preferencesOf(organisationId);
  if (!prefs || prefs.unsubscribedAt || prefs.frequency === 'never') return;
  const state = await deliveryStateOf(deps.records, organisationId);
  const name = (await deps.organisationName(organisationId)) ?? organisationId;
  for (const channel of PUSH_CHANNELS) {
    const now = deps.now();
    if (!configured(deps, channel, prefs) || !isDue(state[channel], prefs.frequency, now)) continue;
    const entries = oldestFirst(await deps.ledger.pendingEntries(organisationId, channel), ALERT_DELIVERY_DEFAULTS.entriesPerDigest);
    if (entries.length === 0) continue;
    const digest: Digest = { organisationId, organisationName: name, generatedAt: now.toISOString(), entries };
    const outcome = await sendBy(deps, channel, prefs, digest);
    if (outcome.ok) {
      await deps.ledger.markDelivered(organisationId, outcome.entries, channel, now);
      await recordSuccess(deps.records, organisationId, channel, now);
      report.sent[channel]++;
      report.entries[channel] += outcome.entries.length;
    } else {
      const after = await recordFailure(deps.records, organisationId, channel, outcome.reason, now);
      deps.logger.warn({ organisationId, channel, reason: outcome.reason, nextTryAt: after.nextTryAt }, 'alert delivery failed');
      report.failed[channel]++;
    }
  }
}

/** One run of the delivery job over every organisation with pending entries (at most organisationsPerRun). */
export async function deliverDigests(deps: DeliveryDeps): Promise<DeliveryReport> {
  const report: DeliveryReport = {
    organisations: 0,
    sent: { email: 0, webhook: 0 },
    failed: { email: 0, webhook: 0 },
    entries: { email: 0, webhook: 0 },
  };
  const limit = ALERT_DELIVERY_DEFAULTS.organisationsPerRun;
  const ids = new Set<string>();
  for (const channel of PUSH_CHANNELS) for (const id of await deps.ledger.organisationsWithPending(channel, limit)) ids.add(id);
  for (const id of [...ids].sort().slice(0, limit)) {
    report.organisations++;
    await deliverTo(deps, id, report);
  }
  return report;
}
