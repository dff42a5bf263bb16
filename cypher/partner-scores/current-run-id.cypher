// The scope's current run id (null when none): readers check it did not move while they read a list.
// Params: $scope
OPTIONAL MATCH (state:PartnerScoreState {scope: $scope})
RETURN state.currentRunId AS runId
