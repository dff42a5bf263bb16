// Every run id of a scope (tests and admin clean-up).
// Params: $scope
MATCH (r:PartnerScoreRun {scope: $scope})
RETURN r.runId AS runId
