// Mark a running run failed (other states are left alone); returns its id when it was marked.
// Params: $runId, $reason, $now (ISO 8601 string)
MATCH (r:PartnerScoreRun {runId: $runId})
WHERE r.status = 'running'
SET r.status = 'failed', r.endedAt = $now, r.failedReason = $reason
RETURN r.runId AS runId
