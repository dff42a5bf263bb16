/**
 * Accounts, sign-in and API tokens, kept as records of the store (src/store/records.ts): an account under its
 * lower-cased email (kind 'account'), a token under a random id with its SHA-256 as key1 and its account as key2.
 * Use cases take the records and a clock; the HTTP layer decides who may call them.
 */
import type { Caller } from '../http/caller.ts';
import { ConflictError, NotFoundError, UnauthenticatedError } from '../shared/errors.ts';
import type { RecordStore } from '../store/records.ts';
import { audit } from './audit.ts';
import { hashPassword, verifyNothing, verifyPassword } from './passwords.ts';
import { NewAccount, SCOPES, type Account, type ApiToken, type Role, type Scope } from './schema.ts';
import { newTokenSecret, randomId, tokenHash, TOKEN_PREFIX } from './tokens.ts';

export interface AccountDeps {
  records: RecordStore;
  now: () => Date;
}

/** Creates an account; ConflictError when the address has one. The input is parsed with NewAccount first. */
export async function createAccount(
  deps: AccountDeps,
  input: NewAccount,
  by: Pick<Caller, 'accountId' | 'via'> | 'system',
): Promise<Account> {
  const parsed = NewAccount.parse(input);
  const at = deps.now().toISOString();
  const account: Account = {
    id: parsed.email,
    email: parsed.email,
    name: parsed.name,
    passwordHash: await hashPassword(parsed.password),
    roles: [...new Set(parsed.roles)].sort(),
    organisationIds: [...new Set(parsed.organisationIds)].sort(),
    createdAt: at,
  };
  try {
    await deps.records.insertRecord({ kind: 'account', id: account.id, doc: account, at });
  } catch (error) {
    if (error instanceof ConflictError) throw new ConflictError(`an account for ${account.email} exists already`);
    throw error;
  }
  await audit(deps, by, {
    action: 'account.created',
    target: { type: 'account', id: account.id },
    summary: `account for ${account.email}${account.roles.length ? ` (${account.roles.join(', ')})` : ''}`,
  });
  return account;
}

export async function getAccount(deps: Pick<AccountDeps, 'records'>, id: string): Promise<Account | undefined> {
  return (await deps.records.getRecord('account', id.toLowerCase()))?.doc as Account | undefined;
}

/** The account when email and password match; undefined otherwise (in about the same time either way). */
export async function checkPassword(deps: AccountDeps, email: string, password: string): Promise<Account | undefined> {
  const account = await getAccount(deps, email.trim());
  const ok = account ? await verifyPassword(account.passwordHash, password) : await verifyNothing(password);
  return ok ? account : undefined;
}

/**
 * Adds the account to an organisation's members (creating an organisation, an approved claim). Retries when another
 * write changed the account meanwhile.
 */
export async function addMembership(deps: AccountDeps, accountId: string, organisationId: string): Promise<Account> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const record = await deps.records.getRecord('account', accountId);
    if (!record) throw new NotFoundError('account', accountId);
    const account = record.doc as Account;
    if (account.organisationIds.includes(organisationId)) return account;
    const next: Account = { ...account, organisationIds: [...account.organisationIds, organisationId].sort() };
    const at = laterThan(record.at, deps.now());
    if (await deps.records.replaceRecord({ ...record, doc: next, at }, record.at)) return next;
  }
  throw new ConflictError(`account ${accountId} kept changing; try again`);
}

/** An ISO time after `previous` (replaceRecord needs `at` to change even within one millisecond). */
export function laterThan(previous: string, now: Date): string {
  const t = Math.max(now.getTime(), Date.parse(previous) + 1);
  return new Date(t).toISOString();
}

/** Creates an API token for the account; the secret is returned once and never stored. */
export async function createToken(
  deps: AccountDeps,
  caller: Caller,
  input: { name: string; scopes: Scope[] },
): Promise<{ token: ApiToken; secret: string }> {
  if (!caller.accountId) throw new UnauthenticatedError();
  const secret = newTokenSecret();
  const at = deps.now().toISOString();
  const token: ApiToken = {
    id: randomId(),
    accountId: caller.accountId,
    name: input.name,
    scopes: SCOPES.filter((s) => input.scopes.includes(s)),
    createdAt: at,
  };
  await deps.records.putRecord({ kind: 'token', id: token.id, doc: token, at, key1: tokenHash(secret), key2: token.accountId });
  await audit(deps, caller, {
    action: 'token.created',
    target: { type: 'token', id: token.id },
    summary: `token "${token.name}" (${token.scopes.join(', ')})`,
  });
  return { token, secret };
}

export async function listTokens(deps: Pick<AccountDeps, 'records'>, accountId: string): Promise<ApiToken[]> {
  const page = await deps.records.findRecords({ kind: 'token', key: accountId, offset: 0, limit: 200 });
  return page.items.filter((r) => r.key2 === accountId).map((r) => r.doc as ApiToken);
}

/** Revokes one of the caller's tokens (an administrator may revoke anyone's). NotFoundError otherwise. */
export async function revokeToken(deps: AccountDeps, caller: Caller, tokenId: string, asAdmin: boolean): Promise<ApiToken> {
  const record = await deps.records.getRecord('token', tokenId);
  const token = record?.doc as ApiToken | undefined;
  if (!record || !token || (!asAdmin && token.accountId !== caller.accountId)) throw new NotFoundError('token', tokenId);
  if (token.revokedAt) return token;
  const revoked: ApiToken = { ...token, revokedAt: deps.now().toISOString() };
  await deps.records.putRecord({ ...record, doc: revoked });
  await audit(deps, caller, {
    action: 'token.revoked',
    target: { type: 'token', id: token.id },
    summary: `token "${token.name}" of ${token.accountId} revoked`,
  });
  return revoked;
}

/** The caller a bearer token stands for; UnauthenticatedError for an unknown, malformed or revoked token. */
export async function callerForToken(deps: AccountDeps, secret: string): Promise<Caller> {
  if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 100) throw new UnauthenticatedError('the API token is not valid');
  const page = await deps.records.findRecords({ kind: 'token', key: tokenHash(secret), offset: 0, limit: 1 });
  const record = page.items[0];
  const token = record?.doc as ApiToken | undefined;
  if (!record || !token || record.key1 !== tokenHash(secret) || token.revokedAt)
    throw new UnauthenticatedError('the API token is not valid');
  const account = await getAccount(deps, token.accountId);
  if (!account) throw new UnauthenticatedError('the API token is not valid');
  return callerOfAccount(account, 'token', token.scopes);
}

export function callerOfAccount(account: Account, via: 'session' | 'token', scopes: readonly Scope[] = SCOPES): Caller {
  const roles: Role[] = account.roles;
  return { id: account.id, accountId: account.id, name: account.name, via, roles, organisationIds: account.organisationIds, scopes };
}
