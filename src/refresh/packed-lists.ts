/**
 * Partner lists packed in typed arrays: how the embedded store keeps them (PackedList, ≈ 80 bytes a partner), and
 * how a scoring thread sends a shard's lists to the process that saves them (WireLists: a few transferable arrays,
 * partners as ordinals of the run's organisations). Pure.
 *
 * Why the wire form: a shard of 1,000 lists as objects is ≈ 550,000 objects (each partner's factor record), and the
 * thread that saves shards rebuilt them all by structured clone — at 1,000,000 organisations that thread was busy
 * the whole run, rebuilding and collecting them, on a core the scoring threads needed (docs/refresh.md). Packed as
 * each list is made, the lists also die young in the scoring thread instead of living until the shard ends.
 */
import type { FactorScore } from '../matching/score.ts';
import { FACTORS, type FactorName } from '../matching/settings.ts';
import type { PartnerList, PartnerScore } from './types.ts';

/** One list, packed: partner ids by rank, totals, and per partner the score then the weight of each factor. */
export interface PackedList {
  computedAt: string;
  ids: string[];
  totals: Float64Array;
  /** per partner: score then weight of each factor, in FACTORS order */
  factors: Float32Array;
}

/** A list's stamp and numbers without its partner ids (PartnerScoreStore.readListNumbers). */
export type ListNumbers = Omit<PackedList, 'ids'>;

/** A shard's lists already packed, by seeker id: what a store writes without unpacking them. */
export interface PackedLists {
  readonly packed: readonly (readonly [seekerId: string, list: PackedList])[];
}

/** A shard's lists as a computer returns them: objects (computed on this thread) or packed (sent by a thread). */
export type ShardLists = readonly PartnerList[] | PackedLists;

export const FACTOR_STRIDE = FACTORS.length * 2;

export function packList(list: PartnerList): PackedList {
  return new PackedListWriter(list.partners.length).pack(list);
}

/**
 * Packs many lists into shared chunks: two typed-array allocations per `chunk` partners rather than two per list
 * (each list's totals and factors are views of its chunk, so a chunk lives while any of its lists does). An
 * incremental run packs most of a run's lists again; one allocation each was a quarter of its time at 100,000.
 */
export class PackedListWriter {
  private totals = new Float64Array(0);
  private factors = new Float32Array(0);
  private used = 0;

  /**
   * `chunk`: partners a chunk holds; with `maxChunk`, each chunk holds twice the last, up to that. A writer whose
   * lists pile up (an incremental run's, ≈ 4 KB of numbers a list) grows: V8 starts a major garbage collection each
   * time 64 MB more of typed arrays are allocated, and at 1,000,000 organisations ≈ 60 of them marked the whole heap
   * (docs/refresh.md).
   */
  constructor(
    private chunk = 16_384,
    private readonly maxChunk = chunk,
  ) {}

  pack(list: PartnerList): PackedList {
    const packed = this.begin(list.computedAt, list.partners.length);
    // Stored by rank, so position + 1 is the rank.
    const sorted = [...list.partners].sort((a, b) => a.rank - b.rank);
    for (let i = 0; i < sorted.length; i++) {
      packed.ids[i] = sorted[i].partnerId;
      packed.totals[i] = sorted[i].total;
      writeFactors(packed.factors, i * FACTOR_STRIDE, sorted[i].factors);
    }
    return packed;
  }

  /**
   * Starts writing at the beginning of the current chunk again: the lists packed before are no longer valid. For a
   * writer whose lists are copied out before it writes again (an incremental step's part on a scoring thread).
   */
  reset(): void {
    this.used = 0;
  }

  /** An empty list of `n` partners for the caller to fill: ids by rank, totals, factors (`writeFactors`). */
  begin(computedAt: string, n: number): PackedList {
    if (this.used + n > this.totals.length) {
      if (this.totals.length > 0) this.chunk = Math.min(this.maxChunk, this.chunk * 2);
      const size = Math.max(n, this.chunk);
      this.totals = new Float64Array(size);
      this.factors = new Float32Array(size * FACTOR_STRIDE);
      this.used = 0;
    }
    const at = this.used;
    this.used += n;
    return {
      computedAt,
      ids: new Array<string>(n),
      totals: this.totals.subarray(at, at + n),
      factors: this.factors.subarray(at * FACTOR_STRIDE, (at + n) * FACTOR_STRIDE),
    };
  }
}

/**
 * Memory reused for the numbers of lists read a slice at a time (PartnerScoreStore.readLists): each read starts at
 * its beginning again, so a list read with a scratch is valid until the next read with it. Why: a list's numbers are
 * ≈ 4 KB of typed arrays, and V8 starts a major garbage collection each time 64 MB more of those are allocated — at
 * 1,000,000 organisations, reading ≈ 950,000 base lists one Buffer each marked the whole heap some 60 times
 * (docs/refresh.md). A read that needs more than the scratch holds takes a larger one (the lists already read keep
 * the old one alive), and keeps it for the next.
 */
export class ListScratch {
  private buffer = new ArrayBuffer(0);
  private used = 0;

  /** Starts a read: lists read with this scratch before are no longer valid. */
  reset(): void {
    this.used = 0;
  }

  /** `bytes` of the scratch, 8-byte aligned, to write into. */
  take(bytes: number): Uint8Array {
    const at = Math.ceil(this.used / 8) * 8;
    if (at + bytes > this.buffer.byteLength) {
      this.buffer = new ArrayBuffer(Math.max(2 * this.buffer.byteLength, bytes, 1 << 20));
      this.used = 0;
      return this.take(bytes);
    }
    this.used = at + bytes;
    return new Uint8Array(this.buffer, at, bytes);
  }
}

export function unpackList(list: PackedList): PartnerScore[] {
  return list.ids.map((partnerId, i) => {
    const factors = {} as Record<FactorName, FactorScore>;
    FACTORS.forEach((name, f) => {
      const at = i * FACTOR_STRIDE + 2 * f;
      factors[name] = { score: round4(list.factors[at]), weight: round4(list.factors[at + 1]) };
    });
    return { partnerId, rank: i + 1, total: list.totals[i], factors };
  });
}

/** The lists as packed entries (packing objects), for a store that keeps them packed. */
export function packedEntries(lists: ShardLists): readonly (readonly [string, PackedList])[] {
  if (isPacked(lists)) return lists.packed;
  const writer = new PackedListWriter();
  return lists.map((l) => [l.seekerId, writer.pack(l)] as const);
}

/** The lists as objects (unpacking packed ones: exactly the objects they were packed from). */
export function partnerLists(lists: ShardLists): readonly PartnerList[] {
  return isPacked(lists)
    ? lists.packed.map(([seekerId, list]) => ({ seekerId, computedAt: list.computedAt, partners: unpackList(list) }))
    : lists;
}

export function countLists(lists: ShardLists): { lists: number; partners: number } {
  if (isPacked(lists)) return { lists: lists.packed.length, partners: lists.packed.reduce((n, [, l]) => n + l.ids.length, 0) };
  return { lists: lists.length, partners: lists.reduce((n, l) => n + l.partners.length, 0) };
}

function isPacked(lists: ShardLists): lists is PackedLists {
  return !Array.isArray(lists);
}

/**
 * A shard's lists on the wire: seekers and partners as ordinals of the organisations the run's threads were sent
 * (the receiver resolves them with the same array), list i's partners at [ends[i-1], ends[i]). Every array is
 * transferable (`wireTransfer`). All lists of a shard share one computedAt.
 */
export interface WireLists {
  computedAt: string;
  seekers: Uint32Array;
  ends: Uint32Array;
  partners: Uint32Array;
  totals: Float64Array;
  factors: Float32Array;
}

/** Packs lists as they are made, into arrays sized for the shard once. */
export class WireListsBuilder {
  private readonly seekers: Uint32Array;
  private readonly ends: Uint32Array;
  private partners: Uint32Array;
  private totals: Float64Array;
  private factors: Float32Array;
  private count = 0;
  private rows = 0;

  constructor(
    private readonly computedAt: string,
    capacity: number,
    topK: number,
    /** an organisation's ordinal in the run's organisations */
    private readonly ordinalOf: (id: string) => number,
    /**
     * the builder of the thread's last shard, whose arrays this one takes over where they are large enough (finish
     * copies what it sends): a thread allocates half the typed arrays, and V8 starts a major garbage collection
     * each time 64 MB more of those are allocated (docs/refresh.md)
     */
    previous?: WireListsBuilder,
  ) {
    const reuse = <T extends { length: number }>(old: T | undefined, n: number, make: (n: number) => T) =>
      old && old.length >= n ? old : make(n);
    this.seekers = reuse(previous?.seekers, capacity, (n) => new Uint32Array(n));
    this.ends = reuse(previous?.ends, capacity, (n) => new Uint32Array(n));
    this.partners = reuse(previous?.partners, capacity * topK, (n) => new Uint32Array(n));
    this.totals = reuse(previous?.totals, capacity * topK, (n) => new Float64Array(n));
    this.factors = reuse(previous?.factors, capacity * topK * FACTOR_STRIDE, (n) => new Float32Array(n));
  }

  add(list: PartnerList): void {
    if (list.computedAt !== this.computedAt)
      throw new Error(`refresh/wire: list of ${list.seekerId} computed at ${list.computedAt}, not ${this.computedAt}`);
    this.reserve(list.partners.length);
    this.seekers[this.count] = this.ordinal(list.seekerId);
    const sorted = [...list.partners].sort((a, b) => a.rank - b.rank);
    for (const p of sorted) {
      this.partners[this.rows] = this.ordinal(p.partnerId);
      this.totals[this.rows] = p.total;
      writeFactors(this.factors, this.rows * FACTOR_STRIDE, p.factors);
      this.rows++;
    }
    this.ends[this.count++] = this.rows;
  }

  finish(): WireLists {
    return {
      computedAt: this.computedAt,
      seekers: this.seekers.slice(0, this.count),
      ends: this.ends.slice(0, this.count),
      partners: this.partners.slice(0, this.rows),
      totals: this.totals.slice(0, this.rows),
      factors: this.factors.slice(0, this.rows * FACTOR_STRIDE),
    };
  }

  private ordinal(id: string): number {
    const ordinal = this.ordinalOf(id);
    if (!(ordinal >= 0)) throw new Error(`refresh/wire: ${id} is not among the run's organisations`);
    return ordinal;
  }

  private reserve(more: number): void {
    if (this.count >= this.seekers.length) throw new Error('refresh/wire: more lists than the shard holds');
    if (this.rows + more <= this.partners.length) return;
    const size = Math.max(this.rows + more, 2 * this.partners.length);
    this.partners = grow(this.partners, new Uint32Array(size));
    this.totals = grow(this.totals, new Float64Array(size));
    this.factors = grow(this.factors, new Float32Array(size * FACTOR_STRIDE));
  }
}

/** The arrays to transfer rather than copy when posting the lists to another thread. */
export function wireTransfer(wire: WireLists): ArrayBuffer[] {
  return [wire.seekers, wire.ends, wire.partners, wire.totals, wire.factors].map((a) => a.buffer as ArrayBuffer);
}

/** The wire's lists as a store keeps them; `idAt` resolves an ordinal with the array the thread was sent. */
export function fromWire(wire: WireLists, idAt: (ordinal: number) => string): PackedLists {
  const packed: (readonly [string, PackedList])[] = [];
  for (let i = 0, start = 0; i < wire.seekers.length; start = wire.ends[i++]) {
    const end = wire.ends[i];
    const ids = new Array<string>(end - start);
    for (let j = start; j < end; j++) ids[j - start] = idAt(wire.partners[j]);
    packed.push([
      idAt(wire.seekers[i]),
      {
        computedAt: wire.computedAt,
        ids,
        totals: wire.totals.subarray(start, end),
        factors: wire.factors.subarray(start * FACTOR_STRIDE, end * FACTOR_STRIDE),
      },
    ]);
  }
  return { packed };
}

/** A partner's factor scores into a packed list's factors, at its row × FACTOR_STRIDE. */
export function writeFactors(into: Float32Array, at: number, factors: Record<FactorName, FactorScore>): void {
  for (let f = 0; f < FACTORS.length; f++) {
    const factor = factors[FACTORS[f]];
    into[at + 2 * f] = factor.score;
    into[at + 2 * f + 1] = factor.weight;
  }
}

function grow<T extends Uint32Array | Float64Array | Float32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** Scores and weights are rounded to 4 decimals when computed; a float32 keeps them exactly enough to round back. */
function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
