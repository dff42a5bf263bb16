/**
 * Password guessing, slowed: after SIGN_IN_THROTTLE.maxFailures wrong passwords for one email address within
 * SIGN_IN_THROTTLE.windowMinutes, that address cannot sign in — not even with the right password, so guessing
 * learns nothing — until the window from the first failure has passed. A success clears the count. Kept in the
 * store's records (kind "sign-in-failures", expiring with the window), so every API process on one store agrees.
 * Per address, not per network address: a guesser spreading over many addresses gains nothing, and a person locked
 * out is told when to come back. API tokens are not guessable (32 random bytes) and need none of this. Like sessions,
 * it runs on the wall clock (records expire by it), not on a request's `asOf`.
 */
import type { AccountDeps } from './accounts.ts';

export const SIGN_IN_THROTTLE = { maxFailures: 5, windowMinutes: 15 } as const;

interface Failures {
  count: number;
  /** the first failure of the window (ISO 8601) */
  since: string;
}

const idOf = (email: string) => email.trim().toLowerCase().slice(0, 254);

/** Minutes until the address may try again; 0 when it may try now. */
export async function signInBlockedFor(deps: Pick<AccountDeps, 'records'>, email: string, now = new Date()): Promise<number> {
  const record = await deps.records.getRecord('sign-in-failures', idOf(email));
  const failures = record?.doc as Failures | undefined;
  if (!failures || failures.count < SIGN_IN_THROTTLE.maxFailures || !record?.expiresAt) return 0;
  return Math.max(1, Math.ceil((Date.parse(record.expiresAt) - now.getTime()) / 60_000));
}

export async function recordSignInFailure(deps: Pick<AccountDeps, 'records'>, email: string, now = new Date()): Promise<void> {
  const id = idOf(email);
  const record = await deps.records.getRecord('sign-in-failures', id);
  const previous = record?.doc as Failures | undefined;
  const since = previous?.since ?? now.toISOString();
  const expiresAt = new Date(Date.parse(since) + SIGN_IN_THROTTLE.windowMinutes * 60_000).toISOString();
  await deps.records.putRecord({
    kind: 'sign-in-failures',
    id,
    doc: { count: (previous?.count ?? 0) + 1, since } satisfies Failures,
    at: now.toISOString(),
    expiresAt,
  });
}

export async function clearSignInFailures(deps: Pick<AccountDeps, 'records'>, email: string): Promise<void> {
  await deps.records.deleteRecord('sign-in-failures', idOf(email));
}
