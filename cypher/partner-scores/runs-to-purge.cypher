// Runs of a scope whose rows must go: superseded or failed, not yet purged.
// Params: $scope
MATCH (r:PartnerScoreRun {scope: $scope})
WHERE r.status IN ['superseded', 'failed'] AND coalesce(r.purged, false) = false
RETURN r.runId AS runId
ORDER BY runId
