// Replace the lists of a batch of seekers in one run: delete each seeker's CANDIDATE_PARTNER rows of that run,
// then create one row per partner. Seekers or partners deleted since the run started are skipped.
// Factor scores and weights are float lists in the run's `factors` order.
// Params: $runId, $lists [{seekerId, computedAt, partners: [{partnerId, rank, total, scores, weights}]}]
UNWIND $lists AS list
MATCH (s:Organisation {id: list.seekerId})
CALL (s) {
  MATCH (s)-[old:CANDIDATE_PARTNER]->()
  WHERE old.runId = $runId
  DELETE old
}
WITH s, list
UNWIND list.partners AS p
MATCH (c:Organisation {id: p.partnerId})
CREATE (s)-[:CANDIDATE_PARTNER {
  runId: $runId,
  rank: p.rank,
  total: p.total,
  scores: p.scores,
  weights: p.weights,
  computedAt: list.computedAt
}]->(c)
RETURN count(*) AS rows
