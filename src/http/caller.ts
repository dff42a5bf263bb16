import type { Request } from 'express';

/**
 * Who is calling. Today every HTTP caller is anonymous and sees public fields only; a later issue adds
 * authentication and roles here, and every route already asks this module what a caller may see.
 */
export interface Caller {
  id: string;
  roles: readonly string[];
  /** organisations whose private fields this caller may read (its own, once authenticated) */
  organisationIds: readonly string[];
}

export const ANONYMOUS: Caller = Object.freeze({ id: 'anonymous', roles: [], organisationIds: [] });

export function callerOf(_req: Request): Caller {
  return ANONYMOUS;
}

export function canSeePrivate(caller: Caller, organisationId: string): boolean {
  return caller.roles.includes('admin') || caller.organisationIds.includes(organisationId);
}
