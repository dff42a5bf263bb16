/**
 * Saving an organisation's alert preferences and making its webhook signing secret: the use cases behind
 * PUT /v1/organisations/{id}/alert-preferences and the web app's preferences page, so both behave alike.
 *
 *  - savePreferences: replaces the preferences (clearing a one-click unsubscribe: the member chose again), writes the
 *    audit entry (the fields that changed, never their values: the log is read by more people than the addresses),
 *    and, when a webhook URL is saved while the organisation has no signing secret, makes one and returns it — the
 *    only time it is ever given out. A webhook URL that delivery would refuse whatever its DNS says (a private or
 *    loopback address written in it, localhost: webhook-address.ts) is a ValidationError on `webhookUrl`, so a member
 *    is told at once rather than never receiving a digest.
 *  - createWebhookSecret: replaces the secret on request ("Create a new signing secret"): the old one stops working at
 *    once. Only for an organisation with a webhook URL saved (a ValidationError on `webhookUrl` otherwise).
 *
 * The caller has been authorised (requireActFor) and the organisation exists; both throw StoreUnavailableError when
 * the store cannot be reached.
 */
import { audit, type AuditDeps } from '../accounts/audit.ts';
import type { Caller } from '../http/caller.ts';
import { ValidationError } from '../shared/errors.ts';
import type { Store } from '../store/types.ts';
import { getPreferences, putPreferences, type AlertPreferencesInput } from './preferences.ts';
import type { AlertPreferences } from './types.ts';
import { refusedWhenSaved } from './webhook-address.ts';
import { newWebhookSecret, webhookSecretOf } from './webhook-secret.ts';

export interface SavePreferencesDeps {
  store: Store;
  now: () => Date;
}

export interface SavePreferencesOptions {
  /** ALERTS_WEBHOOK_ALLOW_PRIVATE: webhooks may reach loopback and private addresses (refused when absent) */
  webhookAllowPrivate?: boolean;
}

export interface SavedPreferences {
  preferences: AlertPreferences;
  /** the signing secret made by this save (the first webhook URL), shown once; undefined when none was made */
  webhookSecret?: string;
  /** the fields that changed, in the order of AlertPreferencesInput */
  changed: string[];
  /** the save turned alerts back on after a one-click unsubscribe */
  resubscribed: boolean;
}

/** The fields a member chooses, in the order the form and the schema list them. */
const CHOSEN = ['serviceCodes', 'areaCodes', 'minimumValueGbp', 'vcseSuitableOnly', 'frequency', 'email', 'webhookUrl'] as const;

/** Which chosen fields differ between two sets of preferences (lists compared as sets). */
export function changedPreferenceFields(before: AlertPreferences, after: AlertPreferences): string[] {
  const same = (a: unknown, b: unknown) =>
    Array.isArray(a) && Array.isArray(b)
      ? a.length === b.length && (a as string[]).toSorted().join() === (b as string[]).toSorted().join()
      : JSON.stringify(a) === JSON.stringify(b);
  return CHOSEN.filter((field) => !same(before[field], after[field]));
}

const auditDeps = (deps: SavePreferencesDeps): AuditDeps => ({ records: deps.store.records, now: deps.now });

export async function savePreferences(
  deps: SavePreferencesDeps,
  caller: Caller,
  organisationId: string,
  input: AlertPreferencesInput,
  options: SavePreferencesOptions = {},
): Promise<SavedPreferences> {
  const refused =
    input.webhookUrl === undefined ? undefined : refusedWhenSaved(new URL(input.webhookUrl), options.webhookAllowPrivate === true);
  if (refused !== undefined)
    throw new ValidationError([{ path: 'webhookUrl', message: `digests are only sent to public addresses: ${refused}` }]);
  const records = deps.store.records;
  const before = await getPreferences(records, organisationId);
  const preferences = await putPreferences(records, organisationId, input, deps.now().toISOString());
  const changed = changedPreferenceFields(before, preferences);
  const resubscribed = before.unsubscribedAt !== undefined;
  await audit(auditDeps(deps), caller, {
    action: 'alerts.preferences-saved',
    organisationId,
    target: { type: 'alert-preferences', id: organisationId },
    summary:
      (changed.length ? `changed ${changed.join(', ')}` : 'saved unchanged') +
      (resubscribed ? '; alerts on again after a one-click unsubscribe' : ''),
  });
  if (preferences.webhookUrl === undefined || (await webhookSecretOf(records, organisationId)) !== undefined)
    return { preferences, changed, resubscribed };
  const webhookSecret = await newWebhookSecret(records, organisationId, deps.now());
  await audit(auditDeps(deps), caller, {
    action: 'alerts.webhook-secret-created',
    organisationId,
    target: { type: 'alert-webhook-secret', id: organisationId },
    summary: 'made the webhook signing secret with the first webhook URL (shown once)',
  });
  return { preferences, webhookSecret, changed, resubscribed };
}

/** Replaces the organisation's webhook signing secret and returns the new one, for showing once. */
export async function createWebhookSecret(deps: SavePreferencesDeps, caller: Caller, organisationId: string): Promise<string> {
  const records = deps.store.records;
  const prefs = await getPreferences(records, organisationId);
  if (prefs.webhookUrl === undefined)
    throw new ValidationError([{ path: 'webhookUrl', message: 'save a webhook URL before creating a signing secret for it' }]);
  const replaced = (await webhookSecretOf(records, organisationId)) !== undefined;
  const secret = await newWebhookSecret(records, organisationId, deps.now());
  await audit(auditDeps(deps), caller, {
    action: 'alerts.webhook-secret-created',
    organisationId,
    target: { type: 'alert-webhook-secret', id: organisationId },
    summary: replaced
      ? 'replaced the webhook signing secret (the old one no longer signs; shown once)'
      : 'made the webhook signing secret (shown once)',
  });
  return secret;
}
