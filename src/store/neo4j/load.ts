/**
 * Bulk loading into a store in batches: each batch is one `upsertOrganisations` / `upsertTenders` call, which
 * on Neo4j is one UNWIND transaction, so an interrupted load leaves whole batches and a rerun finishes it.
 * Upserts are keyed by id and compare canonical JSON, so loading the same data twice reports everything as
 * unchanged and writes nothing.
 *
 * The source is any iterable, consumed lazily: while a batch is being written, the next one is drawn from the
 * source (a generator of 100,000 organisations never has to sit in memory whole).
 */
import type { Organisation } from '../../organisations/schema.ts';
import type { Tender } from '../../tenders/schema.ts';
import type { Store, UpsertSummary } from '../types.ts';

export const LOAD_DEFAULTS = {
  /** records per transaction: large enough to amortise the round trips, small enough for a 1 GiB heap */
  batchSize: 2_000,
  /** batches written at the same time (separate transactions) */
  concurrency: 1,
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
  concurrency?: number;
  /** called after every batch */
  onBatch?: (progress: LoadProgress) => void;
}

/**
 * Writes `source` through `upsert` in batches of `batchSize`, with up to `concurrency` batches in flight; the
 * next batch is drawn from the source while earlier ones are being written. On the first failure no further
 * batch is started, the ones in flight are awaited, and the error is thrown (batches already written stay).
 */
export async function loadInBatches<T>(
  upsert: (batch: readonly T[]) => Promise<UpsertSummary>,
  source: Iterable<T>,
  options: LoadOptions = {},
): Promise<LoadResult> {
  const batchSize = options.batchSize ?? LOAD_DEFAULTS.batchSize;
  const concurrency = options.concurrency ?? LOAD_DEFAULTS.concurrency;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new RangeError(`neo4j/load: batchSize must be a positive integer, got ${batchSize}`);
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new RangeError(`neo4j/load: concurrency must be a positive integer, got ${concurrency}`);
  const started = performance.now();
  const summary: UpsertSummary = { created: 0, updated: 0, unchanged: 0 };
  let done = 0;
  let batches = 0;
  let failure: { error: unknown } | undefined;
  const iterator = source[Symbol.iterator]();
  const next = (): T[] => {
    const batch: T[] = [];
    for (let r = iterator.next(); !r.done; r = iterator.next()) {
      batch.push(r.value);
      if (batch.length === batchSize) break;
    }
    return batch;
  };

  const inFlight = new Set<Promise<void>>();
  const write = (batch: T[]) => {
    const p: Promise<void> = upsert(batch).then(
      (result) => {
        summary.created += result.created;
        summary.updated += result.updated;
        summary.unchanged += result.unchanged;
        done += batch.length;
        batches++;
        options.onBatch?.({ done, summary: { ...summary } });
      },
      (error: unknown) => {
        failure ??= { error };
      },
    );
    const tracked = p.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  };

  for (let batch = next(); batch.length > 0 && !failure;) {
    write(batch);
    batch = next(); // drawn while the writes run
    while (inFlight.size >= concurrency && !failure) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  if (failure) throw failure.error;
  return { ...summary, batches, ms: Math.round(performance.now() - started) };
}

export function loadOrganisations(store: Store, organisations: Iterable<Organisation>, options?: LoadOptions): Promise<LoadResult> {
  return loadInBatches((batch) => store.upsertOrganisations(batch), organisations, options);
}

export function loadTenders(store: Store, tenders: Iterable<Tender>, options?: LoadOptions): Promise<LoadResult> {
  return loadInBatches((batch) => store.upsertTenders(batch), tenders, options);
}
