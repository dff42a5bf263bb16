import type { Request } from 'express';
import type { Role, Scope } from '../accounts/schema.ts';
import { ForbiddenError, UnauthenticatedError } from '../shared/errors.ts';

/**
 * Who is calling, as the authentication middleware (src/accounts/middleware.ts) found out: anonymous, a person
 * signed in (session cookie: every scope), or a machine with an API token (its scopes, never more than its
 * account's roles). Every route asks this module what the caller may see and do; the rules: docs/security.md.
 */
export interface Caller {
  id: string;
  /** the account, unless anonymous */
  accountId?: string;
  name?: string;
  via: 'anonymous' | 'session' | 'token';
  roles: readonly Role[];
  /** organisations this caller is a member of */
  organisationIds: readonly string[];
  scopes: readonly Scope[];
}

export const ANONYMOUS: Caller = Object.freeze({ id: 'anonymous', via: 'anonymous', roles: [], organisationIds: [], scopes: [] });

const callers = new WeakMap<Request, Caller>();

export function setCaller(req: Request, caller: Caller): void {
  callers.set(req, caller);
}

export function callerOf(req: Request): Caller {
  return callers.get(req) ?? ANONYMOUS;
}

export function isSignedIn(caller: Caller): boolean {
  return caller.via !== 'anonymous';
}

export function isAdmin(caller: Caller): boolean {
  return caller.roles.includes('admin') && caller.scopes.includes('admin');
}

export function isCommissioner(caller: Caller): boolean {
  return caller.roles.includes('commissioner');
}

export function isMemberOf(caller: Caller, organisationId: string): boolean {
  return caller.organisationIds.includes(organisationId);
}

/** Private fields (do-not-partner, red lines, bid plans): the organisation's members, and administrators. */
export function canSeePrivate(caller: Caller, organisationId: string): boolean {
  return isAdmin(caller) || (caller.scopes.includes('read') && isMemberOf(caller, organisationId));
}

/** Changing an organisation (its profile, its introductions): its members, and administrators. */
export function canActFor(caller: Caller, organisationId: string): boolean {
  return caller.scopes.includes('write') && (isAdmin(caller) || isMemberOf(caller, organisationId));
}

/** Whose do-not-partner lists shape this caller's rankings: those it may read (src/matching/vetoes.ts). */
export function vetoRuleOf(caller: Caller): (organisationId: string) => boolean {
  if (isAdmin(caller)) return () => true;
  if (!caller.scopes.includes('read') || caller.organisationIds.length === 0) return () => false;
  return (organisationId) => caller.organisationIds.includes(organisationId);
}

/** Throws UnauthenticatedError for an anonymous caller. */
export function requireSignedIn(caller: Caller): void {
  if (!isSignedIn(caller)) throw new UnauthenticatedError();
}

export function requireScope(caller: Caller, scope: Scope): void {
  requireSignedIn(caller);
  if (!caller.scopes.includes(scope)) throw new ForbiddenError(`this API token lacks the "${scope}" scope`);
}

/** Throws UnauthenticatedError when anonymous, ForbiddenError when not an administrator. */
export function requireAdmin(caller: Caller): void {
  requireSignedIn(caller);
  if (!isAdmin(caller)) throw new ForbiddenError('only an administrator may do this');
}

/** Throws UnauthenticatedError when anonymous, ForbiddenError unless a member of the organisation or an administrator. */
export function requireActFor(caller: Caller, organisationId: string): void {
  requireSignedIn(caller);
  if (!canActFor(caller, organisationId)) {
    throw new ForbiddenError(
      caller.scopes.includes('write')
        ? `only a member of organisation ${organisationId} or an administrator may change it`
        : 'this API token lacks the "write" scope',
    );
  }
}

/** Storing tenders (published notices, planned procurements): commissioners and administrators, with "write". */
export function requireTenderWriter(caller: Caller): void {
  requireScope(caller, 'write');
  if (!isAdmin(caller) && !isCommissioner(caller)) throw new ForbiddenError('only a commissioner or an administrator may store tenders');
}

/** Throws unless the caller may read the organisation's private data (members with "read", administrators). */
export function requireReadPrivate(caller: Caller, organisationId: string): void {
  requireSignedIn(caller);
  if (!canSeePrivate(caller, organisationId)) {
    throw new ForbiddenError(`only a member of organisation ${organisationId} or an administrator may read this`);
  }
}

/** Express middleware form of the checks above, for routes whose rule does not depend on the request's data. */
export function guard(check: (caller: Caller) => void) {
  return (req: Request, _res: unknown, next: (err?: unknown) => void) => {
    check(callerOf(req));
    next();
  };
}
