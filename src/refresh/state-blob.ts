/**
 * The state a full run keeps per shard for the incremental refresh (incremental-run.ts), as one gzip'd blob: the
 * shard's organisations as the run saw them (the incremental step's `before`), each seeker's packed list state
 * (base-state.ts packState) and its blocking query (what the reverse blocking index files it under), with the shard's
 * own id table (states and queries refer to organisations by ordinals of it) and the time its lists were stamped.
 *
 * Layout before compression: u32 (little-endian) length of a JSON header, the header, then the packed states one
 * after another (the header gives each one's length). Pure: no I/O; gzip through the web CompressionStream.
 * Throws StateBlobError on bytes that are not a blob of this version.
 */
import type { Organisation } from '../organisations/schema.ts';
import type { CandidateQuery } from '../store/types.ts';
import { packState, unpackState, type BaseListState } from './base-state.ts';

export const STATE_BLOB_VERSION = 1;

/** One seeker of a shard: its list's state, its blocking query and the fewest services a hit must match to reach it. */
export interface SeekerState {
  seekerId: string;
  state: BaseListState;
  query: CandidateQuery;
  minServices: number;
}

export interface ShardState {
  shard: number;
  /** the computedAt the shard's lists were written with: a stored list stamped otherwise was rewritten since */
  computedAt: string;
  /** the shard's organisations as the run saw them */
  records: Organisation[];
  seekers: SeekerState[];
}

export class StateBlobError extends Error {
  readonly retriable = false;
  constructor(message: string) {
    super(`refresh/state-blob: ${message}`);
    this.name = 'StateBlobError';
  }
}

interface Header {
  v: number;
  shard: number;
  computedAt: string;
  ids: string[];
  /** the records themselves: blobs written before 2026-12-07 (later ones keep them as text after the states) */
  records?: Organisation[];
  /** the records' ordinals, and where each one's JSON text ends in the text after the states (UTF-16 units) */
  recordIds?: number[];
  recordEnds?: number[];
  /** distinct sorted query service sets */
  services: string[][];
  /** distinct query area lists (absent from blobs written before 2026-12-07) */
  areas?: string[][];
  /**
   * per seeker: [ordinal, service set, area list (-1: anywhere; before 2026-12-07 the codes themselves, null:
   * anywhere), query limit, minServices, excluded ordinals, state bytes]
   */
  seekers: [number, number, number | string[] | null, number, number, number[], number][];
}

export async function encodeShardState(shard: ShardState): Promise<Uint8Array> {
  const ids: string[] = [];
  const ordinals = new Map<string, number>();
  const ordinalOf = (id: string) => {
    let o = ordinals.get(id);
    if (o === undefined) {
      o = ids.length;
      ids.push(id);
      ordinals.set(id, o);
    }
    return o;
  };
  const services: string[][] = [];
  const serviceSets = new Map<string, number>();
  // Seekers of a shard share few area lists (their places and those around them): each is written once, and the
  // decoded queries share one array per list, which the reverse blocking index files by reference.
  const areas: string[][] = [];
  const areaLists = new Map<string, number>();
  const areaListOf = (codes: readonly string[] | undefined) => {
    if (!codes) return -1;
    const key = codes.join(' ');
    let list = areaLists.get(key);
    if (list === undefined) {
      list = areas.length;
      areas.push([...codes]);
      areaLists.set(key, list);
    }
    return list;
  };
  const states: Uint8Array[] = [];
  const seekers: Header['seekers'] = shard.seekers.map((s) => {
    const codes = [...new Set(s.query.serviceCodes)].sort();
    const key = codes.join(' ');
    let set = serviceSets.get(key);
    if (set === undefined) {
      set = services.length;
      services.push(codes);
      serviceSets.set(key, set);
    }
    const packed = packState(s.state, ordinalOf);
    states.push(packed);
    return [
      ordinalOf(s.seekerId),
      set,
      areaListOf(s.query.areaCodes),
      s.query.limit,
      s.minServices,
      s.query.excludeIds.map(ordinalOf),
      packed.length,
    ];
  });
  const { records, computedAt } = shard;
  // Each record as JSON text, after the states: an incremental run compares the text with the record now and parses
  // only those that differ (decodePackedShardState).
  const texts = records.map((org) => JSON.stringify(org));
  let end = 0;
  const recordEnds = texts.map((text) => (end += text.length));
  const recordIds = records.map((org) => ordinalOf(org.id));
  const header: Header = { v: STATE_BLOB_VERSION, shard: shard.shard, computedAt, ids, recordIds, recordEnds, services, areas, seekers };
  const encoder = new TextEncoder();
  const json = encoder.encode(JSON.stringify(header));
  const text = encoder.encode(texts.join(''));
  const size = states.reduce((n, s) => n + s.length, 4 + json.length + text.length);
  const raw = new Uint8Array(size);
  new DataView(raw.buffer).setUint32(0, json.length, true);
  raw.set(json, 4);
  let at = 4 + json.length;
  for (const s of states) {
    raw.set(s, at);
    at += s.length;
  }
  raw.set(text, at);
  return transform(raw, new CompressionStream('gzip'));
}

/**
 * A shard's state as stored: the states left packed (base-state.ts packState), their ordinals referring to `ids`,
 * and the records as JSON texts (JSON.stringify of each). `states` is a copy of the blob's state bytes (not a view),
 * so the decoded header can be collected on its own.
 */
export interface PackedShardState extends Omit<ShardState, 'seekers' | 'records'> {
  /** the records' ids, and each one's JSON text */
  recordIds: string[];
  recordTexts: string[];
  ids: string[];
  states: Uint8Array;
  /** per seeker: its state at `start`, `length` bytes of `states` */
  seekers: (Omit<SeekerState, 'state'> & { start: number; length: number })[];
}

export async function decodeShardState(blob: Uint8Array): Promise<ShardState> {
  const packed = await decodePackedShardState(blob);
  const idOf = (o: number) => packed.ids[o];
  return {
    shard: packed.shard,
    computedAt: packed.computedAt,
    records: packed.recordTexts.map((text) => JSON.parse(text) as Organisation),
    seekers: packed.seekers.map(({ start, length, ...s }) => ({
      ...s,
      state: unpackState(packed.states.subarray(start, start + length), idOf),
    })),
  };
}

/**
 * `records: false` leaves the records out (`recordIds` and `recordTexts` empty): an incremental run whose scoring
 * threads compare them with the organisations now (decodeShardRecords) decodes only the states here.
 */
export async function decodePackedShardState(blob: Uint8Array, options: { records?: boolean } = {}): Promise<PackedShardState> {
  const { raw, header, statesStart, statesEnd } = await opened(blob);
  const idOf = (o: number) => header.ids[o];
  const states = raw.slice(statesStart, statesEnd);
  const { recordIds, recordTexts } =
    options.records === false ? { recordIds: [], recordTexts: [] } : recordsOf(header, raw.subarray(statesEnd));
  let at = 0;
  const seekers = header.seekers.map(([ordinal, set, areas, limit, minServices, excluded, bytes]) => {
    const start = at;
    at += bytes;
    if (at > states.length) throw new StateBlobError(`states end at byte ${at} of ${states.length}`);
    const query: CandidateQuery = { serviceCodes: header.services[set], excludeIds: excluded.map(idOf), limit };
    const areaCodes = typeof areas === 'number' ? (areas < 0 ? undefined : header.areas?.[areas]) : (areas ?? undefined);
    if (typeof areas === 'number' && areas >= 0 && !areaCodes) throw new StateBlobError(`no area list ${areas}`);
    if (areaCodes) query.areaCodes = areaCodes;
    return { seekerId: idOf(ordinal), query, minServices, start, length: bytes };
  });
  return { shard: header.shard, computedAt: header.computedAt, recordIds, recordTexts, ids: header.ids, states, seekers };
}

/** A blob's records alone: their ids and JSON texts, as the run saw them. */
export async function decodeShardRecords(blob: Uint8Array): Promise<{ recordIds: string[]; recordTexts: string[] }> {
  const { raw, header, statesEnd } = await opened(blob);
  return recordsOf(header, raw.subarray(statesEnd));
}

/** A blob unzipped, its header parsed and checked, and where its states are. */
async function opened(blob: Uint8Array): Promise<{ raw: Uint8Array; header: Header; statesStart: number; statesEnd: number }> {
  let raw: Uint8Array;
  try {
    raw = await transform(blob, new DecompressionStream('gzip'));
  } catch (error) {
    throw new StateBlobError(`not gzip: ${(error as Error).message}`);
  }
  if (raw.length < 4) throw new StateBlobError('too short');
  const length = new DataView(raw.buffer, raw.byteOffset, raw.byteLength).getUint32(0, true);
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(raw.subarray(4, 4 + length))) as Header;
  } catch (error) {
    throw new StateBlobError(`bad header: ${(error as Error).message}`);
  }
  if (header.v !== STATE_BLOB_VERSION) throw new StateBlobError(`version ${header.v}, this one reads ${STATE_BLOB_VERSION}`);
  const statesEnd = header.seekers.reduce((n, seeker) => n + seeker[6], 4 + length);
  if (statesEnd > raw.length) throw new StateBlobError(`states end at byte ${statesEnd} of ${raw.length}`);
  return { raw, header, statesStart: 4 + length, statesEnd };
}

/** The records' ids and JSON texts: from the text after the states, or from the header of a blob written before. */
function recordsOf(header: Header, after: Uint8Array): { recordIds: string[]; recordTexts: string[] } {
  if (header.records)
    return { recordIds: header.records.map((org) => org.id), recordTexts: header.records.map((org) => JSON.stringify(org)) };
  const { recordIds = [], recordEnds = [] } = header;
  if (recordIds.length !== recordEnds.length) throw new StateBlobError(`${recordIds.length} record ids for ${recordEnds.length} records`);
  const text = new TextDecoder().decode(after);
  if (text.length !== (recordEnds.at(-1) ?? 0)) throw new StateBlobError(`records end at ${recordEnds.at(-1) ?? 0} of ${text.length}`);
  const recordTexts = recordEnds.map((end, i) => text.slice(i === 0 ? 0 : recordEnds[i - 1], end));
  return { recordIds: recordIds.map((o) => header.ids[o]), recordTexts };
}

async function transform(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  void writer.write(bytes).catch(() => undefined);
  void writer.close().catch(() => undefined);
  const chunks: Uint8Array[] = [];
  const reader = (stream.readable as ReadableStream<Uint8Array>).getReader();
  for (;;) {
    const next = await reader.read();
    if (next.done) break;
    chunks.push(next.value);
  }
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
