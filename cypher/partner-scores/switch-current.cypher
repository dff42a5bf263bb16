// Make a run its scope's current run and mark the run it replaces superseded. Runs inside the transaction that
// took the scope lock (lock-scope) and checked the run's shards.
// Params: $scope, $runId, $previousRunId (string or null), $now (ISO 8601 string)
MATCH (state:PartnerScoreState {scope: $scope})
MATCH (r:PartnerScoreRun {runId: $runId})
SET state.currentRunId = $runId, r.status = 'current', r.committedAt = $now
WITH r
OPTIONAL MATCH (previous:PartnerScoreRun {runId: $previousRunId})
WHERE previous.runId <> $runId
SET previous.status = 'superseded', previous.endedAt = $now
RETURN r.runId AS runId
