// Take a base run's write lock for the rest of the transaction (an incremental run writing into it) and return its
// status and how many increments were applied to it; no row when the run is unknown.
// Params: $runId
MATCH (r:PartnerScoreRun {runId: $runId})
SET r.touchedAt = datetime()
RETURN r.status AS status, coalesce(r.incrementsApplied, 0) AS increments
