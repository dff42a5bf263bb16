/**
 * Whose do-not-partner lists a computation honours. A veto is private (only the vetoing organisation's members and
 * administrators may read it), and a ranking that silently dropped the vetoed organisation would reveal it: copy
 * the vetoing organisation's public profile under a new id, rank partners for both, and the one missing from the
 * original's list is its veto. So a veto shapes a result only for a caller who may read it; for anyone else the
 * vetoed candidate is ranked by the same public rules as every other. Threat model: docs/security.md.
 *
 * Pure data in, pure answer out: the HTTP layer builds the rule from the caller (canSeePrivate), the CLI (run by an
 * operator on the data itself) honours every list, the nightly lists (served to anyone) none, and their readers
 * apply the lists they may read when the list is served (src/refresh/read-partners.ts).
 */
export type VetoRule = (organisationId: string) => boolean;

/** Every list: the CLI, run by someone who holds the data. */
export const HONOUR_EVERY_VETO: VetoRule = () => true;

/** No list: results served to anyone (the nightly partner lists, before a reader's own lists are applied). */
export const HONOUR_NO_VETO: VetoRule = () => false;

interface Vetoing {
  readonly id: string;
  readonly avoids: ReadonlySet<string>;
}

/** True when an honoured list keeps the two apart (either side's). */
export function vetoed(a: Vetoing, b: Vetoing, honours: VetoRule): boolean {
  return (a.avoids.has(b.id) && honours(a.id)) || (b.avoids.has(a.id) && honours(b.id));
}
