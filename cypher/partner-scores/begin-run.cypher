// Register a run as running. Idempotent: an existing run keeps its state; while none of its shards is written
// yet (a planning step retried after a crash) its plan (organisations, shards) is replaced by the new one.
// Params: $run {runId, scope, asOf, startedAt, organisations, shards, topK}, $factors [string]
MERGE (r:PartnerScoreRun {runId: $run.runId})
ON CREATE SET r += $run, r.status = 'running', r.factors = $factors, r.created = true
WITH r, coalesce(r.created, false) AS created
REMOVE r.created
WITH r, created
CALL (r, created) {
  WITH r
  WHERE NOT created AND r.status = 'running' AND NOT EXISTS { (r)-[:SHARD]->() }
  SET r.organisations = $run.organisations, r.shards = $run.shards
}
RETURN r.runId AS runId
