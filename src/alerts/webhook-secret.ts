/**
 * Each organisation's webhook signing secret: 32 random bytes (`whsec_<base64url>`), kept in the store's records
 * because we must sign with it (a hash would not do), shown to a member once when it is made (setting a webhook URL
 * for the first time, or asking for a new one) and never again. Replacing it invalidates the old one at once.
 */
import { randomBytes } from 'node:crypto';
import type { RecordStore } from '../store/records.ts';

interface SecretDoc {
  secret: string;
  createdAt: string;
}

export async function webhookSecretOf(records: RecordStore, organisationId: string): Promise<string | undefined> {
  return ((await records.getRecord('alert-webhook-secret', organisationId))?.doc as SecretDoc | undefined)?.secret;
}

/** When the organisation's secret was made (ISO 8601), or undefined when it has none: what pages show instead of it. */
export async function webhookSecretMadeAt(records: RecordStore, organisationId: string): Promise<string | undefined> {
  return ((await records.getRecord('alert-webhook-secret', organisationId))?.doc as SecretDoc | undefined)?.createdAt;
}

/** Makes (or replaces) the organisation's secret and returns it, for showing once. */
export async function newWebhookSecret(records: RecordStore, organisationId: string, now: Date): Promise<string> {
  const secret = `whsec_${randomBytes(32).toString('base64url')}`;
  const at = now.toISOString();
  await records.putRecord({
    kind: 'alert-webhook-secret',
    id: organisationId,
    doc: { secret, createdAt: at } satisfies SecretDoc,
    at,
    key1: organisationId,
  });
  return secret;
}
