// An organisation's list in its scope's current run, best first; no row when the scope has no current run.
// `partners` is empty when the run has no list for it (it joined after the run, or has no candidates).
// Params: $scope, $orgId
MATCH (state:PartnerScoreState {scope: $scope})
MATCH (r:PartnerScoreRun {runId: state.currentRunId})
OPTIONAL MATCH (:Organisation {id: $orgId})-[p:CANDIDATE_PARTNER]->(c:Organisation)
WHERE p.runId = r.runId
WITH r, p, c
ORDER BY p.rank
RETURN r.runId AS runId, r.asOf AS asOf, r.committedAt AS committedAt, r.factors AS factors,
       [x IN collect(CASE WHEN p IS NULL THEN null ELSE {partnerId: c.id, rank: p.rank, total: p.total, scores: p.scores, weights: p.weights, computedAt: p.computedAt} END) WHERE x IS NOT NULL] AS partners
