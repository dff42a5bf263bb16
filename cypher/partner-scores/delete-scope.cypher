// Delete a scope's run history and state (tests, admin). Its rows must be deleted first (delete-run-rows).
// Params: $scope (non-empty)
MATCH (r:PartnerScoreRun {scope: $scope})
WHERE $scope <> ''
OPTIONAL MATCH (r)-[:SHARD]->(s:PartnerScoreShard)
DETACH DELETE s, r
WITH count(*) AS ignored
OPTIONAL MATCH (state:PartnerScoreState {scope: $scope})
WHERE $scope <> ''
DELETE state
