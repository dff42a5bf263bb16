/**
 * Which records a base run saw differ from the organisations now: the first thing an incremental run needs from its
 * state blobs (incremental-run.ts decodeBase). Each blob holds the records of its shard as JSON texts; a record whose
 * text is not JSON.stringify of the organisation now, or whose organisation is gone, is returned with its text.
 *
 * A ThreadComputer runs this on its scoring threads, over their snapshot of the organisations now, while the calling
 * thread decodes the blobs' states (at 1,000,000 organisations that decoding took 100 s, with both threads idle once
 * their snapshots were built). Pure: no I/O.
 */
import type { Organisation } from '../organisations/schema.ts';
import { decodeShardRecords } from './state-blob.ts';

export interface RecordComparison {
  /** records that differ from the organisation now, or whose organisation is gone: id and JSON text as the run saw it */
  differing: [string, string][];
  /** per index of the organisations now (the array compared with): 1 when a record of the blobs has its id */
  seen: Uint8Array;
}

/** The blobs' records compared with `organisations` (`ordinals`: each one's index there, by id). */
export async function compareRecords(
  blobs: readonly Uint8Array[],
  organisations: readonly Organisation[],
  ordinals: ReadonlyMap<string, number>,
): Promise<RecordComparison> {
  const seen = new Uint8Array(organisations.length);
  const differing: [string, string][] = [];
  for (const blob of blobs) {
    const { recordIds, recordTexts } = await decodeShardRecords(blob);
    for (let i = 0; i < recordIds.length; i++) {
      const o = ordinals.get(recordIds[i]);
      if (o !== undefined) seen[o] = 1;
      if (o === undefined || recordTexts[i] !== JSON.stringify(organisations[o])) differing.push([recordIds[i], recordTexts[i]]);
    }
  }
  return { differing, seen };
}

/** Comparisons of consecutive runs of blobs, in that order, as one. */
export function joinComparisons(parts: readonly RecordComparison[], organisations: number): RecordComparison {
  const seen = new Uint8Array(organisations);
  for (const part of parts) for (let i = 0; i < organisations; i++) seen[i] |= part.seen[i];
  return { differing: parts.flatMap((part) => part.differing), seen };
}
