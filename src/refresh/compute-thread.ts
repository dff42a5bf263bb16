/**
 * Entry point of a ThreadComputer thread: holds run snapshots and computes the shards it is sent.
 * Messages in: {type: 'snapshot', runId, organisations} | {type: 'forget', runId} | {type: 'shard', id, shard,
 * computedAt}. Out: {id, progress} while working, then {id, result} or {id, error}; the result's lists are packed
 * (WireLists: organisations as ordinals of the array the snapshot message sent) and their arrays transferred.
 */
import { parentPort } from 'node:worker_threads';
import type { Organisation } from '../organisations/schema.ts';
import { defaultReference } from '../reference/load.ts';
import { buildSnapshot, type RunSnapshot } from './compute-lists.ts';
import type { ShardPayload } from './payloads.ts';
import { WireListsBuilder, wireTransfer } from './packed-lists.ts';
import { computeShard, withState } from './shard-computer.ts';

type Message =
  | { type: 'snapshot'; runId: string; organisations: Organisation[] }
  | { type: 'forget'; runId: string }
  | { type: 'shard'; id: number; shard: ShardPayload; computedAt: string };

const ref = defaultReference();
/** a run's snapshot, and each organisation's ordinal in the array it was built from */
const snapshots = new Map<string, { snapshot: RunSnapshot; ordinals: Map<string, number> }>();
/** the last shard's lists builder: the next one reuses its arrays */
let lastSink: WireListsBuilder | undefined;

parentPort!.on('message', (message: Message) => void handle(message));

async function handle(message: Message): Promise<void> {
  if (message.type === 'snapshot') {
    const ordinals = new Map(message.organisations.map((org, i) => [org.id, i]));
    snapshots.set(message.runId, { snapshot: buildSnapshot(ref, message.organisations), ordinals });
  } else if (message.type === 'forget') snapshots.delete(message.runId);
  else {
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
