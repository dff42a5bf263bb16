/**
 * Claiming an organisation that exists already (imported from a register, created by someone else): a person asks,
 * an administrator approves or rejects, and approval makes the person a member. Records of kind 'claim', found by
 * organisation (key1) and by account (key2); the decision is one optimistic replace, so two administrators deciding
 * at once cannot both win.
 */
import type { Caller } from '../http/caller.ts';
import { ConflictError, NotFoundError, UnauthenticatedError } from '../shared/errors.ts';
import type { Store } from '../store/types.ts';
import type { Page } from '../store/types.ts';
import { addMembership, laterThan, type AccountDeps } from './accounts.ts';
import { audit } from './audit.ts';
import type { Claim, ClaimStatus } from './schema.ts';
import { randomId } from './tokens.ts';

export interface ClaimDeps extends AccountDeps {
  store: Pick<Store, 'getOrganisation'>;
}

export async function requestClaim(deps: ClaimDeps, caller: Caller, organisationId: string, message: string): Promise<Claim> {
  if (!caller.accountId) throw new UnauthenticatedError();
  if (!(await deps.store.getOrganisation(organisationId))) throw new NotFoundError('organisation', organisationId);
  if (caller.organisationIds.includes(organisationId)) throw new ConflictError(`you are a member of ${organisationId} already`);
  const mine = await deps.records.findRecords({ kind: 'claim', key: caller.accountId, offset: 0, limit: 200 });
  if (mine.items.some((r) => (r.doc as Claim).organisationId === organisationId && (r.doc as Claim).status === 'pending')) {
    throw new ConflictError(`you have asked to act for ${organisationId} already; an administrator will decide`);
  }
  const at = deps.now().toISOString();
  const claim: Claim = { id: randomId(), accountId: caller.accountId, organisationId, message, status: 'pending', createdAt: at };
  await deps.records.insertRecord({ kind: 'claim', id: claim.id, doc: claim, at, key1: organisationId, key2: caller.accountId });
  await audit(deps, caller, {
    action: 'claim.requested',
    organisationId,
    target: { type: 'claim', id: claim.id },
    summary: `${caller.accountId} asked to act for ${organisationId}`,
  });
  return claim;
}

export async function listClaims(
  deps: Pick<ClaimDeps, 'records'>,
  filter: { status?: ClaimStatus; key?: string },
  offset: number,
  limit: number,
): Promise<Page<Claim>> {
  // Claims are few (one per person and organisation): filter the kind's records by status in memory.
  const all = await deps.records.findRecords({ kind: 'claim', key: filter.key, offset: 0, limit: 10_000 });
  const claims = all.items.map((r) => r.doc as Claim).filter((c) => !filter.status || c.status === filter.status);
  return { total: claims.length, items: claims.slice(offset, offset + limit) };
}

export async function getClaim(deps: Pick<ClaimDeps, 'records'>, id: string): Promise<Claim> {
  const claim = (await deps.records.getRecord('claim', id))?.doc as Claim | undefined;
  if (!claim) throw new NotFoundError('claim', id);
  return claim;
}

/** An administrator's decision; ConflictError when the claim was decided already (by them or another). */
export async function decideClaim(deps: ClaimDeps, admin: Caller, id: string, decision: 'approve' | 'reject'): Promise<Claim> {
  const record = await deps.records.getRecord('claim', id);
  const claim = record?.doc as Claim | undefined;
  if (!record || !claim) throw new NotFoundError('claim', id);
  if (claim.status !== 'pending') throw new ConflictError(`claim ${id} was ${claim.status} already`);
  const at = laterThan(record.at, deps.now());
  const decided: Claim = { ...claim, status: decision === 'approve' ? 'approved' : 'rejected', decidedBy: admin.accountId, decidedAt: at };
  if (!(await deps.records.replaceRecord({ ...record, doc: decided, at }, record.at)))
    throw new ConflictError(`claim ${id} was decided meanwhile`);
  if (decided.status === 'approved') {
    await addMembership(deps, claim.accountId, claim.organisationId);
    await audit(deps, admin, {
      action: 'membership.added',
      organisationId: claim.organisationId,
      target: { type: 'account', id: claim.accountId },
      summary: `${claim.accountId} is now a member of ${claim.organisationId}`,
    });
  }
  await audit(deps, admin, {
    action: decided.status === 'approved' ? 'claim.approved' : 'claim.rejected',
    organisationId: claim.organisationId,
    target: { type: 'claim', id },
    summary: `claim by ${claim.accountId} ${decided.status}`,
  });
  return decided;
}
