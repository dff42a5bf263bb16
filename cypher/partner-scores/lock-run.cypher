// Take the run's write lock for the rest of the transaction (a concurrent fail or commit waits) and return its
// status; no row when the run is unknown.
// Params: $runId
MATCH (r:PartnerScoreRun {runId: $runId})
SET r.touchedAt = datetime()
RETURN r.status AS status
