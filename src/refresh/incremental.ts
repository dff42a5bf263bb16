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
 * - Otherwise the list is repaired without scoring the pool: the base list's unchanged entries that are still in
 *   the pool keep their scores (the cap may have pushed some out: they leave the list); the changed pool members,
 *   and the unchanged ones the cap let in (they were in no base pool, so no base list), are scored alone; the best
 *   K of both is the answer when it is complete: when the base list was full, the pool members it hid rank below
 *   its K-th entry, so every rescored entry of the repair must rank above that K-th (the base's unchanged entries
 *   do, by their place in it), or a hidden one might belong; a list that was not full hid no eligible member.
 * Everything else (changed seekers, a repair that cannot be proved complete) is recomputed in full with
 * computeList, exactly as a full run computes it.
 *
 * Cost: a look-up per unchanged seeker in an index of the changed organisations alone (a seeker none of them
 * answers is done), two index look-ups for the others (no scoring), a score per changed pool member of the seekers they
 * reach, and full lists for the rest; lists are as of the base run's asOf, so the result equals a full run with
 * that asOf.
 */
import { computeList, listQuery, rankList, type ListOptions, type RunSnapshot } from './compute-lists.ts';
import type { Organisation } from '../organisations/schema.ts';
import type { Reference } from '../reference/types.ts';
import { CellIndex } from '../store/cell-index.ts';
import type { PartnerList, PartnerScore } from './types.ts';

export interface IncrementalResult {
  /** organisations whose record changed, was added or removed, or whose partnerships moved */
  changed: ReadonlySet<string>;
  /** seekers whose lists were recomputed (present now) */
  lists: PartnerList[];
  /** seekers that had a list and are gone */
  removed: string[];
  /** of `lists`, how many were repaired from the base list (changed candidates scored alone) rather than recomputed */
  repairs: number;
  /** of `lists`, why the others were recomputed in full */
  recomputed: Record<RecomputeReason, number>;
  /** unchanged organisations scored by repairs because the candidate cap let them into a seeker's pool */
  entering: number;
}

/** Why a list is recomputed in full rather than repaired. */
export type RecomputeReason = 'changedSeeker' | 'noBaseList' | 'repairIncomplete';

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
  let repairs = 0;
  const recomputed: Record<RecomputeReason, number> = { changedSeeker: 0, noBaseList: 0, repairIncomplete: 0 };
  const counts = { entering: 0 };
  const reach = changedReach(before, after, changed);
  for (const seeker of after.byId.values()) {
    const list = changed.has(seeker.id)
      ? 'changedSeeker'
      : repaired(ref, { before, after, reach }, seeker, listOf(seeker.id), changed, options, counts);
    if (list === 'same') continue;
    if (typeof list === 'string') {
      recomputed[list]++;
      lists.push(computeList(ref, after, seeker, options));
    } else {
      repairs++;
      lists.push(list);
    }
  }
  return { changed, lists, removed, repairs, recomputed, entering: counts.entering };
}

/**
 * An unchanged seeker's new list, or why it needs a full recomputation; `same` when it cannot change.
 * See the module comment for why the repair is exact.
 */
function repaired(
  ref: Reference,
  { before, after, reach }: { before: RunSnapshot; after: RunSnapshot; reach: ChangedReach },
  seeker: Organisation,
  list: PartnerList | undefined,
  changed: ReadonlySet<string>,
  options: ListOptions,
  counts: { entering: number },
): PartnerList | 'same' | Exclude<RecomputeReason, 'changedSeeker'> {
  const { ctx, query } = listQuery(ref, seeker, { ...options, partnerships: after.partnerships });
  // No changed organisation (as it was, or as it is) answers this seeker's query: its pools hold none, skip both.
  if (reach.before.find(query).length === 0 && reach.after.find(query).length === 0) return 'same';
  const poolAfter = after.index.find(query);
  const poolBefore = before.index.find(query);
  const changedAfter = poolAfter.filter((o) => changed.has(o.id));
  if (changedAfter.length === 0 && !poolBefore.some((o) => changed.has(o.id))) return 'same';
  if (!list) return 'noBaseList';
  // Unchanged members keep their scores. The cap may have pushed some out of the pool (they leave the list) or let
  // some in (scored here, with the changed members): only those and the changed ones are scored again.
  const keptBefore = new Set(poolBefore.filter((o) => !changed.has(o.id)).map((o) => o.id));
  const keptAfter = poolAfter.filter((o) => !changed.has(o.id));
  const inPool = new Set(keptAfter.map((o) => o.id));
  const entering = keptAfter.filter((o) => !keptBefore.has(o.id));
  counts.entering += entering.length;
  const scoredNow = new Set([...changedAfter, ...entering].map((o) => o.id));
  const rescored = rankList(ctx, [...changedAfter, ...entering], { topK: options.topK, computedAt: options.computedAt }).partners;
  const merged = [...list.partners.filter((p) => !changed.has(p.partnerId) && inPool.has(p.partnerId)), ...rescored]
    .sort((a, b) => (ranksAbove(a, b) ? -1 : 1))
    .slice(0, options.topK);
  // A full list hid the pool members ranked below its K-th: each rescored entry must rank above that K-th.
  const kth = list.partners.length === options.topK ? list.partners[options.topK - 1] : undefined;
  if (kth && (merged.length < options.topK || merged.some((p) => scoredNow.has(p.partnerId) && !ranksAbove(p, kth))))
    return 'repairIncomplete';
  const unmoved = (p: PartnerScore, i: number) => p.partnerId === list.partners[i].partnerId && !changed.has(p.partnerId);
  if (merged.length === list.partners.length && merged.every(unmoved)) return 'same';
  return { seekerId: seeker.id, computedAt: options.computedAt, partners: merged.map((p, i) => ({ ...p, rank: i + 1 })) };
}

/** The changed organisations alone, indexed as they were and as they are. */
interface ChangedReach {
  before: CellIndex;
  after: CellIndex;
}

function changedReach(before: RunSnapshot, after: RunSnapshot, changed: ReadonlySet<string>): ChangedReach {
  const pick = (snapshot: RunSnapshot) => [...changed].flatMap((id) => snapshot.byId.get(id) ?? []);
  return { before: new CellIndex(pick(before)), after: new CellIndex(pick(after)) };
}

/** rankCandidates' order: higher total first, then id (src/matching/rank.ts). */
function ranksAbove(a: PartnerScore, b: PartnerScore): boolean {
  return a.total > b.total || (a.total === b.total && a.partnerId < b.partnerId);
}
