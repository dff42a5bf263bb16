/**
 * The one source of the queued alerts run's settings (src/alerts/jobs.ts). The environment may set the shard size
 * (ALERTS_SHARD_SIZE, src/config.ts, bounded by maxShardSize); the rest is here.
 */
export const ALERT_RUN_DEFAULTS = Object.freeze({
  /** notices per shard job: small enough that a killed worker's shard is redone quickly, large enough to amortise */
  shardSize: 25,
  /** the most notices one shard job may carry (the job payload's bound, so a shard stays a small Redis entry) */
  maxShardSize: 10_000,
  /** times a run left unfinished by a stopped process is queued again at boot before it is failed (interrupted-runs.ts) */
  maxResumes: 3,
});
