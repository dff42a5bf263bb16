/**
 * The audit log: who changed what and when. One record per change (kind 'audit'), found by the organisation it
 * concerns (key1) and by the account that made it (key2). Readable by administrators (all of it) and by an
 * organisation's members (the entries about it). Entries name fields, never their values: the log is read by more
 * people than the private fields are.
 */
import type { Caller } from '../http/caller.ts';
import type { Page } from '../store/types.ts';
import type { RecordStore } from '../store/records.ts';
import { randomId } from './tokens.ts';

export const AUDIT_ACTIONS = [
  'account.created',
  'account.signed-in',
  'account.sign-in-failed',
  'token.created',
  'token.revoked',
  'organisation.created',
  'organisation.updated',
  'claim.requested',
  'claim.approved',
  'claim.rejected',
  'membership.added',
  'import.organisations',
  'import.ocds',
  'tender.written',
  'refresh.started',
  'alerts.unsubscribed',
  'alerts.preferences-saved',
  'alerts.webhook-secret-created',
  'alerts.run-started',
  'introduction.requested',
  'introduction.accepted',
  'introduction.declined',
  'introduction.withdrawn',
  'organisation.blocked',
  'organisation.unblocked',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  id: string;
  at: string;
  action: AuditAction;
  /** the account that did it ('anonymous' for a failed sign-in, 'system' for start-up) */
  actor: string;
  via: Caller['via'] | 'system';
  organisationId?: string;
  /** what was changed: an organisation, a token, a claim, a tender, a run… */
  target: { type: string; id: string };
  /** one line a person reads: "changed name, services, private.doNotPartnerWith" */
  summary: string;
}

export interface AuditDeps {
  records: RecordStore;
  now: () => Date;
}

export async function audit(
  deps: AuditDeps,
  actor: Pick<Caller, 'accountId' | 'via'> | 'system',
  entry: Omit<AuditEntry, 'id' | 'at' | 'actor' | 'via'>,
): Promise<AuditEntry> {
  const at = deps.now().toISOString();
  const full: AuditEntry = {
    id: `${at}-${randomId()}`,
    at,
    actor: actor === 'system' ? 'system' : (actor.accountId ?? 'anonymous'),
    via: actor === 'system' ? 'system' : actor.via,
    ...entry,
  };
  await deps.records.putRecord({ kind: 'audit', id: full.id, doc: full, at, key1: entry.organisationId, key2: full.actor });
  return full;
}

/** Entries about an organisation (organisationId) or by an account (accountId), or all of them; newest first. */
export async function listAudit(
  deps: Pick<AuditDeps, 'records'>,
  key: string | undefined,
  offset: number,
  limit: number,
): Promise<Page<AuditEntry>> {
  const page = await deps.records.findRecords({ kind: 'audit', key, offset, limit });
  return { total: page.total, items: page.items.map((r) => r.doc as AuditEntry) };
}
