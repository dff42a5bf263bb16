// Keep a shard's state blob with its run (src/refresh/state-blob.ts): a rerun shard replaces it.
// Params: $runId, $shard (integer), $blob (bytes)
MERGE (s:RefreshState {runId: $runId, shard: $shard})
SET s.blob = $blob
