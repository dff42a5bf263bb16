/**
 * A pool of worker threads computing shards (see shard-computer.ts). Each thread loads the reference data once
 * and receives a run's organisations once (serialized once for all threads, see `wire`), then indexes and scores shards sent to it; the
 * lists come back packed (packed-lists.ts: organisations as ordinals of the array sent, typed arrays transferred,
 * not cloned) to the caller, which saves them. A thread that dies rejects its shard (the queue retries it) and is
 * replaced. An incremental run's step is split over the same threads (`increment`, incremental-work.ts).
 */
import { serialize } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { Organisation } from '../organisations/schema.ts';
import {
  encodeRepair,
  partFromThread,
  ResultSlabs,
  SharedScratch,
  stepMessage,
  type PartMessage,
  type PartResult,
  type StepPart,
  type StepSetup,
  type StepWork,
} from './incremental-work.ts';
import { fromWire, type WireLists } from './packed-lists.ts';
import { joinComparisons, type RecordComparison } from './record-changes.ts';
import type { ShardPayload } from './payloads.ts';
import type { ShardComputer, ShardResult } from './shard-computer.ts';

/**
 * Scoring makes many short-lived objects: a young generation of 192 MB (V8 semi-spaces of 64 MB instead of
 * 16) keeps them from being promoted and collected by the slower old-generation GC (measured in docs/refresh.md).
 */
const LIMITS = { maxYoungGenerationSizeMb: 192 };

const ENTRY = new URL(import.meta.url.endsWith('.ts') ? './compute-thread.ts' : './compute-thread.js', import.meta.url);

interface Slot {
  worker: Worker;
  busy: boolean;
  /** runs whose organisations this thread holds, with the array its snapshot was built from (ordinals refer to it) */
  runs: Map<string, readonly Organisation[]>;
}

/** A shard as a thread sends it back: the lists on the wire. */
type ThreadResult = Omit<ShardResult, 'lists'> & { lists: WireLists };

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
  progress?: (done: number) => void;
}

export class ThreadComputer implements ShardComputer {
  private readonly slots: Slot[] = [];
  private readonly waiting: ((slot: Slot) => void)[] = [];
  private readonly pending = new Map<number, Pending & { slot: Slot }>();
  private readonly organisations = new Map<string, Promise<Organisation[]>>();
  /**
   * A run's organisations serialized (v8.serialize) into memory shared with the threads, until every thread holds
   * them: posting the array itself serialized it once per thread on this thread (at 1,000,000 organisations several
   * seconds each, while the calling thread was the one the threads waited on).
   */
  private readonly wire = new WeakMap<readonly Organisation[], Uint8Array>();
  private nextId = 0;
  private closed = false;

  constructor(threads: number) {
    for (let i = 0; i < threads; i++) {
      const slot = { busy: false, runs: new Map() } as Slot;
      slot.worker = this.spawn(slot);
      this.slots.push(slot);
    }
  }

  async compute(shard: ShardPayload, load: () => Promise<Organisation[]>, progress?: (done: number) => void): Promise<ShardResult> {
    const orgs = await this.organisationsOf(shard.runId, load);
    const slot = await this.acquire();
    try {
      this.sendSnapshot(slot, shard.runId, orgs);
      const result = await this.ask<ThreadResult>(slot, { type: 'shard', shard, computedAt: new Date().toISOString() }, progress);
      // Ordinals of `orgs`, the array this thread's snapshot was built from: ids resolve to the strings held already.
      return { ...result, lists: fromWire(result.lists, (ordinal) => orgs[ordinal].id) };
    } finally {
      this.release(slot);
    }
  }

  /**
   * Sends an incremental run's organisations now to every thread, which builds its snapshot of them while the caller
   * goes on (decoding the base run's state); `increment` then starts the step on them.
   */
  prepareIncrement(runId: string, organisations: readonly Organisation[]): void {
    for (const slot of this.slots) this.sendSnapshot(slot, runId, organisations);
  }

  /** The blobs split into as many runs as there are threads, each compared on the first thread free (record-changes.ts). */
  async compareRecords(runId: string, organisations: readonly Organisation[], blobs: readonly Uint8Array[]): Promise<RecordComparison> {
    const size = Math.ceil(blobs.length / this.slots.length);
    const parts: Promise<RecordComparison>[] = [];
    for (let start = 0; start < blobs.length; start += size) {
      parts.push(
        (async () => {
          const slot = await this.acquire();
          try {
            this.sendSnapshot(slot, runId, organisations);
            return await this.ask<RecordComparison>(slot, { type: 'records', runId, blobs: blobs.slice(start, start + size) });
          } finally {
            this.release(slot);
          }
        })(),
      );
    }
    return joinComparisons(await Promise.all(parts), organisations.length);
  }

  /**
   * The step split over the threads (incremental-work.ts), each part to the first free thread. A thread that dies
   * fails the part it held, and the run with it (the queue retries the run; a new thread has no step).
   */
  increment(setup: StepSetup): StepWork {
    const { runId, organisations, options } = setup;
    const step = stepMessage(setup);
    const changedAt = new Map(step.changed.map((id, i) => [id, i]));
    for (const slot of this.slots) {
      this.sendSnapshot(slot, runId, organisations);
      slot.worker.postMessage({ type: 'increment', runId, step });
    }
    // Memory shared with the threads (incremental-work.ts): a scratch per part in flight, and the lists they write.
    const scratches: SharedScratch[] = [];
    const slabs = new ResultSlabs();
    const send = async (part: PartMessage, scratch?: SharedScratch): Promise<StepPart> => {
      const slot = await this.acquire();
      try {
        const result = await this.ask<PartResult>(slot, { type: 'part', runId, part });
        return partFromThread(result, part.out, organisations, options.computedAt);
      } finally {
        this.release(slot);
        if (scratch) scratches.push(scratch);
      }
    };
    // The states' id table goes with the first repair: the caller may still be decoding the states until then.
    let statesSent = false;
    return {
      parallel: this.slots.length,
      recompute: (ids) => send({ out: slabs.region(ids.length, ids.length * options.topK), full: [...ids] }),
      repair: (slice, listOf) => {
        if (!statesSent) {
          statesSent = true;
          for (const slot of this.slots) slot.worker.postMessage({ type: 'states', runId, stateIds: setup.states.idTable });
        }
        const scratch = scratches.pop() ?? new SharedScratch();
        const out = slabs.region(slice.length, slice.length * options.topK);
        return send(encodeRepair(slice, listOf, setup.states, changedAt, scratch, out), scratch);
      },
      close: () => this.forgetRun(runId),
    };
  }

  forgetRun(runId: string): void {
    this.organisations.delete(runId);
    for (const slot of this.slots) {
      if (!slot.runs.delete(runId)) continue;
      if (slot.runs.size > 0 || slot.busy) slot.worker.postMessage({ type: 'forget', runId });
      else this.replace(slot);
    }
  }

  /**
   * A thread that holds no run any more, idle, is replaced by a fresh one rather than told to forget: at 1,000,000
   * organisations a thread that had scored a full run still held ≈ 1.1 GB more than a fresh one once it had built the
   * next run's snapshot (what it kept was not found), its collections pausing seconds at a time, and the incremental
   * run after the full run took 357 s in the same process; with fresh threads, 253 s (docs/refresh.md, "2026-12-08").
   */
  private replace(slot: Slot): void {
    const old = slot.worker;
    slot.worker = this.spawn(slot);
    void old.terminate();
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  /** The run's organisations to the thread, unless it holds this very array's snapshot (ordinals refer to it). */
  private sendSnapshot(slot: Slot, runId: string, orgs: readonly Organisation[]): void {
    // A run loaded again after it left the cache is sent again.
    if (slot.runs.get(runId) === orgs) return;
    slot.runs.delete(runId);
    // Keep the two latest runs per thread, like the inline snapshot cache.
    if (slot.runs.size >= 2) {
      const oldest = slot.runs.keys().next().value!;
      slot.runs.delete(oldest);
      slot.worker.postMessage({ type: 'forget', runId: oldest });
    }
    slot.worker.postMessage({ type: 'snapshot', runId, organisations: this.serialized(orgs) });
    slot.runs.set(runId, orgs);
    if (this.slots.every((s) => s.runs.get(runId) === orgs)) this.wire.delete(orgs);
  }

  private serialized(orgs: readonly Organisation[]): Uint8Array {
    let bytes = this.wire.get(orgs);
    if (!bytes) {
      const buffer = serialize(orgs);
      bytes = new Uint8Array(new SharedArrayBuffer(buffer.byteLength));
      bytes.set(buffer);
      this.wire.set(orgs, bytes);
    }
    return bytes;
  }

  /** A message to a thread (its `id` added) and the result it answers with. */
  private ask<T>(slot: Slot, message: object, progress?: (done: number) => void): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: (result) => resolve(result as T), reject, progress, slot });
      slot.worker.postMessage({ ...message, id });
    });
  }

  private organisationsOf(runId: string, load: () => Promise<Organisation[]>): Promise<Organisation[]> {
    let entry = this.organisations.get(runId);
    if (!entry) {
      entry = load();
      entry.catch(() => this.organisations.delete(runId));
      this.organisations.set(runId, entry);
      while (this.organisations.size > 2) this.organisations.delete(this.organisations.keys().next().value!);
    }
    return entry;
  }

  private spawn(slot: Slot): Worker {
    // From TypeScript sources (tsx, vitest) the thread registers tsx's loader before importing its entry.
    const worker = ENTRY.pathname.endsWith('.ts')
      ? new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(ENTRY.href)}); });`, {
          eval: true,
          resourceLimits: LIMITS,
        })
      : new Worker(ENTRY, { resourceLimits: LIMITS });
    worker.unref();
    worker.on('message', (message: { id: number; progress?: number; result?: unknown; error?: string }) => {
      const pending = this.pending.get(message.id);
      if (!pending) return;
      if (message.progress !== undefined) pending.progress?.(message.progress);
      else {
        this.pending.delete(message.id);
        if (message.error !== undefined) pending.reject(new Error(`refresh/thread: ${message.error}`));
        else pending.resolve(message.result);
      }
    });
    const dead = (error: Error) => {
      if (this.closed || slot.worker !== worker) return;
      // Fail what this thread was doing (the queue retries it) and put a fresh thread in its place.
      for (const [id, pending] of this.pending) {
        if (pending.slot !== slot) continue;
        this.pending.delete(id);
        pending.reject(error);
      }
      slot.runs.clear();
      slot.worker = this.spawn(slot);
      void worker.terminate();
    };
    worker.on('error', dead);
    worker.on('exit', (code) => dead(new Error(`refresh/thread: worker thread exited with code ${code}`)));
    return worker;
  }

  private acquire(): Promise<Slot> {
    const free = this.slots.find((s) => !s.busy);
    if (free) {
      free.busy = true;
      return Promise.resolve(free);
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(slot: Slot): void {
    const next = this.waiting.shift();
    if (next) next(slot);
    else slot.busy = false;
  }
}
