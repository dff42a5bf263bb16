// Organisations whose list in the scope's current run includes $orgId.
// Params: $scope, $orgId
MATCH (state:PartnerScoreState {scope: $scope})
MATCH (:Organisation {id: $orgId})<-[p:CANDIDATE_PARTNER]-(s:Organisation)
WHERE p.runId = state.currentRunId
RETURN DISTINCT s.id AS id
ORDER BY id
