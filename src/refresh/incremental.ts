/**
 * Incremental refresh, the pure part: given the organisations a committed run was computed from (`before`), the
 * organisations now (`after`) and the run's lists, which lists can differ from a full recomputation, and their new
 * values. No I/O, and no scoring of whole candidate pools for organisations the changes cannot reach.
 *
 * Why the affected set below is enough (a superset; tests/unit/refresh/incremental.test.ts checks that applying it
 * equals a full recomputation on random changes):
 * - `changed` = organisations added, removed or whose record differs, plus every organisation at either end of a
 *   partnership a changed one holds or held (trust reads the partnership graph two steps out: an edge C–P moves
 *   the trust of pairs that contain C or P, and of no other pair; see factors/trust.ts).
 * - For an unchanged seeker X, the score of an unchanged candidate is unchanged (same records, same graph edges
 *   around both), and its blocking query is unchanged. Its candidate pool is the best `maxCandidates` of the
 *   query's hits by (services matched, id); an unchanged hit keeps its key. So if no changed organisation is in
 *   X's capped pool before or after, both pools are the same unchanged organisations and X's list is unchanged.
 * - If changed organisations are in a pool, the list is still unchanged when the unchanged members of the two
 *   pools are the same, no changed organisation was in X's list, X's list is full, and each changed organisation
 *   in the new pool scores strictly below X's K-th partner (scored alone: one score, not a pool).
 * Everything else is recomputed in full with computeList, exactly as a full run computes it.
 *
 * Cost: two index look-ups per unchanged seeker (no scoring) plus full lists for the affected; lists are as of
 * the base run's asOf, so the result equals a full run with that asOf.
 */
import { computeList, listQuery, rankList, type ListOptions, type RunSnapshot } from './compute-lists.ts';
import type { Organisation } from '../organisations/schema.ts';
import type { Reference } from '../reference/types.ts';
import type { PartnerList } from './types.ts';

export interface IncrementalResult {
  /** organisations whose record changed, was added or removed, or whose partnerships moved */
  changed: ReadonlySet<string>;
  /** seekers whose lists were recomputed (present now) */
  lists: PartnerList[];
  /** seekers that had a list and are gone */
  removed: string[];
}

/** Ids added, removed or changed between two snapshots, plus the partners at either end of their partnerships. */
export function changedOrganisations(before: RunSnapshot, after: RunSnapshot): Set<string> {
  const changed = new Set<string>();
  const mark = (org: Organisation | undefined) => {
    if (!org) return;
    changed.add(org.id);
    for (const p of org.partnerships) changed.add(p.partnerId);
  };
  for (const [id, now] of after.byId) {
    const was = before.byId.get(id);
    if (!was || JSON.stringify(was) !== JSON.stringify(now)) {
      mark(was);
      mark(now);
    }
  }
  for (const [id, was] of before.byId) if (!after.byId.has(id)) mark(was);
  return changed;
}

/**
 * The lists of the run whose base lists are `listOf` that change from `before` to `after`, recomputed.
 * `listOf(id)` is the base run's list of a seeker (undefined when it had none).
 */
export function incrementalLists(
  ref: Reference,
  before: RunSnapshot,
  after: RunSnapshot,
  listOf: (seekerId: string) => PartnerList | undefined,
  options: ListOptions,
): IncrementalResult {
  const changed = changedOrganisations(before, after);
  const lists: PartnerList[] = [];
  const removed = [...before.byId.keys()].filter((id) => !after.byId.has(id));
  for (const seeker of after.byId.values()) {
    if (changed.has(seeker.id) || mayChange(ref, before, after, seeker, listOf(seeker.id), changed, options))
      lists.push(computeList(ref, after, seeker, options));
  }
  return { changed, lists, removed };
}

/** Whether an unchanged seeker's list can differ (see the module comment for why the tests suffice). */
function mayChange(
  ref: Reference,
  before: RunSnapshot,
  after: RunSnapshot,
  seeker: Organisation,
  list: PartnerList | undefined,
  changed: ReadonlySet<string>,
  options: ListOptions,
): boolean {
  const { ctx, query } = listQuery(ref, seeker, { ...options, partnerships: after.partnerships });
  const poolAfter = after.index.find(query);
  const poolBefore = before.index.find(query);
  const changedAfter = poolAfter.filter((o) => changed.has(o.id));
  if (changedAfter.length === 0 && !poolBefore.some((o) => changed.has(o.id))) return false;
  if (!list || list.partners.length < options.topK) return true;
  if (list.partners.some((p) => changed.has(p.partnerId))) return true;
  const kept = new Set(poolBefore.filter((o) => !changed.has(o.id)).map((o) => o.id));
  const keptAfter = poolAfter.filter((o) => !changed.has(o.id));
  if (keptAfter.length !== kept.size || keptAfter.some((o) => !kept.has(o.id))) return true;
  const kth = list.partners[list.partners.length - 1].total;
  return changedAfter.some((c) => {
    const alone = rankList(ctx, [c], { topK: 1, computedAt: '' }).partners[0];
    return alone !== undefined && alone.total >= kth;
  });
}
