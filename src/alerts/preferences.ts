/**
 * What an organisation's members choose to get in its tender alerts (issue #19), kept as one record per organisation
 * (kind 'alert-preferences', id = the organisation's id) in the RecordStore. An organisation that never chose gets
 * ALERT_PREFERENCE_DEFAULTS: a weekly digest of the notices that fit its own services and places, on the web page and
 * over the API only (no email or webhook until an address is given).
 *
 * Throws StoreUnavailableError when the store cannot be reached (retriable).
 */
import { z } from 'zod';
import { Email } from '../accounts/schema.ts';
import { CpvCode, GssCode } from '../shared/codes.ts';
import { LIMITS } from '../shared/limits.ts';
import type { RecordStore } from '../store/records.ts';
import { ALERT_FREQUENCIES, type AlertPreferences } from './types.ts';

/** The one source of the preference defaults (docs/alerts.md). */
export const ALERT_PREFERENCE_DEFAULTS = Object.freeze({
  vcseSuitableOnly: false,
  frequency: 'weekly' as const,
  /** a minimum value above this is a typing slip (the largest UK public contracts are a few £bn) */
  maxMinimumValueGbp: 1e12,
  /** characters of a webhook URL */
  maxUrlLength: 2000,
  /** `updatedAt` of preferences never saved: the epoch, so "never chosen" is visible and sorts first */
  neverSavedAt: '1970-01-01T00:00:00.000Z',
});

/** A webhook target: http or https only (no file:, javascript: or other schemes), bounded. */
const WebhookUrl = z
  .string()
  .trim()
  .max(ALERT_PREFERENCE_DEFAULTS.maxUrlLength)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
    } catch {
      return false;
    }
  }, 'must be an http or https URL, like https://example.org/hooks/tenders');

/**
 * The body of PUT /v1/organisations/{id}/alert-preferences: the whole set of choices (a PUT replaces them). Absent
 * service or area lists mean "my organisation's own"; an empty list means none (no notice passes). Saving clears a
 * one-click unsubscribe: the member chose again.
 */
export const AlertPreferencesInput = z
  .object({
    serviceCodes: z
      .array(CpvCode)
      .max(LIMITS.list.services)
      .optional()
      .describe("CPV codes a notice must require one of (narrower codes count); absent: the organisation's own"),
    areaCodes: z
      .array(GssCode)
      .max(LIMITS.list.areas)
      .optional()
      .describe("GSS codes a notice must be delivered in one of (containment counts); absent: the organisation's own"),
    minimumValueGbp: z
      .number()
      .finite()
      .min(0, 'must be 0 or more')
      .max(ALERT_PREFERENCE_DEFAULTS.maxMinimumValueGbp, 'must be at most £1,000,000,000,000')
      .optional()
      .describe('Leave out notices of a lower estimated value (notices without a value are kept)'),
    vcseSuitableOnly: z
      .boolean()
      .default(ALERT_PREFERENCE_DEFAULTS.vcseSuitableOnly)
      .describe('Only notices suitable for VCSE organisations or reserved for mutuals'),
    frequency: z.enum(ALERT_FREQUENCIES).default(ALERT_PREFERENCE_DEFAULTS.frequency).describe("'never' = no digest"),
    email: Email.optional().describe('Where the digest is emailed'),
    webhookUrl: WebhookUrl.optional().describe('Where the digest is POSTed as JSON'),
  })
  .strict()
  .meta({ id: 'AlertPreferencesInput' });
export type AlertPreferencesInput = z.infer<typeof AlertPreferencesInput>;

/** The stored or default preferences, as GET answers them. */
export const AlertPreferencesView = AlertPreferencesInput.extend({
  organisationId: z.string(),
  unsubscribedAt: z.string().optional(),
  updatedAt: z.string(),
}).meta({ id: 'AlertPreferences' });

const KIND = 'alert-preferences' as const;

/** The defaults for an organisation that never saved preferences. */
export function defaultPreferences(organisationId: string): AlertPreferences {
  return {
    organisationId,
    vcseSuitableOnly: ALERT_PREFERENCE_DEFAULTS.vcseSuitableOnly,
    frequency: ALERT_PREFERENCE_DEFAULTS.frequency,
    updatedAt: ALERT_PREFERENCE_DEFAULTS.neverSavedAt,
  };
}

/** The organisation's preferences, or the defaults when never saved. */
export async function getPreferences(records: RecordStore, organisationId: string): Promise<AlertPreferences> {
  const record = await records.getRecord(KIND, organisationId);
  return record ? (record.doc as AlertPreferences) : defaultPreferences(organisationId);
}

/**
 * Replaces the organisation's preferences with `input` (already parsed by AlertPreferencesInput); clears a one-click
 * unsubscribe. `at` is the time of the change (ISO 8601).
 */
export async function putPreferences(
  records: RecordStore,
  organisationId: string,
  input: AlertPreferencesInput,
  at: string,
): Promise<AlertPreferences> {
  const preferences: AlertPreferences = { ...dropUndefined(input), organisationId, updatedAt: at };
  await records.putRecord({ kind: KIND, id: organisationId, doc: preferences, at });
  return preferences;
}

/**
 * Records a one-click unsubscribe: no email or webhook is sent while `unsubscribedAt` is set (the web page and the
 * API keep the entries). Idempotent: a second click keeps the first time.
 */
export async function unsubscribe(records: RecordStore, organisationId: string, at: string): Promise<AlertPreferences> {
  const current = await getPreferences(records, organisationId);
  if (current.unsubscribedAt !== undefined) return current;
  const preferences: AlertPreferences = { ...current, unsubscribedAt: at, updatedAt: at };
  await records.putRecord({ kind: KIND, id: organisationId, doc: preferences, at });
  return preferences;
}

/**
 * Every organisation's saved preferences, `limit` at a time (newest change first): the digest run reads them once per
 * shard rather than one read per organisation.
 */
export async function listSavedPreferences(
  records: RecordStore,
  offset: number,
  limit: number,
): Promise<{ items: AlertPreferences[]; total: number }> {
  const page = await records.findRecords({ kind: KIND, offset, limit });
  return { items: page.items.map((r) => r.doc as AlertPreferences), total: page.total };
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
