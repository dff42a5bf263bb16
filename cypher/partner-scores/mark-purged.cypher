// Record that a superseded or failed run's rows are gone (its node stays, for the run history).
// Params: $runId
MATCH (r:PartnerScoreRun {runId: $runId})
WHERE r.status IN ['superseded', 'failed']
SET r.purged = true
