/**
 * Entry point of a ThreadComputer thread: holds run snapshots and computes the shards it is sent.
 * Messages in: {type: 'snapshot', runId, organisations (v8.serialize'd, shared)} | {type: 'forget', runId} |
 * {type: 'shard', id, shard, computedAt} | {type: 'records', id, runId, blobs} (record-changes.ts) |
 * {type: 'increment', runId, step} (after the run's snapshot), then {type: 'states', runId, stateIds} before the first
 * repair | {type: 'part', id, runId, part} (incremental-work.ts).
 * Out: {id, progress} while working, then {id, result} or {id, error}; the result's lists are packed (WireLists:
 * organisations as ordinals of the array the snapshot message sent) and their arrays transferred.
 */
import { deserialize } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import type { Organisation } from '../organisations/schema.ts';
import { defaultReference } from '../reference/load.ts';
import { buildSnapshot, type RunSnapshot } from './compute-lists.ts';
import { compareRecords } from './record-changes.ts';
import { runPart, threadStep, withStates, type PartMessage, type StepMessage, type ThreadStep } from './incremental-work.ts';
import type { ShardPayload } from './payloads.ts';
import { WireListsBuilder, wireTransfer } from './packed-lists.ts';
import { computeShard, withState } from './shard-computer.ts';

type Message =
  | { type: 'snapshot'; runId: string; organisations: Uint8Array }
  | { type: 'forget'; runId: string }
  | { type: 'shard'; id: number; shard: ShardPayload; computedAt: string }
  | { type: 'records'; id: number; runId: string; blobs: Uint8Array[] }
  | { type: 'increment'; runId: string; step: StepMessage }
  | { type: 'states'; runId: string; stateIds: string[] }
  | { type: 'part'; id: number; runId: string; part: PartMessage };

const ref = defaultReference();
/** a run's snapshot, the array it was built from, and each organisation's ordinal there */
const snapshots = new Map<string, { snapshot: RunSnapshot; organisations: Organisation[]; ordinals: Map<string, number> }>();
/** an incremental run's step, on the snapshot of the organisations now sent under its run id (incremental-work.ts) */
const increments = new Map<string, ThreadStep>();
/** the last shard's lists builder: the next one reuses its arrays */
let lastSink: WireListsBuilder | undefined;

parentPort!.on('message', (message: Message) => void handle(message));

async function handle(message: Message): Promise<void> {
  if (message.type === 'snapshot') {
    // v8.serialize'd by the caller once for every thread, in shared memory (thread-computer.ts `wire`).
    const bytes = message.organisations;
    const organisations = deserialize(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)) as Organisation[];
    const ordinals = new Map(organisations.map((org, i) => [org.id, i]));
    snapshots.set(message.runId, { snapshot: buildSnapshot(ref, organisations), organisations, ordinals });
  } else if (message.type === 'forget') {
    snapshots.delete(message.runId);
    increments.delete(message.runId);
  } else if (message.type === 'records') {
    const { id, runId, blobs } = message;
    try {
      const held = snapshots.get(runId);
      if (!held) throw new Error(`no snapshot of run ${runId} in this thread`);
      const result = await compareRecords(blobs, held.organisations, held.ordinals);
      parentPort!.postMessage({ id, result }, [result.seen.buffer as ArrayBuffer]);
    } catch (error) {
      parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
    }
  } else if (message.type === 'increment') {
    const held = snapshots.get(message.runId);
    // Without the snapshot every part of the run fails, naming it (below).
    if (!held) return;
    increments.set(message.runId, threadStep(ref, held.snapshot, held.ordinals, message.step));
  } else if (message.type === 'states') {
    // Without the step, the run's parts fail, naming it (below).
    const held = increments.get(message.runId);
    if (held) withStates(held, message.stateIds);
  } else if (message.type === 'part') {
    const { id, runId, part } = message;
    try {
      const held = increments.get(runId);
      if (!held) throw new Error(`no incremental step of run ${runId} in this thread`);
      parentPort!.postMessage({ id, result: runPart(held, part) });
    } catch (error) {
      parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
    }
  } else {
    const { id, shard, computedAt } = message;
    try {
      const held = snapshots.get(shard.runId);
      if (!held) throw new Error(`no snapshot of run ${shard.runId} in this thread`);
      const { snapshot, ordinals } = held;
      const sink = new WireListsBuilder(computedAt, shard.orgIds.length, shard.topK, (orgId) => ordinals.get(orgId) ?? -1, lastSink);
      lastSink = sink;
      const gen = computeShard(ref, snapshot, shard, computedAt, sink, (done) => parentPort!.postMessage({ id, progress: done }));
      let next = gen.next();
      while (!next.done) next = gen.next();
      const result = await withState(next.value);
      parentPort!.postMessage({ id, result }, wireTransfer(result.lists));
    } catch (error) {
      parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
    }
  }
}
