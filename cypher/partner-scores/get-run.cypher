// One run with its shard counts.
// Params: $runId
MATCH (r:PartnerScoreRun {runId: $runId})
OPTIONAL MATCH (r)-[:SHARD]->(s:PartnerScoreShard)
RETURN r {.*, touchedAt: null} AS run, count(s) AS shardsDone, coalesce(sum(s.lists), 0) AS lists, coalesce(sum(s.partners), 0) AS partners
