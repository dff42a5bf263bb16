// A run's state blobs, by shard; no row when it kept none.
// Params: $runId
MATCH (s:RefreshState {runId: $runId})
RETURN s {.*} AS state
ORDER BY s.shard
