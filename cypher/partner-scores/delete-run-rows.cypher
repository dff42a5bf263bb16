// Delete up to $batch CANDIDATE_PARTNER rows of one run (the caller repeats until fewer come back).
// Params: $runId, $batch (integer)
MATCH ()-[rel:CANDIDATE_PARTNER {runId: $runId}]->()
WITH rel
LIMIT $batch
DELETE rel
RETURN count(*) AS deleted
