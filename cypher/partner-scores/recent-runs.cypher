// The scope's most recent runs in any state, newest first (by start, then id), with their shard counts: the
// operators' page lists them.
// Params: $scope, $limit (integer)
MATCH (r:PartnerScoreRun {scope: $scope})
WITH r
ORDER BY r.startedAt DESC, r.runId DESC
LIMIT $limit
OPTIONAL MATCH (r)-[:SHARD]->(s:PartnerScoreShard)
WITH r, count(s) AS shardsDone, coalesce(sum(s.lists), 0) AS lists, coalesce(sum(s.partners), 0) AS partners
RETURN r {.*, touchedAt: null} AS run, shardsDone, lists, partners
ORDER BY r.startedAt DESC, r.runId DESC
