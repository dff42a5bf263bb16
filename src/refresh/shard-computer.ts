/**
 * Computing a shard's lists, apart from saving them: on the calling thread (InlineComputer, what BullMQ
 * worker processes use: scale with more processes) or on a pool of worker threads (ThreadComputer, what the
 * in-process runner uses, so a run in the API process uses WORKER_CONCURRENCY cores and leaves the event
 * loop free for requests). Both load the run's organisations once (per process or per thread), index them,
 * and compute with computeList.
 */
import type { Organisation } from '../organisations/schema.ts';
import type { Reference } from '../reference/types.ts';
import { computeList } from './compute-lists.ts';
import type { ShardPayload } from './payloads.ts';
import { SnapshotCache } from './snapshot.ts';
import type { PartnerList } from './types.ts';

export interface ShardResult {
  lists: PartnerList[];
  /** organisations planned but gone since */
  missing: number;
}

export interface ShardComputer {
  /**
   * `load` reads the run's organisations (called at most once per run and process); `progress` receives the
   * number of organisations done so far.
   */
  compute(shard: ShardPayload, load: () => Promise<Organisation[]>, progress?: (done: number) => void): Promise<ShardResult>;
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
    const result = computeShard(this.ref, snapshot, shard, this.computedAt(), this.yieldEvery === 0 ? undefined : progress);
    if (this.yieldEvery === 0) return drain(result);
    return drainAsync(result, this.yieldEvery);
  }

  async close(): Promise<void> {}
}

/** The shard as a generator: yields after each organisation, returns the lists. */
export function* computeShard(
  ref: Reference,
  snapshot: Awaited<ReturnType<SnapshotCache['get']>>,
  shard: ShardPayload,
  computedAt: string,
  progress?: (done: number) => void,
): Generator<number, ShardResult> {
  const options = { topK: shard.topK, maxCandidates: shard.maxCandidates, asOf: new Date(shard.asOf), computedAt };
  const lists: PartnerList[] = [];
  let missing = 0;
  const step = Math.max(1, Math.ceil(shard.orgIds.length / 10));
  for (let i = 0; i < shard.orgIds.length; i++) {
    const seeker = snapshot.byId.get(shard.orgIds[i]);
    if (seeker) lists.push(computeList(ref, snapshot, seeker, options));
    else missing++; // deleted since the run was planned
    if ((i + 1) % step === 0) progress?.(i + 1);
    yield i + 1;
  }
  return { lists, missing };
}

function drain(gen: Generator<number, ShardResult>): ShardResult {
  for (;;) {
    const next = gen.next();
    if (next.done) return next.value;
  }
}

async function drainAsync(gen: Generator<number, ShardResult>, every: number): Promise<ShardResult> {
  for (let n = 1; ; n++) {
    const next = gen.next();
    if (next.done) return next.value;
    if (n % every === 0) await new Promise((resolve) => setImmediate(resolve));
  }
}
