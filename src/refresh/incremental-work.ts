/**
 * Where an incremental run's step runs (incremental-run.ts): on the calling thread (`inlineStep`: what a BullMQ
 * worker process and the unit tests use) or split over a ThreadComputer's scoring threads (thread-computer.ts, what
 * the in-process runner uses), a part at a time: the changed seekers' lists recomputed in full, then each slice of
 * reached seekers repaired from the base lists the caller read for it. Each thread holds the organisations now (its
 * own snapshot, as for a full run's shards) and the changes; a part carries its slice's changed hits, states and
 * base lists in typed arrays over shared memory, and the thread writes the lists it rewrites into shared memory too.
 * Until 2026-12-07 the step ran on the calling thread only: at 1,000,000 organisations it repaired ≈ 845,000 lists
 * on one core while the scoring threads sat idle (docs/refresh.md).
 *
 * The encoding of a part for a thread (`encodeRepair`) and its running there (`runPart`) are here too, so that both
 * sides of the message are read together. Pure apart from the threads' messages.
 */
import type { Organisation } from '../organisations/schema.ts';
import type { Reference } from '../reference/types.ts';
import { unpackState, type BaseListState } from './base-state.ts';
import type { ListOptions, RunSnapshot } from './compute-lists.ts';
import {
  IncrementalStep,
  type BaseRunView,
  type ChangedFlags,
  type ChangedHit,
  type IncrementalResult,
  type StepCounts,
} from './incremental.ts';
import { FACTOR_STRIDE, PackedListWriter, type ListNumbers, type PackedList, type PackedLists } from './packed-lists.ts';
import type { StoredStates } from './stored-states.ts';

/** A part's outcome: the lists it rewrote, and its counters. */
export interface StepPart {
  lists: PackedLists;
  counts: StepCounts;
}

/** An incremental run's step as the caller drives it. */
export interface StepWork {
  /** parts worth having in flight at once (the threads' number; 1 on the calling thread) */
  readonly parallel: number;
  /** The changed seekers present now, recomputed in full. */
  recompute(ids: readonly string[]): Promise<StepPart>;
  /**
   * Unchanged seekers with their changed hits, repaired from their base lists (`listOf`: undefined when there is none
   * or it no longer matches its state) or recomputed. The lists are read before this returns: the caller may reuse
   * their memory (ListScratch) as soon as it has the promise.
   */
  repair(
    slice: readonly (readonly [string, readonly ChangedHit[]])[],
    listOf: (seekerId: string) => BaseList | undefined,
  ): Promise<StepPart>;
  /** Lets go of what the step holds (the threads' snapshots). */
  close(): void;
}

/**
 * A base list as the caller read it: whole, or its numbers alone when its partners' ids are in its state
 * (base-state.ts listIds; PartnerScoreStore.readListNumbers).
 */
export type BaseList = PackedList | ListNumbers;

/**
 * The base run as IncrementalStep reads it, from lists read with or without their ids and a way to unpack states:
 * a list without ids takes its state's (and is none when they do not fit its numbers); each state unpacked once.
 */
export function baseView(
  listOf: (seekerId: string) => BaseList | undefined,
  unpack: (seekerId: string) => BaseListState | undefined,
): Pick<BaseRunView, 'listOf' | 'stateOf'> {
  let lastId: string | undefined;
  let last: BaseListState | undefined;
  const stateOf = (id: string) => {
    if (id !== lastId) {
      lastId = id;
      last = unpack(id);
    }
    return last;
  };
  return {
    stateOf,
    listOf(id) {
      const list = listOf(id);
      if (!list || 'ids' in list) return list;
      const ids = stateOf(id)?.listIds;
      return ids && ids.length === list.totals.length ? { ...list, ids } : undefined;
    },
  };
}

/** The step's inputs. */
export interface StepSetup {
  runId: string;
  /** the organisations now: a thread's part names them by ordinal in this array */
  organisations: readonly Organisation[];
  /** the snapshot of `organisations`, built when the step runs on the calling thread (threads build their own) */
  after: () => RunSnapshot;
  /** the changed organisations as the base run saw them */
  before: ReadonlyMap<string, Organisation>;
  changed: ReadonlySet<string>;
  /**
   * the base run's states: a ThreadComputer reads them at the first repair, so the step can start (recomputing the
   * changed seekers) while the caller is still decoding them into this object (incremental-run.ts)
   */
  states: StoredStates;
  options: ListOptions;
}

export function addCounts(into: StepCounts, part: StepCounts): void {
  into.visited += part.visited;
  into.touched += part.touched;
  into.repairs += part.repairs;
  into.entering += part.entering;
  into.promoted += part.promoted;
  for (const reason of Object.keys(into.recomputed) as (keyof StepCounts['recomputed'])[])
    into.recomputed[reason] += part.recomputed[reason];
}

/** The step on the calling thread: one IncrementalStep whose lists pile up in one writer until they are applied. */
export function inlineStep(ref: Reference, setup: StepSetup): StepWork {
  const writer = new PackedListWriter(16_384, 1 << 24);
  const after = setup.after();
  const part = (run: (step: IncrementalStep) => void): Promise<StepPart> => {
    const step = new IncrementalStep(ref, { byId: setup.before }, after, setup.options, setup.changed, writer);
    run(step);
    return Promise.resolve({ lists: { packed: step.result.lists }, counts: countsOf(step.result) });
  };
  return {
    parallel: 1,
    recompute: (ids) => part((step) => step.recomputeChanged(ids)),
    repair: (slice, listOf) =>
      part((step) =>
        step.repair(
          baseView(listOf, (id) => setup.states.get(id)),
          slice,
        ),
      ),
    close() {},
  };
}

/**
 * What a thread is sent once per run, after the run's snapshot: the changes. Changed hits name the changed
 * organisation by its place in `changed`. The table the packed states' ordinals index comes before the first repair
 * (`withStates`): the changed seekers can be recomputed before the states are decoded.
 */
export interface StepMessage {
  before: Organisation[];
  changed: string[];
  options: ListOptions;
}

export function stepMessage(setup: StepSetup): StepMessage {
  return { before: [...setup.before.values()], changed: [...setup.changed], options: setup.options };
}

/**
 * A part as it is posted to a thread: the changed seekers to recompute (`full`), or a slice of reached seekers in
 * typed arrays over shared memory (SharedScratch; a slice of 20,000 as objects was ≈ 1,000,000 strings to copy on the
 * thread that reads the lists, which then held up the others): seeker i's changed hits at [hitEnds[i−1],
 * hitEnds[i]), its packed state at [stateEnds[i−1], stateEnds[i]) of `states` (empty: none), its base list's partners
 * at [listEnds[i−1], listEnds[i]) with their ids joined by newlines in `listIds[i]`, or null: then the list's ids are
 * its state's when `idsInState[i]` is 1, and there is no list when it is 0.
 */
export interface PartMessage {
  /** where the thread writes the lists it rewrites (a region of the caller's ResultSlabs) */
  out: PartOutput;
  full?: string[];
  seekers?: string[];
  hitEnds?: Uint32Array;
  hitChanged?: Uint32Array;
  hitBefore?: Uint16Array;
  hitAfter?: Uint16Array;
  stateEnds?: Uint32Array;
  states?: Uint8Array;
  listIds?: (string | null)[];
  idsInState?: Uint8Array;
  listEnds?: Uint32Array;
  totals?: Float64Array;
  factors?: Float32Array;
}

/**
 * Memory shared with the threads, reused part after part: a part's arrays are views of it, not copies, and nothing is
 * allocated or transferred per part. Why: V8 starts a major garbage collection each time 64 MB more of array-buffer
 * memory is allocated or received, and at 1,000,000 organisations each one marked the calling thread's heap of
 * ≈ 10 GB — with a part's ≈ 80 MB of arrays sent and its lists received, the calling thread spent the step collecting
 * while the threads waited (docs/refresh.md).
 */
export class SharedScratch {
  private buffer = new SharedArrayBuffer(0);
  private used = 0;

  /** `n` elements of `type`, 8-byte aligned, after what was taken since `fit`. */
  take<T extends Uint8Array | Uint16Array | Uint32Array | Float32Array | Float64Array>(
    type: { new (buffer: SharedArrayBuffer, offset: number, length: number): T; BYTES_PER_ELEMENT: number },
    n: number,
  ): T {
    const at = Math.ceil(this.used / 8) * 8;
    const bytes = n * type.BYTES_PER_ELEMENT;
    if (at + bytes > this.buffer.byteLength) throw new Error(`refresh/incremental: shared scratch too small for ${at + bytes} bytes`);
    this.used = at + bytes;
    return new type(this.buffer, at, n);
  }

  /** Makes room for `bytes` in all, dropping what was taken. */
  fit(bytes: number): void {
    if (bytes > this.buffer.byteLength) this.buffer = new SharedArrayBuffer(Math.max(bytes, 2 * this.buffer.byteLength, 1 << 20));
    this.used = 0;
  }
}

/** A part's output: lists i at [ends[i−1], ends[i]) of the rows (seekers and partners as ordinals of the organisations now). */
export interface PartOutput {
  seekers: Uint32Array;
  ends: Uint32Array;
  partners: Uint32Array;
  totals: Float64Array;
  factors: Float32Array;
}

/**
 * Where the threads write the lists they rewrite, on the calling thread: shared chunks that double, to 16,777,216
 * partners, each part a region of `seekers` × topK rows (the most it can write). The lists stay there, views of the
 * chunk, until they are applied, as an inline step's stay in its PackedListWriter.
 */
export class ResultSlabs {
  private chunk: PartOutput = emptyOutput();
  private seekersUsed = 0;
  private rowsUsed = 0;

  /** `size`: rows of the first chunk; each next one holds twice the last, up to `maxRows` (or a region's rows) */
  constructor(
    private size = 1 << 20,
    private readonly maxRows = 1 << 24,
  ) {}

  region(seekers: number, rows: number): PartOutput {
    if (this.seekersUsed + seekers > this.chunk.seekers.length || this.rowsUsed + rows > this.chunk.partners.length) {
      if (this.chunk.partners.length > 0) this.size = Math.min(this.maxRows, this.size * 2);
      const capacity = Math.max(rows, this.size);
      this.chunk = sharedOutput(Math.max(seekers, Math.ceil(capacity / 8)), capacity);
      this.seekersUsed = 0;
      this.rowsUsed = 0;
    }
    const s = this.seekersUsed;
    const r = this.rowsUsed;
    this.seekersUsed += seekers;
    this.rowsUsed += rows;
    const c = this.chunk;
    return {
      seekers: c.seekers.subarray(s, s + seekers),
      ends: c.ends.subarray(s, s + seekers),
      partners: c.partners.subarray(r, r + rows),
      totals: c.totals.subarray(r, r + rows),
      factors: c.factors.subarray(r * FACTOR_STRIDE, (r + rows) * FACTOR_STRIDE),
    };
  }
}

function emptyOutput(): PartOutput {
  return {
    seekers: new Uint32Array(0),
    ends: new Uint32Array(0),
    partners: new Uint32Array(0),
    totals: new Float64Array(0),
    factors: new Float32Array(0),
  };
}

function sharedOutput(seekers: number, rows: number): PartOutput {
  const shared = <T>(type: { new (b: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number }, n: number) =>
    new type(new SharedArrayBuffer(n * type.BYTES_PER_ELEMENT));
  return {
    seekers: shared(Uint32Array, seekers),
    ends: shared(Uint32Array, seekers),
    partners: shared(Uint32Array, rows),
    totals: shared(Float64Array, rows),
    factors: shared(Float32Array, rows * FACTOR_STRIDE),
  };
}

/**
 * A slice as a thread is sent it (PartMessage): its arrays are views of `scratch` (which the caller must not reuse
 * until the thread has answered), filled with what the thread needs of the lists. `changedAt`: place in `changed`.
 */
export function encodeRepair(
  slice: readonly (readonly [string, readonly ChangedHit[]])[],
  listOf: (seekerId: string) => BaseList | undefined,
  states: StoredStates,
  changedAt: ReadonlyMap<string, number>,
  scratch: SharedScratch,
  out: PartOutput,
): PartMessage {
  const n = slice.length;
  const listIds: (string | null)[] = new Array<string | null>(n).fill(null);
  const lists: (BaseList | undefined)[] = [];
  const stateBytes: (Uint8Array | undefined)[] = [];
  let hits = 0;
  let bytes = 0;
  let rows = 0;
  for (const [seekerId, seekerHits] of slice) {
    hits += seekerHits.length;
    const state = states.bytesOf(seekerId);
    stateBytes.push(state);
    bytes += state?.length ?? 0;
    const list = listOf(seekerId);
    lists.push(list);
    rows += list?.totals.length ?? 0;
  }
  // 3 ends arrays and the flags, the hits, the states, the numbers, and 8 bytes of alignment for each of the 10 arrays
  scratch.fit(13 * n + 8 * hits + bytes + rows * (8 + 4 * FACTOR_STRIDE) + 10 * 8);
  const idsInState = scratch.take(Uint8Array, n);
  const hitEnds = scratch.take(Uint32Array, n);
  const stateEnds = scratch.take(Uint32Array, n);
  const listEnds = scratch.take(Uint32Array, n);
  const hitChanged = scratch.take(Uint32Array, hits);
  const hitBefore = scratch.take(Uint16Array, hits);
  const hitAfter = scratch.take(Uint16Array, hits);
  const packedStates = scratch.take(Uint8Array, bytes);
  const totals = scratch.take(Float64Array, rows);
  const factors = scratch.take(Float32Array, rows * FACTOR_STRIDE);
  for (let i = 0, h = 0, b = 0, r = 0; i < n; i++) {
    for (const hit of slice[i][1]) {
      hitChanged[h] = changedAt.get(hit.id)!;
      hitBefore[h] = hit.before;
      hitAfter[h++] = hit.after;
    }
    hitEnds[i] = h;
    const state = stateBytes[i];
    if (state) packedStates.set(state, b);
    stateEnds[i] = b += state?.length ?? 0;
    const list = lists[i];
    idsInState[i] = 0;
    if (list) {
      if ('ids' in list) listIds[i] = list.ids.join('\n');
      else idsInState[i] = 1;
      totals.set(list.totals, r);
      factors.set(list.factors, r * FACTOR_STRIDE);
    }
    listEnds[i] = r += list?.totals.length ?? 0;
  }
  return {
    out,
    seekers: slice.map(([id]) => id),
    hitEnds,
    hitChanged,
    hitBefore,
    hitAfter,
    stateEnds,
    states: packedStates,
    listIds,
    idsInState,
    listEnds,
    totals,
    factors,
  };
}

/** What a thread holds for an incremental run (compute-thread.ts). */
export interface ThreadStep {
  ref: Reference;
  after: RunSnapshot;
  ordinals: ReadonlyMap<string, number>;
  before: ReadonlyMap<string, Organisation>;
  changed: ReadonlySet<string>;
  /** StepMessage.changed, and the states' id table (empty until `withStates`), as the snapshot's own strings where it has them */
  changedIds: readonly string[];
  stateIds: readonly string[];
  /** which of `stateIds` changed: the states are unpacked with their ordinals and tested by them */
  changedStates: ChangedFlags;
  /** per ordinal of `stateIds`, the organisation's ordinal now (−1: gone) */
  stateNow: Int32Array;
  options: ListOptions;
  /** reused part after part: a part's lists are copied to its output before the next is written */
  writer: PackedListWriter;
}

/** A thread's hold of a run's step, from the snapshot it built and the StepMessage. */
export function threadStep(ref: Reference, after: RunSnapshot, ordinals: ReadonlyMap<string, number>, message: StepMessage): ThreadStep {
  const changedIds = message.changed.map((id) => after.byId.get(id)?.id ?? id);
  return {
    ref,
    after,
    ordinals,
    before: new Map(message.before.map((org) => [org.id, org])),
    changed: new Set(changedIds),
    changedIds,
    stateIds: [],
    changedStates: new Uint8Array(0),
    stateNow: new Int32Array(0),
    options: message.options,
    writer: new PackedListWriter(16_384, 1 << 24),
  };
}

/** The states' id table (StoredStates.idTable, complete: sent before the first repair) into a thread's step. */
export function withStates(held: ThreadStep, stateIds: readonly string[]): void {
  held.stateIds = stateIds.map((id) => held.after.byId.get(id)?.id ?? id);
  held.changedStates = Uint8Array.from(held.stateIds, (id) => (held.changed.has(id) ? 1 : 0));
  held.stateNow = Int32Array.from(held.stateIds, (id) => held.ordinals.get(id) ?? -1);
}

/** Runs a part on a thread: the lists it rewrote on the wire (ordinals of the organisations now), and its counters. */
export function runPart(held: ThreadStep, part: PartMessage): PartResult {
  const { ref, after, options } = held;
  const step = new IncrementalStep(ref, { byId: held.before }, after, options, held.changed, held.writer, held.changedStates);
  if (part.full) step.recomputeChanged(part.full);
  if (part.seekers) {
    const { seekers, hitEnds, hitChanged, hitBefore, hitAfter, stateEnds, states, listIds, idsInState, listEnds, totals, factors } =
      part as Required<PartMessage>;
    const at = new Map(seekers.map((id, i) => [id, i]));
    // A list's ids are its state's where it holds them: the snapshot's own strings, so that each look-up of a partner
    // compares references, not characters. Ids read from the store stay the strings split here (a base run from
    // before states held them): a repair looks them up in the changed organisations (few) and writes the snapshot's
    // own string for each one it keeps; mapping all of them first was a sixth of a part.
    const stateIdOf = (o: number) => held.stateIds[o];
    const numbers = (i: number) => {
      const start = i === 0 ? 0 : listEnds[i - 1];
      return {
        computedAt: '',
        totals: totals.subarray(start, listEnds[i]),
        factors: factors.subarray(start * FACTOR_STRIDE, listEnds[i] * FACTOR_STRIDE),
      };
    };
    step.repair(
      baseView(
        (id) => {
          const i = at.get(id)!;
          const ids = listIds[i];
          if (ids !== null) return { ...numbers(i), ids: ids.split('\n') };
          return idsInState[i] === 1 ? numbers(i) : undefined;
        },
        (id) => {
          const i = at.get(id)!;
          const start = i === 0 ? 0 : stateEnds[i - 1];
          return stateEnds[i] === start ? undefined : unpackState(states.subarray(start, stateEnds[i]), stateIdOf, true);
        },
      ),
      seekers.map((id, i) => {
        const hits: ChangedHit[] = [];
        for (let h = i === 0 ? 0 : hitEnds[i - 1]; h < hitEnds[i]; h++)
          hits.push({ id: held.changedIds[hitChanged[h]], before: hitBefore[h], after: hitAfter[h] });
        return [id, hits] as const;
      }),
    );
  }
  // Into the caller's region: it holds seekers × topK rows, the most a part can write.
  const { out } = part;
  let rows = 0;
  step.result.lists.forEach(([seekerId, list], i) => {
    out.seekers[i] = ordinalIn(held.ordinals, seekerId);
    // A partner kept from a state is named by its ordinal there (IncrementalStep.tableOrdinals); the others by id.
    const fromState = step.tableOrdinals[i];
    for (let j = 0; j < list.ids.length; j++) {
      const now = fromState && fromState[j] >= 0 ? held.stateNow[fromState[j]] : -1;
      out.partners[rows + j] = now >= 0 ? now : ordinalIn(held.ordinals, list.ids[j]);
    }
    out.totals.set(list.totals, rows);
    out.factors.set(list.factors, rows * FACTOR_STRIDE);
    out.ends[i] = rows += list.ids.length;
  });
  held.writer.reset();
  return { lists: step.result.lists.length, counts: countsOf(step.result) };
}

function ordinalIn(ordinals: ReadonlyMap<string, number>, id: string): number {
  const ordinal = ordinals.get(id);
  if (ordinal === undefined) throw new Error(`refresh/incremental: ${id} is not among the organisations now`);
  return ordinal;
}

/** What a thread answers a part with: how many lists it wrote into the part's output, and its counters. */
export interface PartResult {
  lists: number;
  counts: StepCounts;
}

/** A thread's part back on the calling thread: the lists it wrote, by the organisations' own ids (views of `out`). */
export function partFromThread(result: PartResult, out: PartOutput, organisations: readonly Organisation[], computedAt: string): StepPart {
  const packed: (readonly [string, PackedList])[] = [];
  for (let i = 0, start = 0; i < result.lists; start = out.ends[i++]) {
    const end = out.ends[i];
    const ids = new Array<string>(end - start);
    for (let j = start; j < end; j++) ids[j - start] = organisations[out.partners[j]].id;
    packed.push([
      organisations[out.seekers[i]].id,
      {
        computedAt,
        ids,
        totals: out.totals.subarray(start, end),
        factors: out.factors.subarray(start * FACTOR_STRIDE, end * FACTOR_STRIDE),
      },
    ]);
  }
  return { lists: { packed }, counts: result.counts };
}

function countsOf(result: IncrementalResult): StepCounts {
  const { visited, touched, repairs, recomputed, entering, promoted } = result;
  return { visited, touched, repairs, recomputed: { ...recomputed }, entering, promoted };
}
