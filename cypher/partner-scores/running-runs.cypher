// The scope's runs still running, oldest first, with their shard counts.
// Params: $scope
MATCH (r:PartnerScoreRun {scope: $scope, status: 'running'})
OPTIONAL MATCH (r)-[:SHARD]->(s:PartnerScoreShard)
WITH r, count(s) AS shardsDone, coalesce(sum(s.lists), 0) AS lists, coalesce(sum(s.partners), 0) AS partners
RETURN r {.*, touchedAt: null} AS run, shardsDone, lists, partners
ORDER BY r.startedAt, r.runId
