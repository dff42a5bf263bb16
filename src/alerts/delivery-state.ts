/**
 * When an organisation's digests last went out by each channel and how its recent tries failed: what decides whether
 * a digest is due (daily or weekly, ALERT_DELIVERY_DEFAULTS.minHoursBetween) and when a failed channel is tried
 * again (doubling waits). One record per organisation (kind 'alert-delivery'). The entries themselves, and which
 * were delivered, are the ledger's (src/alerts/ledger.ts): this record never decides what is sent, only when.
 */
import type { RecordStore } from '../store/records.ts';
import { ALERT_DELIVERY_DEFAULTS } from './delivery-settings.ts';
import type { AlertFrequency } from './types.ts';

export type PushChannel = 'email' | 'webhook';
export const PUSH_CHANNELS: readonly PushChannel[] = ['email', 'webhook'];

export interface ChannelState {
  /** the last digest delivered (ISO 8601) */
  lastSentAt?: string;
  /** failed tries since the last success */
  failures: number;
  /** not before this (ISO 8601), after a failure */
  nextTryAt?: string;
  /** why the last try failed, as shown to members ("answered 500", "no answer within 10000 ms") */
  lastError?: string;
}

export type DeliveryState = Record<PushChannel, ChannelState>;

const EMPTY: DeliveryState = { email: { failures: 0 }, webhook: { failures: 0 } };

export async function deliveryStateOf(records: RecordStore, organisationId: string): Promise<DeliveryState> {
  const doc = (await records.getRecord('alert-delivery', organisationId))?.doc as Partial<DeliveryState> | undefined;
  return { email: { ...EMPTY.email, ...doc?.email }, webhook: { ...EMPTY.webhook, ...doc?.webhook } };
}

async function save(records: RecordStore, organisationId: string, state: DeliveryState, at: string): Promise<void> {
  await records.putRecord({ kind: 'alert-delivery', id: organisationId, doc: state, at, key1: organisationId });
}

/** Whether a digest by this channel is due now: by the frequency since the last one, and past any retry wait. */
export function isDue(state: ChannelState, frequency: AlertFrequency, now: Date): boolean {
  if (frequency === 'never') return false;
  if (state.nextTryAt && Date.parse(state.nextTryAt) > now.getTime()) return false;
  if (!state.lastSentAt) return true;
  const hours = ALERT_DELIVERY_DEFAULTS.minHoursBetween[frequency];
  return now.getTime() - Date.parse(state.lastSentAt) >= hours * 3_600_000;
}

/** The wait after the n-th failure in a row: retryAfterMinutes × 2^(n−1), capped. */
export function retryDelayMinutes(failures: number): number {
  const { retryAfterMinutes, retryCapMinutes } = ALERT_DELIVERY_DEFAULTS;
  return Math.min(retryCapMinutes, retryAfterMinutes * 2 ** Math.max(0, Math.min(failures, 20) - 1));
}

export async function recordSuccess(records: RecordStore, organisationId: string, channel: PushChannel, now: Date): Promise<void> {
  const state = await deliveryStateOf(records, organisationId);
  state[channel] = { lastSentAt: now.toISOString(), failures: 0 };
  await save(records, organisationId, state, now.toISOString());
}

export async function recordFailure(
  records: RecordStore,
  organisationId: string,
  channel: PushChannel,
  reason: string,
  now: Date,
): Promise<ChannelState> {
  const state = await deliveryStateOf(records, organisationId);
  const failures = state[channel].failures + 1;
  state[channel] = {
    ...state[channel],
    failures,
    lastError: reason.slice(0, 300),
    nextTryAt: new Date(now.getTime() + retryDelayMinutes(failures) * 60_000).toISOString(),
  };
  await save(records, organisationId, state, now.toISOString());
  return state[channel];
}
