/**
 * Entry point of a ThreadComputer thread: holds run snapshots and computes the shards it is sent.
 * Messages in: {type: 'snapshot', runId, organisations} | {type: 'forget', runId} | {type: 'shard', id, shard,
 * computedAt}. Out: {id, progress} while working, then {id, result} or {id, error}.
 */
import { parentPort } from 'node:worker_threads';
import type { Organisation } from '../organisations/schema.ts';
import { defaultReference } from '../reference/load.ts';
import { buildSnapshot, type RunSnapshot } from './compute-lists.ts';
import type { ShardPayload } from './payloads.ts';
import { computeShard, withState } from './shard-computer.ts';

type Message =
  | { type: 'snapshot'; runId: string; organisations: Organisation[] }
  | { type: 'forget'; runId: string }
  | { type: 'shard'; id: number; shard: ShardPayload; computedAt: string };

const ref = defaultReference();
const snapshots = new Map<string, RunSnapshot>();

parentPort!.on('message', (message: Message) => void handle(message));

async function handle(message: Message): Promise<void> {
  if (message.type === 'snapshot') snapshots.set(message.runId, buildSnapshot(ref, message.organisations));
  else if (message.type === 'forget') snapshots.delete(message.runId);
  else {
    const { id, shard, computedAt } = message;
    try {
      const snapshot = snapshots.get(shard.runId);
      if (!snapshot) throw new Error(`no snapshot of run ${shard.runId} in this thread`);
      const gen = computeShard(ref, snapshot, shard, computedAt, (done) => parentPort!.postMessage({ id, progress: done }));
      let next = gen.next();
      while (!next.done) next = gen.next();
      parentPort!.postMessage({ id, result: await withState(next.value) });
    } catch (error) {
      parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
    }
  }
}
