/**
 * The one batch writer of the project: imports, the Neo4j loader, the demo data and model migration write records
 * through it. Each batch is one `upsertOrganisations` / `upsertTenders` call, which on Neo4j is one transaction, so
 * a batch is written whole or not at all, an interrupted write leaves whole batches, and rerunning it finishes the
 * job (upserts are keyed by id and compare canonical JSON: what is already there reports unchanged).
 *
 * The source is any iterable, consumed lazily: while a batch is being written the next one is drawn from it (a
 * generator of 100,000 organisations never has to sit in memory whole), with up to `concurrency` batches in flight.
 *
 * When the store refuses a batch:
 *  - `onRefusal: 'stop'` (default): no further batch is started, the ones in flight are awaited, and the error is
 *    thrown (batches already written stay).
 *  - `onRefusal: 'isolate'` (imports): for a reason retrying will not fix (anything but a retriable AppError such as
 *    StoreUnavailableError) the batch is halved and each half written again, down to the single records the store
 *    refuses; those are returned in `refused` and the rest are written (about 2·log2(batch) extra writes per bad
 *    record). Retriable errors still stop the write.
 */
import type { Organisation } from '../organisations/schema.ts';
import { AppError } from '../shared/errors.ts';
import type { Tender } from '../tenders/schema.ts';
import type { Store, UpsertSummary } from './types.ts';

export const BATCH_DEFAULTS = Object.freeze({
  /** records per store transaction: large enough to amortise the round trips, small enough for a 1 GiB heap */
  batchSize: 2_000,
  /** batches written at the same time (separate transactions) */
  concurrency: 1,
});

export interface BatchOptions {
  batchSize?: number;
  concurrency?: number;
  /** what a batch the store refuses does to the rest (see the module comment); default 'stop' */
  onRefusal?: 'stop' | 'isolate';
  /** called before the first batch (done 0) and after every batch (see BatchProgress) */
  onProgress?: (progress: BatchProgress) => void;
}

export interface BatchProgress {
  /** records dealt with so far (written or refused) */
  done: number;
  /** records in all, when the source is an array */
  total?: number;
  summary: UpsertSummary;
}

export interface BatchResult<T> extends UpsertSummary {
  /** records the store refused, with its reason (only with onRefusal 'isolate') */
  refused: { item: T; reason: string }[];
  batches: number;
  ms: number;
}

/** Throws RangeError for a batch size or concurrency that is not a positive integer, or the store's error (see above). */
export async function writeInBatches<T>(
  source: Iterable<T>,
  upsert: (batch: readonly T[]) => Promise<UpsertSummary>,
  options: BatchOptions = {},
): Promise<BatchResult<T>> {
  const batchSize = positive('batchSize', options.batchSize ?? BATCH_DEFAULTS.batchSize);
  const concurrency = positive('concurrency', options.concurrency ?? BATCH_DEFAULTS.concurrency);
  const started = performance.now();
  const result: BatchResult<T> = { created: 0, updated: 0, unchanged: 0, refused: [], batches: 0, ms: 0 };
  const total = Array.isArray(source) ? source.length : undefined;
  let done = 0;
  const progress = () =>
    options.onProgress?.({ done, total, summary: { created: result.created, updated: result.updated, unchanged: result.unchanged } });
  let failure: { error: unknown } | undefined;

  const writeWhole = async (batch: readonly T[]): Promise<void> => {
    const written = await upsert(batch);
    result.created += written.created;
    result.updated += written.updated;
    result.unchanged += written.unchanged;
    result.batches++;
  };
  const writeIsolating = async (batch: readonly T[]): Promise<void> => {
    try {
      await writeWhole(batch);
    } catch (error) {
      if (error instanceof AppError && error.retriable) throw error;
      if (batch.length === 1) {
        result.refused.push({ item: batch[0], reason: `the store refused it: ${error instanceof Error ? error.message : String(error)}` });
        return;
      }
      const half = Math.ceil(batch.length / 2);
      await writeIsolating(batch.slice(0, half));
      await writeIsolating(batch.slice(half));
    }
  };
  const write = options.onRefusal === 'isolate' ? writeIsolating : writeWhole;

  const inFlight = new Set<Promise<void>>();
  const start = (batch: T[]) => {
    const tracked: Promise<void> = write(batch)
      .then(
        () => {
          done += batch.length;
          progress();
        },
        (error: unknown) => {
          failure ??= { error };
        },
      )
      .finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  };

  progress();
  const batches = chunks(source, batchSize);
  for (let next = batches.next(); !next.done && !failure;) {
    start(next.value);
    next = batches.next(); // drawn while the writes run
    while (inFlight.size >= concurrency && !failure) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  if (failure) throw failure.error;
  result.ms = Math.round(performance.now() - started);
  return result;
}

export function loadOrganisations(store: Store, organisations: Iterable<Organisation>, options?: BatchOptions) {
  return writeInBatches(organisations, (batch) => store.upsertOrganisations(batch), options);
}

export function loadTenders(store: Store, tenders: Iterable<Tender>, options?: BatchOptions) {
  return writeInBatches(tenders, (batch) => store.upsertTenders(batch), options);
}

function* chunks<T>(source: Iterable<T>, size: number): Generator<T[]> {
  let batch: T[] = [];
  for (const item of source) {
    batch.push(item);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

function positive(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`store/write-in-batches: ${name} must be a positive integer, got ${value}`);
  return value;
}
