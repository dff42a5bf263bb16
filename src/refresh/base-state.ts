/**
 * What a base run keeps per list for the incremental refresh (incremental.ts), computed while it computes the list:
 * the hits around its capped pool's boundary and the scored pool members ranked just after the list. With them an
 * incremental step decides, for an unchanged seeker, how changed organisations move its pool (entering, leaving,
 * pushing an unchanged member out or letting one in) and which partners replace one that drops out, without looking
 * the pool up or scoring it again. Pure: organisations in, lists and states out.
 *
 * The list is the one computeList computes (tests/unit/refresh/base-state.test.ts checks it): the pool is the same
 * first `maxCandidates` hits of the same query, and a top-(K + tail) selection ranked by (total, id) begins with the
 * top K.
 *
 * Size: packState writes a state in 8 + 6 × (edge hits + tail entries) + 2 + 4 × (list partners) bytes, ids as 4-byte
 * ordinals of the run's organisations; with the defaults (24 + 24 edge hits, 8 tail entries, 50 partners) at most 546
 * bytes a list.
 */
import { topCandidates } from '../matching/rank.ts';
import { Scorer } from '../matching/score.ts';
import type { Organisation } from '../organisations/schema.ts';
import type { Reference } from '../reference/types.ts';
import type { CandidateQuery } from '../store/types.ts';
import { fromSnapshot, listQuery, type ListOptions, type RunSnapshot } from './compute-lists.ts';
import { ReverseBlockingIndex } from './reverse-blocking.ts';
import { REFRESH_DEFAULTS } from './settings.ts';
import type { PartnerList } from './types.ts';

/** One seeker's state, next to its list. */
export interface BaseListState {
  /** members of the capped pool (hits other than the seeker, at most maxCandidates) */
  poolSize: number;
  /**
   * The hits around the pool's boundary in pool order (services matched, most first, then id): the last
   * `edgeInPool` members of the pool, then the first hits the cap left out.
   */
  edgeIds: string[];
  /** per edge hit, the query services it matches (its sort key with its id) */
  edgeCounts: number[];
  edgeInPool: number;
  /** the edge holds every hit the cap left out (fewer than `stateEdge` of them) */
  beyondComplete: boolean;
  /** scored pool members ranked after the list's K-th, in rank order: ids and totals (no factors) */
  tailIds: string[];
  tailTotals: number[];
  /** the list and the tail hold every eligible pool member (fewer than K + `stateTail` of them) */
  tailComplete: boolean;
  /**
   * The list's partners in rank order. An incremental run takes them from here, as ordinals of the organisations, and
   * reads only the list's numbers from the store: at 1,000,000 organisations splitting ≈ 42,000,000 ids read as text
   * and looking each up by its characters was most of a repair (docs/refresh.md). Absent from states written before
   * 2026-12-07 (the run then reads the ids with the list).
   */
  listIds?: string[];
  /**
   * The ordinals of edgeIds, tailIds and listIds in the table the state was packed against (unpackState with
   * `keepOrdinals`): a scoring thread tests them against a flag per ordinal (incremental.ts ChangedFlags) instead of
   * looking each id up in a set of strings, which touched ≈ 58 id strings scattered over the heap per repaired list.
   */
  ordinals?: { edge: number[]; tail: number[]; list?: number[] };
}

/** How much state a list keeps (REFRESH_DEFAULTS.stateTail, stateEdge). */
export interface StateSizes {
  tail: number;
  edge: number;
}

export const STATE_SIZES: StateSizes = { tail: REFRESH_DEFAULTS.stateTail, edge: REFRESH_DEFAULTS.stateEdge };

/** One seeker's list, as computeList computes it, with its state and its blocking query. */
export function computeListWithState(
  ref: Reference,
  snapshot: RunSnapshot,
  seeker: Organisation,
  options: ListOptions,
  sizes: StateSizes = STATE_SIZES,
): { list: PartnerList; state: BaseListState; query: CandidateQuery } {
  const { ctx, query } = listQuery(ref, seeker, { ...options, ...fromSnapshot(snapshot, seeker) });
  const hits = snapshot.index.find({ ...query, limit: query.limit + sizes.edge });
  const pool = hits.length > query.limit ? hits.slice(0, query.limit) : hits;
  const scorer = new Scorer(ctx);
  const ranked = topCandidates(scorer, pool, options.topK + sizes.tail);
  const list: PartnerList = {
    seekerId: seeker.id,
    computedAt: options.computedAt,
    partners: ranked.slice(0, options.topK).map((r, i) => ({
      partnerId: r.profile.org.id,
      rank: i + 1,
      total: r.total,
      factors: scorer.factorScores(r.profile),
    })),
  };
  const edge = hits.slice(Math.max(0, pool.length - sizes.edge));
  const services = new Set(query.serviceCodes);
  const tail = ranked.slice(options.topK);
  const state: BaseListState = {
    poolSize: pool.length,
    edgeIds: edge.map((p) => p.id),
    edgeCounts: edge.map((p) => servicesMatched(p.org, services)),
    edgeInPool: Math.min(pool.length, sizes.edge),
    beyondComplete: hits.length < query.limit + sizes.edge,
    tailIds: tail.map((r) => r.profile.org.id),
    tailTotals: tail.map((r) => r.total),
    tailComplete: ranked.length < options.topK + sizes.tail,
    listIds: list.partners.map((p) => p.partnerId),
  };
  return { list, state, query };
}

/** A base run in memory: every list, its state, and the seekers filed by their blocking queries. */
export interface BaseRun {
  lists: Map<string, PartnerList>;
  states: Map<string, BaseListState>;
  reach: ReverseBlockingIndex;
}

/** Every list of `snapshot`, as a full run computes them, with the state an incremental step needs. */
export function computeBaseRun(ref: Reference, snapshot: RunSnapshot, options: ListOptions, sizes: StateSizes = STATE_SIZES): BaseRun {
  const run: BaseRun = { lists: new Map(), states: new Map(), reach: new ReverseBlockingIndex() };
  for (const seeker of snapshot.byId.values()) {
    const { list, state, query } = computeListWithState(ref, snapshot, seeker, options, sizes);
    run.lists.set(seeker.id, list);
    run.states.set(seeker.id, state);
    run.reach.add(seeker.id, query, lowestKnown(state), lowestKnownId(state));
  }
  return run;
}

/**
 * The services matched by the last hit the state holds (1 when it holds every hit): a changed organisation matching
 * fewer of the seeker's query services ranks below everything the state knows, so it cannot move the list without
 * the state running out anyway (incremental.ts), and the reverse index need not send it to this seeker.
 */
export function lowestKnown(state: BaseListState): number {
  return state.beyondComplete || state.edgeCounts.length === 0 ? 1 : state.edgeCounts[state.edgeCounts.length - 1];
}

/** The id of the last hit the state holds, with lowestKnown its key in pool order (none when it holds every hit). */
export function lowestKnownId(state: BaseListState): string | undefined {
  return state.beyondComplete || state.edgeIds.length === 0 ? undefined : state.edgeIds[state.edgeIds.length - 1];
}

/** CellIndex's count for a hit: the distinct query services it lists (its areas already met the query's). */
export function servicesMatched(org: Organisation, services: ReadonlySet<string>): number {
  let n = 0;
  for (const code of new Set(org.services)) if (services.has(code)) n++;
  return n;
}

/** Flags of a packed state (its byte 7). */
const BEYOND_COMPLETE = 1;
const TAIL_COMPLETE = 2;
/** the list's partners follow the tail */
const LIST_IDS = 4;

/**
 * A state as bytes, ids as ordinals of the run's organisations (`ordinalOf`, 4 bytes each): the form a run
 * persists. Layout (little-endian): poolSize u32, edge length u8, edgeInPool u8, tail length u8, flags u8
 * (1 beyondComplete, 2 tailComplete, 4 list ids follow); per edge hit ordinal u32 + services matched u16; per tail
 * entry ordinal u32 + total × 10,000 u16 (totals have 4 decimals, in [0, 1]); then, with flag 4, the list's length
 * u16 and its partners' ordinals u32.
 */
export function packState(state: BaseListState, ordinalOf: (id: string) => number): Uint8Array {
  const list = state.listIds;
  const bytes = new Uint8Array(8 + 6 * (state.edgeIds.length + state.tailIds.length) + (list ? 2 + 4 * list.length : 0));
  const view = new DataView(bytes.buffer);
  view.setUint32(0, state.poolSize, true);
  view.setUint8(4, state.edgeIds.length);
  view.setUint8(5, state.edgeInPool);
  view.setUint8(6, state.tailIds.length);
  view.setUint8(7, (state.beyondComplete ? BEYOND_COMPLETE : 0) | (state.tailComplete ? TAIL_COMPLETE : 0) | (list ? LIST_IDS : 0));
  let at = 8;
  for (let i = 0; i < state.edgeIds.length; i++, at += 6) {
    view.setUint32(at, ordinalOf(state.edgeIds[i]), true);
    view.setUint16(at + 4, state.edgeCounts[i], true);
  }
  for (let i = 0; i < state.tailIds.length; i++, at += 6) {
    view.setUint32(at, ordinalOf(state.tailIds[i]), true);
    view.setUint16(at + 4, Math.round(state.tailTotals[i] * 10_000), true);
  }
  if (list) {
    view.setUint16(at, list.length, true);
    for (let i = 0, o = at + 2; i < list.length; i++, o += 4) view.setUint32(o, ordinalOf(list[i]), true);
  }
  return bytes;
}

/** The state packState wrote; `idOf` maps an ordinal back to its id; `keepOrdinals` keeps the ordinals too. */
export function unpackState(bytes: Uint8Array, idOf: (ordinal: number) => string, keepOrdinals = false): BaseListState {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const edge = view.getUint8(4);
  const tail = view.getUint8(6);
  const flags = view.getUint8(7);
  const state: BaseListState = {
    poolSize: view.getUint32(0, true),
    edgeIds: [],
    edgeCounts: [],
    edgeInPool: view.getUint8(5),
    beyondComplete: (flags & BEYOND_COMPLETE) !== 0,
    tailIds: [],
    tailTotals: [],
    tailComplete: (flags & TAIL_COMPLETE) !== 0,
  };
  const ordinals: BaseListState['ordinals'] = keepOrdinals ? { edge: new Array<number>(edge), tail: new Array<number>(tail) } : undefined;
  let at = 8;
  for (let i = 0; i < edge; i++, at += 6) {
    const o = view.getUint32(at, true);
    state.edgeIds.push(idOf(o));
    state.edgeCounts.push(view.getUint16(at + 4, true));
    if (ordinals) ordinals.edge[i] = o;
  }
  for (let i = 0; i < tail; i++, at += 6) {
    const o = view.getUint32(at, true);
    state.tailIds.push(idOf(o));
    state.tailTotals.push(view.getUint16(at + 4, true) / 10_000);
    if (ordinals) ordinals.tail[i] = o;
  }
  if ((flags & LIST_IDS) !== 0) {
    const n = view.getUint16(at, true);
    state.listIds = new Array<string>(n);
    const list = ordinals ? new Array<number>(n) : undefined;
    for (let i = 0, p = at + 2; i < n; i++, p += 4) {
      const o = view.getUint32(p, true);
      state.listIds[i] = idOf(o);
      if (list) list[i] = o;
    }
    if (ordinals) ordinals.list = list;
  }
  if (ordinals) state.ordinals = ordinals;
  return state;
}

/** Rewrites, in place, the ordinals of a state packState wrote: each ordinal `o` becomes `map(o)`. */
export function remapOrdinals(bytes: Uint8Array, map: (ordinal: number) => number): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries = view.getUint8(4) + view.getUint8(6);
  let at = 8;
  for (let i = 0; i < entries; i++, at += 6) view.setUint32(at, map(view.getUint32(at, true)), true);
  if ((view.getUint8(7) & LIST_IDS) === 0) return;
  const n = view.getUint16(at, true);
  for (let i = 0, o = at + 2; i < n; i++, o += 4) view.setUint32(o, map(view.getUint32(o, true)), true);
}

/** Whether a packed state holds its list's partners (states written before 2026-12-07 do not). */
export function holdsListIds(bytes: Uint8Array): boolean {
  return bytes.length > 7 && (bytes[7] & LIST_IDS) !== 0;
}

/** lowestKnownId of a packed state, as the ordinal of that id (undefined when the state holds every hit). */
export function lowestKnownOrdinal(bytes: Uint8Array): number | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const edge = view.getUint8(4);
  if ((view.getUint8(7) & BEYOND_COMPLETE) !== 0 || edge === 0) return undefined;
  return view.getUint32(8 + 6 * (edge - 1), true);
}
