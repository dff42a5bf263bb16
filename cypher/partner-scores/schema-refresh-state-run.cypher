// Schema (4 of 4): RefreshState nodes (a full run's per-shard state blobs for incremental runs) by run id, so reading
// or deleting a run's blobs is an index seek.
CREATE INDEX refresh_state_run IF NOT EXISTS FOR (s:RefreshState) ON (s.runId)
