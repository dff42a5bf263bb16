import type { Config } from '../config.ts';

/**
 * Settings of the nightly partner-score refresh, as data. K, shard size and concurrency come from
 * configuration (REFRESH_TOP_K, REFRESH_SHARD_SIZE, WORKER_CONCURRENCY); the rest are defaults here.
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
  /** organisations read per page when planning a run or loading its snapshot */
  pageSize: 2000,
  /** lists written per store transaction (each ~K rows) */
  writeBatch: 100,
  /** seekers scored between two yields to the event loop (keeps locks renewed and HTTP answering) */
  yieldEvery: 25,
  /** how many rows a commit deletes per transaction when it removes the previous run */
  deleteBatch: 10_000,
});

export type RefreshSettings = {
  topK: number;
  shardSize: number;
  maxCandidates: number;
  pageSize: number;
  writeBatch: number;
  yieldEvery: number;
};

/** Settings from configuration, with the defaults above for the rest; `overrides` for tests and benchmarks. */
export function refreshSettings(
  config: Pick<Config, 'REFRESH_TOP_K' | 'REFRESH_SHARD_SIZE'>,
  overrides: Partial<RefreshSettings> = {},
): RefreshSettings {
  return {
    topK: config.REFRESH_TOP_K,
    shardSize: config.REFRESH_SHARD_SIZE,
    maxCandidates: REFRESH_DEFAULTS.maxCandidates,
    pageSize: REFRESH_DEFAULTS.pageSize,
    writeBatch: REFRESH_DEFAULTS.writeBatch,
    yieldEvery: REFRESH_DEFAULTS.yieldEvery,
    ...overrides,
  };
}
