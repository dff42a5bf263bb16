// Some seekers' lists in one run, best first, with the run's factor order; no row for a seeker without rows.
// Params: $runId, $seekerIds [string]
MATCH (r:PartnerScoreRun {runId: $runId})
UNWIND $seekerIds AS seekerId
MATCH (:Organisation {id: seekerId})-[p:CANDIDATE_PARTNER]->(c:Organisation)
WHERE p.runId = $runId
WITH r, seekerId, p, c
ORDER BY seekerId, p.rank
RETURN seekerId, r.factors AS factors,
       collect({partnerId: c.id, rank: p.rank, total: p.total, scores: p.scores, weights: p.weights, computedAt: p.computedAt}) AS partners
