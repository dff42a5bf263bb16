// Delete some seekers' lists in one run (an incremental run: their organisations are gone).
// Params: $runId, $seekerIds [string]
UNWIND $seekerIds AS seekerId
MATCH (:Organisation {id: seekerId})-[p:CANDIDATE_PARTNER]->()
WHERE p.runId = $runId
DELETE p
RETURN count(*) AS deleted
