/**
 * Bulk loading into a store in batches: each batch is one `upsertOrganisations` / `upsertTenders` call, which
 * on Neo4j is one UNWIND transaction, so an interrupted load leaves whole batches and a rerun finishes it.
 * Upserts are keyed by id and compare canonical JSON, so loading the same data twice reports everything as
 * unchanged and writes nothing.
 *
 * The source is any iterable, consumed lazily: while one batch is being written, the next one is drawn from the
 * source (a generator of 100,000 organisations never has to sit in memory whole).
 */
import type { Organisation } from '../../organisations/schema.ts';
import type { Tender } from '../../tenders/schema.ts';
import type { Store, UpsertSummary } from '../types.ts';

export const LOAD_DEFAULTS = {
  /** records per transaction: large enough to amortise the round trips, small enough for a 1 GiB heap */
  batchSize: 2_000,
} as const;

export interface LoadProgress {
  /** records written so far */
  done: number;
  summary: UpsertSummary;
}

export interface LoadResult extends UpsertSummary {
  batches: number;
  ms: number;
}

export interface LoadOptions {
  batchSize?: number;
  /** called after every batch */
  onBatch?: (progress: LoadProgress) => void;
}

/** Writes `source` through `upsert` in batches of `batchSize`, one at a time, preparing the next while one is written. */
export async function loadInBatches<T>(
  upsert: (batch: readonly T[]) => Promise<UpsertSummary>,
  source: Iterable<T>,
  options: LoadOptions = {},
): Promise<LoadResult> {
  const batchSize = options.batchSize ?? LOAD_DEFAULTS.batchSize;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`neo4j/load: batchSize must be a positive integer, got ${batchSize}`);
  const started = performance.now();
  const summary: UpsertSummary = { created: 0, updated: 0, unchanged: 0 };
  let done = 0;
  let batches = 0;
  const iterator = source[Symbol.iterator]();
  const next = (): T[] => {
    const batch: T[] = [];
    for (let r = iterator.next(); !r.done; r = iterator.next()) {
      batch.push(r.value);
      if (batch.length === batchSize) break;
    }
    return batch;
  };

  let batch = next();
  while (batch.length > 0) {
    const writing = upsert(batch);
    writing.catch(() => undefined); // awaited below; avoids an unhandled rejection while the next batch is drawn
    const following = next();
    const result = await writing;
    summary.created += result.created;
    summary.updated += result.updated;
    summary.unchanged += result.unchanged;
    done += batch.length;
    batches++;
    options.onBatch?.({ done, summary: { ...summary } });
    batch = following;
  }
  return { ...summary, batches, ms: Math.round(performance.now() - started) };
}

export function loadOrganisations(store: Store, organisations: Iterable<Organisation>, options?: LoadOptions): Promise<LoadResult> {
  return loadInBatches((batch) => store.upsertOrganisations(batch), organisations, options);
}

export function loadTenders(store: Store, tenders: Iterable<Tender>, options?: LoadOptions): Promise<LoadResult> {
  return loadInBatches((batch) => store.upsertTenders(batch), tenders, options);
}
