// The scope's current run with its shard counts; no row when the scope has none.
// Params: $scope
MATCH (state:PartnerScoreState {scope: $scope})
MATCH (r:PartnerScoreRun {runId: state.currentRunId})
OPTIONAL MATCH (r)-[:SHARD]->(s:PartnerScoreShard)
RETURN r {.*, touchedAt: null} AS run, count(s) AS shardsDone, coalesce(sum(s.lists), 0) AS lists, coalesce(sum(s.partners), 0) AS partners
