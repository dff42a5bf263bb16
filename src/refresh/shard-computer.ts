/**
 * Computing a shard's lists, apart from saving them: on the calling thread (InlineComputer, what BullMQ
 * worker processes use: scale with more processes) or on a pool of worker threads (ThreadComputer, what the
 * in-process runner uses, so a run in the API process uses WORKER_CONCURRENCY cores and leaves the event
 * loop free for requests). Both load the run's organisations once (per process or per thread), index them,
 * and compute with computeList.
 */
import type { Organisation } from '../organisations/schema.ts';
import type { Reference } from '../reference/types.ts';
import { computeListWithState, lowestKnown } from './base-state.ts';
import { inlineStep, type StepSetup, type StepWork } from './incremental-work.ts';
import type { ShardPayload } from './payloads.ts';
import type { RecordComparison } from './record-changes.ts';
import { SnapshotCache } from './snapshot.ts';
import { encodeShardState, type SeekerState, type ShardState } from './state-blob.ts';
import type { ShardLists } from './packed-lists.ts';
import type { PartnerList } from './types.ts';

export interface ShardResult {
  /** objects when computed on the calling thread, packed when sent by a thread (packed-lists.ts) */
  lists: ShardLists;
  /** organisations planned but gone since */
  missing: number;
  /** the shard's state for the incremental refresh (state-blob.ts), gzip'd */
  state: Uint8Array;
}

export interface ShardComputer {
  /**
   * `load` reads the run's organisations (called at most once per run and process); `progress` receives the
   * number of organisations done so far.
   */
  compute(shard: ShardPayload, load: () => Promise<Organisation[]>, progress?: (done: number) => void): Promise<ShardResult>;
  /**
   * Drops what is held for a run that will score no more shards (committed or failed): at 1,000,000 organisations the
   * snapshots are gigabytes a thread, otherwise held until two newer runs push them out.
   */
  forgetRun(runId: string): void;
  /**
   * An incremental run's organisations now, sent ahead to where its step will run (a ThreadComputer's threads build
   * their snapshots meanwhile); `increment` sends them if this was not called.
   */
  prepareIncrement(runId: string, organisations: readonly Organisation[]): void;
  /**
   * The base run's records (in its state blobs) compared with the incremental run's organisations now, where this
   * computer holds them (record-changes.ts); without it the caller compares them itself.
   */
  compareRecords?(runId: string, organisations: readonly Organisation[], blobs: readonly Uint8Array[]): Promise<RecordComparison>;
  /** An incremental run's step, where this computer scores (incremental-work.ts). */
  increment(setup: StepSetup): StepWork;
  close(): Promise<void>;
}

export class InlineComputer implements ShardComputer {
  private readonly snapshots: SnapshotCache;

  constructor(
    private readonly ref: Reference,
    private readonly computedAt: () => string,
    /** organisations scored between two yields to the event loop (RefreshSettings.yieldEvery; 0: never) */
    private readonly yieldEvery: number,
  ) {
    this.snapshots = new SnapshotCache(ref);
  }

  async compute(shard: ShardPayload, load: () => Promise<Organisation[]>, progress?: (done: number) => void): Promise<ShardResult> {
    const snapshot = await this.snapshots.get(shard.runId, load);
    const result = computeShard(this.ref, snapshot, shard, this.computedAt(), listArray(), this.yieldEvery === 0 ? undefined : progress);
    const computed = this.yieldEvery === 0 ? drain(result) : await drainAsync(result, this.yieldEvery);
    return withState(computed);
  }

  forgetRun(runId: string): void {
    this.snapshots.forget(runId);
  }

  prepareIncrement(): void {}

  /** On this thread: a worker process scales with more processes, not threads. */
  increment(setup: StepSetup): StepWork {
    return inlineStep(this.ref, setup);
  }

  async close(): Promise<void> {}
}

/** A shard's lists with its state, before the state is encoded. */
export interface ComputedShard<L = PartnerList[]> {
  lists: L;
  missing: number;
  state: ShardState;
}

/** Where a shard's lists go as they are made: an array by default; a thread packs them at once (WireListsBuilder). */
export interface ListSink<L> {
  add(list: PartnerList): void;
  finish(): L;
}

export function listArray(): ListSink<PartnerList[]> {
  const lists: PartnerList[] = [];
  return { add: (list) => void lists.push(list), finish: () => lists };
}

/**
 * The shard as a generator: yields after each organisation, returns the lists with the state an incremental run
 * starts from (computeListWithState: the lists are exactly computeList's).
 */
export function* computeShard<L>(
  ref: Reference,
  snapshot: Awaited<ReturnType<SnapshotCache['get']>>,
  shard: ShardPayload,
  computedAt: string,
  sink: ListSink<L>,
  progress?: (done: number) => void,
): Generator<number, ComputedShard<L>> {
  const options = { topK: shard.topK, maxCandidates: shard.maxCandidates, asOf: new Date(shard.asOf), computedAt };
  const records: Organisation[] = [];
  const seekers: SeekerState[] = [];
  let missing = 0;
  const step = Math.max(1, Math.ceil(shard.orgIds.length / 10));
  for (let i = 0; i < shard.orgIds.length; i++) {
    const seeker = snapshot.byId.get(shard.orgIds[i]);
    if (seeker) {
      const { list, state, query } = computeListWithState(ref, snapshot, seeker, options);
      sink.add(list);
      records.push(seeker);
      seekers.push({ seekerId: seeker.id, state, query, minServices: lowestKnown(state) });
    } else missing++; // deleted since the run was planned
    if ((i + 1) % step === 0) progress?.(i + 1);
    yield i + 1;
  }
  return { lists: sink.finish(), missing, state: { shard: shard.shard, computedAt, records, seekers } };
}

/** The computed shard with its state encoded (state-blob.ts). */
export async function withState<L>(computed: ComputedShard<L>): Promise<Omit<ShardResult, 'lists'> & { lists: L }> {
  return { lists: computed.lists, missing: computed.missing, state: await encodeShardState(computed.state) };
}

function drain<T>(gen: Generator<number, T>): T {
  for (;;) {
    const next = gen.next();
    if (next.done) return next.value;
  }
}

async function drainAsync<T>(gen: Generator<number, T>, every: number): Promise<T> {
  for (let n = 1; ; n++) {
    const next = gen.next();
    if (next.done) return next.value;
    if (n % every === 0) await new Promise((resolve) => setImmediate(resolve));
  }
}
