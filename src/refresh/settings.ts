import type { Config } from '../config.ts';

/**
 * Settings of the partner-score refresh, as data: the one source of every refresh default. topK and shardSize can
 * be set in configuration (REFRESH_TOP_K, REFRESH_SHARD_SIZE); refreshSettings resolves them once, at boot.
 */
export const REFRESH_DEFAULTS = Object.freeze({
  /** partners kept per organisation (REFRESH_TOP_K) */
  topK: 50,
  /** organisations per shard job (REFRESH_SHARD_SIZE) */
  shardSize: 1000,
  /**
   * Candidates scored per organisation at most: the blocking query's cut (most shared services first, then
   * id). Bounds the cost per organisation whatever N is; the on-demand matcher scores up to 3000.
   */
  maxCandidates: 300,
  /**
   * Kept from a base run per list for the incremental refresh (base-state.ts): scored pool members kept after the
   * list's topK (ids and totals), so a partner that drops out is replaced from them instead of recomputing the list
   */
  stateTail: 8,
  /**
   * … and hits kept either side of the capped pool's boundary, so a changed organisation's entry or exit moves it
   * without looking the pool up. At 1,000,000 organisations (the bench's density, 1% changed) 8 left one list in five
   * unproved, recomputed in full; 16 left 1 in 116, 24 left 1 in 1,250 (docs/refresh.md)
   */
  stateEdge: 24,
  /**
   * blocking answers a scoring thread keeps for the seekers after it who ask the same query (memo-index.ts): ≈ 40 MB
   * at most with the defaults
   */
  findMemo: 16_384,
  /** organisations read per page when planning a run or loading its snapshot */
  pageSize: 2000,
  /**
   * seekers scored between two yields to the event loop when shards are scored on the calling thread (keeps job
   * locks renewed and HTTP answering); 0: never yield
   */
  yieldEvery: 25,
  /** Neo4j partner-score store: lists per write statement (each ~topK rows; several statements per shard transaction) */
  writeBatch: 100,
  /**
   * Neo4j partner-score store: lists an incremental run writes into its base run per transaction (each holds the base
   * run's lock; readers may see the lists of the batches written and not the rest until the last one)
   */
  applyBatch: 100,
  /** Neo4j partner-score store: rows a commit deletes per transaction when it removes the previous run */
  deleteBatch: 10_000,
});

/** What the refresh's job handlers read (src/refresh/jobs.ts); the batch sizes belong to the Neo4j store's options. */
export type RefreshSettings = { readonly [K in 'topK' | 'shardSize' | 'maxCandidates' | 'pageSize' | 'yieldEvery']: number };

/** The settings configuration asks for, with the defaults above for the rest; `overrides` for tests and benchmarks. */
export function refreshSettings(
  config: Partial<Pick<Config, 'REFRESH_TOP_K' | 'REFRESH_SHARD_SIZE'>>,
  overrides: Partial<RefreshSettings> = {},
): RefreshSettings {
  return {
    topK: config.REFRESH_TOP_K ?? REFRESH_DEFAULTS.topK,
    shardSize: config.REFRESH_SHARD_SIZE ?? REFRESH_DEFAULTS.shardSize,
    maxCandidates: REFRESH_DEFAULTS.maxCandidates,
    pageSize: REFRESH_DEFAULTS.pageSize,
    yieldEvery: REFRESH_DEFAULTS.yieldEvery,
    ...overrides,
  };
}
