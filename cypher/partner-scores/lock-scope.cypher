// Take the scope's write lock for the rest of the transaction, so commits of one scope happen one at a time,
// and return its current run id (null when none yet).
// Params: $scope
MERGE (state:PartnerScoreState {scope: $scope})
SET state.touchedAt = datetime()
RETURN state.currentRunId AS currentRunId
