/**
 * Incremental refresh, the pure part: given the organisations a committed run was computed from (`before`), the
 * organisations now (`after`) and the run's lists with their state (base-state.ts), which lists can differ from a
 * full recomputation, and their new values. No I/O; no pool look-ups for unchanged seekers; and only the seekers
 * a changed organisation reaches are visited (reverse-blocking.ts).
 *
 * Why it is exact (tests/unit/refresh/incremental.test.ts checks base + incremental == a full recomputation on
 * random changes with the cap binding):
 * - `changed` = organisations added, removed or whose record differs, plus each partner whose records with a changed
 *   one differ (trust reads the partnership graph two steps out: an edge C–P moves the trust of pairs that contain
 *   C or P, and of no other pair; see factors/trust.ts and markChange). Changed seekers are recomputed in full.
 * - For an unchanged seeker X, its blocking query is unchanged, an unchanged hit keeps its sort key (services
 *   matched, id), and the score of an unchanged candidate is unchanged (same records, same edges around both).
 *   The reverse index gives every changed organisation that answers X's query (as it was or as it is) with its
 *   key; a seeker none reaches keeps its pool and its scores, so its list.
 * - The pool (the first `maxCandidates` hits by key) is decided from the state's edge, without looking it up:
 *   the unchanged pool members are those at or above the boundary (the last member) that did not change; the
 *   changed ones now at or above it join them. When that is more than the cap, the lowest go, and they are read
 *   from the edge (the last pool members, whose keys it holds) with the changed entrants; when it is fewer, the
 *   best hits below the boundary come in, read from the edge's hits beyond the cap with the changed ones. Unknown
 *   unchanged members rank above the edge's first hit, unknown hits below its last: when the edge does not hold
 *   enough, the pool is not proved and the list is recomputed in full.
 * - The list is then repaired: the kept entries (list and tail) that did not change and stay in the pool keep their
 *   totals; the changed pool members and the unchanged ones the cap let in are scored; the best K of both is the
 *   answer when no pool member the state did not keep could belong: none when the state holds every eligible
 *   member (`tailComplete`), otherwise each such member ranks below the last kept entry, so the K best must all
 *   rank at or above it. Tail entries that reach the list are scored again for their factors (same total).
 * Everything else (a changed seeker, a seeker without a base list or state, an edge or tail too short) is
 * recomputed in full with computeList, exactly as a full run computes it.
 *
 * Cost: two reverse look-ups per changed organisation (each as long as the seekers it reaches), a few comparisons
 * per (changed organisation, seeker it reaches), then for each seeker whose pool holds a changed organisation,
 * its matching context and a score per changed or entering pool member; full lists for the rest. Lists are as of
 * the base run's asOf, so the result equals a full run with that asOf.
 */
import type { OrgProfile } from '../matching/profile.ts';
import { topCandidates } from '../matching/rank.ts';
import { Scorer } from '../matching/score.ts';
import type { Organisation } from '../organisations/schema.ts';
import type { Reference } from '../reference/types.ts';
import type { BaseListState } from './base-state.ts';
import { computeList, fromSnapshot, listContext, type ListOptions, type RunSnapshot } from './compute-lists.ts';
import { FACTOR_STRIDE, PackedListWriter, writeFactors, type PackedList } from './packed-lists.ts';
import type { ReverseBlockingIndex } from './reverse-blocking.ts';

/** The base run an incremental step starts from (computeBaseRun in base-state.ts builds one in memory). */
export interface BaseRunView {
  /** a seeker's list, packed as the stores keep it: a repair copies the entries that stay without unpacking them */
  listOf(seekerId: string): PackedList | undefined;
  stateOf(seekerId: string): BaseListState | undefined;
  /** every base seeker filed under its blocking query */
  reach: ReverseBlockingIndex;
}

export interface IncrementalResult {
  /** organisations whose record changed, was added or removed, or whose partnerships moved */
  changed: ReadonlySet<string>;
  /** seekers whose lists were rewritten (present now), packed */
  lists: [seekerId: string, list: PackedList][];
  /** seekers that had a list and are gone */
  removed: string[];
  /** unchanged seekers a changed organisation reaches (answers their query, as it was or as it is) */
  visited: number;
  /** of those, seekers whose pool held or holds a changed organisation: their list may move */
  touched: number;
  /** of `lists`, how many were repaired from the base list and its state rather than recomputed */
  repairs: number;
  /** of `lists`, why the others were recomputed in full */
  recomputed: Record<RecomputeReason, number>;
  /** unchanged organisations scored by repairs because the cap let them into a seeker's pool */
  entering: number;
  /** tail entries promoted into a repaired list */
  promoted: number;
}

/**
 * Which ids of the table a step's states were packed against changed: a flag per ordinal (1: changed). A scoring
 * thread unpacks states with their ordinals (BaseListState.ordinals) and tests them here: at 100,000 organisations
 * looking ≈ 58 ids a repaired list up in the set of changed ids was an eighth of a thread's step, each probe reading an
 * id string from somewhere in a heap of gigabytes (docs/refresh.md).
 */
export type ChangedFlags = Uint8Array;

/** What a step counts (IncrementalResult's counters): summed over the parts of a step split over threads. */
export type StepCounts = Pick<IncrementalResult, 'visited' | 'touched' | 'repairs' | 'recomputed' | 'entering' | 'promoted'>;

export function emptyCounts(): StepCounts {
  return {
    visited: 0,
    touched: 0,
    repairs: 0,
    recomputed: { changedSeeker: 0, noBaseState: 0, edgeTooShort: 0, tailTooShort: 0 },
    entering: 0,
    promoted: 0,
  };
}

/** Why a list is recomputed in full rather than repaired. */
export type RecomputeReason = 'changedSeeker' | 'noBaseState' | 'edgeTooShort' | 'tailTooShort';

/** The organisations the base run was computed from: only their records are read (no index, no profiles). */
export type BeforeSnapshot = Pick<RunSnapshot, 'byId'>;

/** Ids added, removed or changed between two snapshots, plus the partners whose records with them changed (markChange). */
export function changedOrganisations(before: BeforeSnapshot, after: BeforeSnapshot): Set<string> {
  const changed = new Set<string>();
  for (const [id, now] of after.byId) {
    const was = before.byId.get(id);
    if (!was || JSON.stringify(was) !== JSON.stringify(now)) markChange(changed, was, now);
  }
  for (const [id, was] of before.byId) if (!after.byId.has(id)) markChange(changed, was, undefined);
  return changed;
}

/**
 * Adds to `changed` whom one organisation's change moves (`was` → `is`; one of them missing when it was added or
 * removed): the organisation, and each partner whose records with it differ. A score reads other organisations'
 * records only through the partnership graph's records (trust; names only order the reasons, which a list does not
 * keep), and an edge C–P moves the trust of pairs that contain C or P and of no other pair (factors/trust.ts). So a
 * partner whose records with C are as they were stays unchanged: an edit to C's services, areas or values moves no
 * one else's scores. (Until 2026-12-07 every partner of a changed organisation counted as changed: the bench's 1,000
 * edits at 100,000 counted 1,971 changed and rewrote 87,880 lists, against 1,000 and 72,351; docs/refresh.md.)
 */
export function markChange(changed: Set<string>, was: Organisation | undefined, is: Organisation | undefined): void {
  const id = (is ?? was)?.id;
  if (id === undefined) return;
  changed.add(id);
  const before = recordsByPartner(was);
  const after = recordsByPartner(is);
  for (const [partnerId, records] of before) if (after.get(partnerId) !== records) changed.add(partnerId);
  for (const partnerId of after.keys()) if (!before.has(partnerId)) changed.add(partnerId);
}

/** An organisation's partnership records, serialised in order, by partner. */
function recordsByPartner(org: Organisation | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of org?.partnerships ?? []) out.set(p.partnerId, `${out.get(p.partnerId) ?? ''}${JSON.stringify(p)}\n`);
  return out;
}

/** A changed organisation as one seeker's query sees it: services matched before and after (0: not a hit). */
export interface ChangedHit {
  id: string;
  before: number;
  after: number;
}

/**
 * The unchanged seekers the changed organisations reach, each with the changed hits of its query: the reverse
 * look-up of every changed organisation as it was and as it is. Changed seekers and seekers now gone are left out.
 */
export function changedHitsBySeeker(
  reach: ReverseBlockingIndex,
  before: BeforeSnapshot,
  after: BeforeSnapshot,
  changed: ReadonlySet<string>,
): Map<string, ChangedHit[]> {
  const bySeeker = new Map<string, ChangedHit[]>();
  for (const id of changed) {
    // one organisation at a time: its hits as it was and as it is, merged per seeker, then filed
    const hits = new Map<string, ChangedHit>();
    const note = (org: Organisation | undefined, side: 'before' | 'after') => {
      if (!org) return;
      reach.forEachAnswered(org, (seekerId, count) => {
        if (changed.has(seekerId) || !after.byId.has(seekerId)) return;
        let hit = hits.get(seekerId);
        if (!hit) hits.set(seekerId, (hit = { id, before: 0, after: 0 }));
        hit[side] = count;
      });
    };
    note(before.byId.get(id), 'before');
    note(after.byId.get(id), 'after');
    for (const [seekerId, hit] of hits) {
      const list = bySeeker.get(seekerId);
      if (list) list.push(hit);
      else bySeeker.set(seekerId, [hit]);
    }
  }
  return bySeeker;
}

/**
 * The lists of the base run that change from `before` to `after`, rewritten. `changed` defaults to the snapshots'
 * difference (changedOrganisations: it reads every record; a caller that knows what was written since the base
 * run passes those ids, marked with markChange). IncrementalStep does the same in parts.
 */
export function incrementalLists(
  ref: Reference,
  before: BeforeSnapshot,
  after: RunSnapshot,
  base: BaseRunView,
  options: ListOptions,
  changed: ReadonlySet<string> = changedOrganisations(before, after),
): IncrementalResult {
  const step = new IncrementalStep(ref, before, after, options, changed);
  step.recomputeChanged();
  step.repair(base, changedHitsBySeeker(base.reach, before, after, changed));
  return step.result;
}

/**
 * One incremental step in parts, so that a caller can read the base lists a slice of seekers at a time
 * (incremental-run.ts): `recomputeChanged` once, then `repair` for each slice of the seekers changedHitsBySeeker
 * gives; `result` holds what all parts rewrote.
 */
export class IncrementalStep {
  readonly result: IncrementalResult;
  /**
   * Chunks that double, to 16,777,216 partners (≈ 1.3 GB, of which the pages not written to are never touched): the
   * lists pile up until they are applied, and each chunk allocated starts at most one major garbage collection.
   */
  private readonly writer: PackedListWriter;
  /**
   * With flags: per list of `result.lists`, its partners' ordinals in the states' table (−1 where a state did not give
   * one), or undefined for a list recomputed in full. A scoring thread turns them into ordinals of the organisations
   * now with an array instead of looking each id up (incremental-work.ts runPart).
   */
  readonly tableOrdinals: (number[] | undefined)[] = [];

  constructor(
    private readonly ref: Reference,
    before: BeforeSnapshot,
    private readonly after: RunSnapshot,
    private readonly options: ListOptions,
    private readonly changed: ReadonlySet<string>,
    /** where the lists are packed (a scoring thread passes the one it reuses: see PackedListWriter.reset) */
    writer?: PackedListWriter,
    /** `changed` as flags of the states' ordinals, for states unpacked with them (ChangedFlags) */
    private readonly flags?: ChangedFlags,
  ) {
    this.writer = writer ?? new PackedListWriter(16_384, 1 << 24);
    this.result = {
      changed,
      lists: [],
      removed: [...changed].filter((id) => before.byId.has(id) && !after.byId.has(id)),
      ...emptyCounts(),
    };
  }

  /** The changed seekers present now (all of them, or those of `ids`), recomputed in full. */
  recomputeChanged(ids: Iterable<string> = this.changed): void {
    for (const id of ids) {
      const seeker = this.after.byId.get(id);
      if (seeker) this.full(seeker, 'changedSeeker');
    }
  }

  /** Unchanged seekers with their changed hits (from changedHitsBySeeker): each list repaired, or recomputed. */
  repair(base: Pick<BaseRunView, 'listOf' | 'stateOf'>, hitsBySeeker: Iterable<readonly [string, readonly ChangedHit[]]>): void {
    const { ref, after, options, changed, result, flags } = this;
    for (const [seekerId, hits] of hitsBySeeker) {
      result.visited++;
      const seeker = after.byId.get(seekerId)!;
      const list = base.listOf(seekerId);
      const state = base.stateOf(seekerId);
      if (!list || !state) {
        result.touched++;
        this.full(seeker, 'noBaseState');
        continue;
      }
      const pool = poolMoves(state, hits, changed, options.maxCandidates, flags);
      if (pool === 'same') continue;
      result.touched++;
      if (pool === 'edgeTooShort') {
        this.full(seeker, pool);
        continue;
      }
      const outcome = repairList(ref, after, seeker, list, state, pool, { changed, flags }, options, result, this.writer);
      if (outcome === 'same') continue;
      if (outcome === 'tailTooShort') this.full(seeker, outcome);
      else {
        result.repairs++;
        result.lists.push([seekerId, outcome.list]);
        this.tableOrdinals.push(outcome.ordinals);
      }
    }
  }

  private full(seeker: Organisation, reason: RecomputeReason): void {
    this.result.recomputed[reason]++;
    this.result.lists.push([seeker.id, this.writer.pack(computeList(this.ref, this.after, seeker, this.options))]);
    this.tableOrdinals.push(undefined);
  }
}

/** How the changes move one unchanged seeker's pool: its changed members now, and the unchanged ones that go or come. */
export interface PoolMoves {
  /** changed organisations in the pool now */
  changedIn: string[];
  /** unchanged members the cap pushed out */
  leaving: ReadonlySet<string>;
  /** unchanged hits the cap let in (they were never scored) */
  entering: string[];
}

/** A hit's place in pool order: more services matched first, then id. */
interface Key {
  count: number;
  id: string;
  /** the id's ordinal in the states' table (BaseListState.ordinals), −1 when not known */
  o: number;
}

function above(a: Key, b: Key): boolean {
  return a.count > b.count || (a.count === b.count && a.id < b.id);
}

/**
 * An unchanged seeker's pool after the changes, from its state and its changed hits (see the module comment):
 * `same` when no changed organisation is or was in it, `edgeTooShort` when the state cannot prove it.
 */
export function poolMoves(
  state: BaseListState,
  hits: readonly ChangedHit[],
  changed: ReadonlySet<string>,
  cap: number,
  flags?: ChangedFlags,
): PoolMoves | 'same' | 'edgeTooShort' {
  const isChanged = changed;
  const ordinals = flags && state.ordinals?.edge;
  const edge: Key[] = state.edgeIds.map((id, i) => ({ id, count: state.edgeCounts[i], o: ordinals ? ordinals[i] : -1 }));
  const changedKey = (k: Key) => (k.o >= 0 ? flags![k.o] === 1 : isChanged.has(k.id));
  const boundary = state.poolSize > 0 ? edge[state.edgeInPool - 1] : undefined;
  // At or above the boundary: in the pool (before, for the old keys; now, before the cap is applied again).
  const inside = (k: Key) => boundary !== undefined && !above(boundary, k);
  let wasIn = 0;
  const nowAbove: Key[] = [];
  const nowBelow: Key[] = [];
  for (const h of hits) {
    if (h.before > 0 && inside({ id: h.id, count: h.before, o: -1 })) wasIn++;
    if (h.after > 0) (inside({ id: h.id, count: h.after, o: -1 }) ? nowAbove : nowBelow).push({ id: h.id, count: h.after, o: -1 });
  }
  if (wasIn === 0 && nowAbove.length === 0 && (state.poolSize === cap || nowBelow.length === 0)) return 'same';
  const byKey = (a: Key, b: Key) => (above(a, b) ? -1 : 1);
  const unchangedEdge = (from: number, to: number) => edge.slice(from, to).filter((k) => !changedKey(k));
  const atOrAboveBoundary = state.poolSize - wasIn + nowAbove.length;
  const changedIn = nowAbove.map((k) => k.id);
  const leaving = new Set<string>();
  const entering: string[] = [];
  if (atOrAboveBoundary > cap) {
    // The lowest go. Members the edge does not hold rank above its first hit.
    const first = edge[0];
    const aboveComplete = state.edgeInPool === state.poolSize;
    const known = [...unchangedEdge(0, state.edgeInPool), ...nowAbove.filter((k) => aboveComplete || !above(k, first))].sort(byKey);
    const drop = atOrAboveBoundary - cap;
    if (known.length < drop) return 'edgeTooShort';
    const dropped = new Set(known.slice(known.length - drop).map((k) => k.id));
    for (const id of dropped) if (!isChanged.has(id)) leaving.add(id);
    changedIn.splice(0, changedIn.length, ...changedIn.filter((id) => !dropped.has(id)));
  } else if (atOrAboveBoundary < cap) {
    // The best hits below the boundary come in. Hits the edge does not hold rank below its last one.
    const last = edge[edge.length - 1];
    const known = [
      ...unchangedEdge(state.edgeInPool, edge.length),
      ...nowBelow.filter((k) => state.beyondComplete || !above(last, k)),
    ].sort(byKey);
    const room = cap - atOrAboveBoundary;
    if (known.length < room && !state.beyondComplete) return 'edgeTooShort';
    for (const k of known.slice(0, room)) (isChanged.has(k.id) ? changedIn : entering).push(k.id);
  }
  if (wasIn === 0 && changedIn.length === 0 && leaving.size === 0 && entering.length === 0) return 'same';
  return { changedIn, leaving, entering };
}

/**
 * An unchanged seeker's list repaired from its base list and state given how its pool moved, `same` when it does
 * not change, or `tailTooShort` when the state cannot prove the best K (see the module comment). The list stays
 * packed: the entries kept are copied with their factors, and only the scored and promoted ones are written.
 */
function repairList(
  ref: Reference,
  after: RunSnapshot,
  seeker: Organisation,
  list: PackedList,
  state: BaseListState,
  pool: PoolMoves,
  { changed, flags }: { changed: ReadonlySet<string>; flags: ChangedFlags | undefined },
  options: ListOptions,
  counts: { entering: number; promoted: number },
  writer: PackedListWriter,
): { list: PackedList; ordinals?: number[] } | 'same' | 'tailTooShort' {
  const { leaving } = pool;
  const stays = (id: string) => !changed.has(id) && !leaving.has(id);
  // With flags, an id whose ordinal the state kept is tested by it (ChangedFlags); the list's ordinals are its ids'
  // only when its ids are the state's (a base list read whole from the store has its own).
  const listOrdinals = flags && list.ids === state.listIds ? state.ordinals?.list : undefined;
  const tailOrdinals = flags && state.ordinals?.tail;
  const staysAt = (id: string, ordinals: number[] | undefined, i: number) =>
    ordinals ? flags![ordinals[i]] === 0 && (leaving.size === 0 || !leaving.has(id)) : stays(id);
  // Kept entries in rank order: the list's (row: its rank − 1) then the tail's (row −1: the state keeps no factors).
  const kept: Entry[] = [];
  for (let i = 0; i < list.ids.length; i++)
    if (staysAt(list.ids[i], listOrdinals, i))
      kept.push({ partnerId: list.ids[i], total: list.totals[i], row: i, o: listOrdinals ? listOrdinals[i] : -1 });
  for (let i = 0; i < state.tailIds.length; i++)
    if (staysAt(state.tailIds[i], tailOrdinals, i))
      kept.push({ partnerId: state.tailIds[i], total: state.tailTotals[i], row: -1, o: tailOrdinals ? tailOrdinals[i] : -1 });
  const rescore = [...pool.changedIn, ...pool.entering].map((id) => after.profiles.get(id)!);
  counts.entering += pool.entering.length;
  let scorer: Scorer | undefined;
  // Only the rescored and the tail entries that may be promoted are ever scored: trust toward them alone.
  const trustToward = new Set([...rescore.map((o) => o.id), ...kept.filter((e) => e.row < 0).map((e) => e.partnerId)]);
  const scorerOf = () => (scorer ??= new Scorer(listContext(ref, seeker, { ...options, ...fromSnapshot(after, seeker), trustToward })));
  const scored: Entry[] =
    rescore.length === 0
      ? []
      : topCandidates(scorerOf(), rescore, options.topK).map((r) => ({
          partnerId: r.profile.org.id,
          total: r.total,
          row: -1,
          o: -1,
          profile: r.profile,
        }));
  const merged = mergeRanked(kept, scored, options.topK);
  if (!state.tailComplete) {
    // Pool members the state did not keep rank below its last kept entry: the K best must rank at or above it.
    const n = list.ids.length;
    const last =
      state.tailIds.length > 0
        ? { partnerId: state.tailIds[state.tailIds.length - 1], total: state.tailTotals[state.tailTotals.length - 1] }
        : { partnerId: list.ids[n - 1], total: list.totals[n - 1] };
    const safe = (e: Entry) => ranksAbove(e, last) || (e.partnerId === last.partnerId && stays(e.partnerId));
    if (merged.length < options.topK || !merged.every(safe)) return 'tailTooShort';
  }
  if (merged.length === list.ids.length && merged.every((e, i) => e.row === i)) return 'same';
  const out = writer.begin(options.computedAt, merged.length);
  // A list whose ids are its state's (incremental-work.ts baseView) holds the snapshot's own strings already, as do
  // the tail and the scored entries: no look-up by characters, a million-entry Map's worth at 1,000,000 organisations.
  const own = list.ids === state.listIds;
  for (let i = 0; i < merged.length; i++) {
    const e = merged[i];
    // The snapshot's own id string: a base list's ids are fresh strings from the store, and a million rewritten lists
    // would otherwise keep fifty million copies alive until they are applied.
    out.ids[i] = own ? e.partnerId : after.byId.get(e.partnerId)!.id;
    out.totals[i] = e.total;
    if (e.row >= 0) for (let f = 0; f < FACTOR_STRIDE; f++) out.factors[i * FACTOR_STRIDE + f] = list.factors[e.row * FACTOR_STRIDE + f];
    else {
      if (!e.profile) counts.promoted++;
      const profile = e.profile ?? after.profiles.get(e.partnerId)!;
      writeFactors(out.factors, i * FACTOR_STRIDE, scorerOf().factorScores(profile));
    }
  }
  const ordinals = flags ? merged.map((e) => e.o) : undefined;
  return { list: out, ordinals };
}

/** A candidate for a repaired list: kept from the base list (`row` ≥ 0) or its tail, or scored now (`profile`). */
interface Entry {
  partnerId: string;
  total: number;
  row: number;
  /** the partner's ordinal in the states' table, when its state gave it (ChangedFlags); −1 otherwise */
  o: number;
  profile?: OrgProfile;
}

/** The first `k` of two lists each in rank order, in rank order. */
function mergeRanked(a: readonly Entry[], b: readonly Entry[], k: number): Entry[] {
  const out: Entry[] = [];
  let i = 0;
  let j = 0;
  while (out.length < k && (i < a.length || j < b.length))
    out.push(j >= b.length || (i < a.length && ranksAbove(a[i], b[j])) ? a[i++] : b[j++]);
  return out;
}

/** rankCandidates' order: higher total first, then id (src/matching/rank.ts). */
function ranksAbove(a: { total: number; partnerId: string }, b: { total: number; partnerId: string }): boolean {
  return a.total > b.total || (a.total === b.total && a.partnerId < b.partnerId);
}
