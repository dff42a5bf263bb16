/**
 * The list states of a base run as an incremental run holds them (incremental-run.ts): packed as the state blobs
 * keep them (base-state.ts packState), one byte array per shard, and unpacked only for a seeker the step visits.
 * Ordinals refer to one id table for the whole run, whose strings are the organisations' own where they still exist:
 * at 1,000,000 organisations the unpacked states (56 ids each, every shard's id table) were ~2 GB of objects that
 * every old-generation collection marked. Pure.
 */
import { holdsListIds, lowestKnownOrdinal, remapOrdinals, unpackState, type BaseListState } from './base-state.ts';
import type { PackedShardState } from './state-blob.ts';

export class StoredStates {
  private readonly ids: string[] = [];
  private readonly ordinals = new Map<string, number>();
  private readonly shards: { states: Uint8Array; computedAt: string }[] = [];
  /** seeker → its index in the arrays below */
  private readonly at = new Map<string, number>();
  private readonly shardOf: number[] = [];
  private readonly startOf: number[] = [];
  private readonly lengthOf: number[] = [];

  /** `canonical` gives the string to keep for an id (the organisation's own, when it has one). */
  constructor(private readonly canonical: (id: string) => string = (id) => id) {}

  /**
   * Takes a shard's states (their bytes are rewritten to the run's ordinals) and calls `each` per seeker, in the
   * shard's order, with its (canonical) id and its lowestKnownId.
   */
  addShard(
    shard: PackedShardState,
    each: (seeker: PackedShardState['seekers'][number], seekerId: string, lowestKnownId: string | undefined) => void,
  ): void {
    const local = shard.ids.map((id) => this.ordinalOf(id));
    const index = this.shards.length;
    this.shards.push({ states: shard.states, computedAt: shard.computedAt });
    for (const s of shard.seekers) {
      const bytes = shard.states.subarray(s.start, s.start + s.length);
      remapOrdinals(bytes, (o) => local[o]);
      const seekerId = this.ids[this.ordinalOf(s.seekerId)];
      this.at.set(seekerId, this.shardOf.length);
      this.shardOf.push(index);
      this.startOf.push(s.start);
      this.lengthOf.push(s.length);
      const last = lowestKnownOrdinal(bytes);
      each(s, seekerId, last === undefined ? undefined : this.ids[last]);
    }
  }

  get(seekerId: string): BaseListState | undefined {
    const i = this.at.get(seekerId);
    if (i === undefined) return undefined;
    const start = this.startOf[i];
    return unpackState(this.shards[this.shardOf[i]].states.subarray(start, start + this.lengthOf[i]), (o) => this.ids[o]);
  }

  /** A seeker's state as packed (packState), its ordinals indexing `idTable`; a view, not a copy. */
  bytesOf(seekerId: string): Uint8Array | undefined {
    const i = this.at.get(seekerId);
    if (i === undefined) return undefined;
    const start = this.startOf[i];
    return this.shards[this.shardOf[i]].states.subarray(start, start + this.lengthOf[i]);
  }

  has(seekerId: string): boolean {
    return this.at.has(seekerId);
  }

  /** Whether the seeker's state holds its list's partners (base-state.ts listIds; not in states from before 2026-12-07). */
  holdsList(seekerId: string): boolean {
    const bytes = this.bytesOf(seekerId);
    return bytes !== undefined && holdsListIds(bytes);
  }

  /** The ids the packed states' ordinals index (complete once every shard is added). */
  get idTable(): readonly string[] {
    return this.ids;
  }

  /** the computedAt the seeker's shard stamped its list with */
  stampOf(seekerId: string): string | undefined {
    const i = this.at.get(seekerId);
    return i === undefined ? undefined : this.shards[this.shardOf[i]].computedAt;
  }

  /** the seekers with a state, in the order the shards were added */
  keys(): IterableIterator<string> {
    return this.at.keys();
  }

  get size(): number {
    return this.at.size;
  }

  private ordinalOf(id: string): number {
    let o = this.ordinals.get(id);
    if (o === undefined) {
      o = this.ids.length;
      const kept = this.canonical(id);
      this.ids.push(kept);
      this.ordinals.set(kept, o);
    }
    return o;
  }
}
