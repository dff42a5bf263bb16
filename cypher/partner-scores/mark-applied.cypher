// Mark a running incremental run applied, with its counts, and count it on its base run; returns its id when marked.
// Runs inside the transaction that holds the base run's lock (lock-run) and found it current.
// Params: $runId, $now (ISO 8601 string), $counts {changedOrganisations, listsRewritten, listsRecomputed, listsRemoved, partners}
MATCH (r:PartnerScoreRun {runId: $runId})
WHERE r.status = 'running' AND r.kind = 'incremental'
MATCH (b:PartnerScoreRun {runId: r.baseRunId})
SET r.status = 'applied', r.committedAt = $now, r += $counts, b.incrementsApplied = coalesce(b.incrementsApplied, 0) + 1
RETURN r.runId AS runId
