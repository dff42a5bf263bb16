// Delete a run's state blobs (with its rows, when it is superseded, failed or its scope is deleted).
// Params: $runId
MATCH (s:RefreshState {runId: $runId})
DELETE s
RETURN count(*) AS deleted
