// Record a shard of a run as written, with its counts (idempotent: a rerun shard overwrites its counts).
// Params: $runId, $shard (integer), $lists (integer), $partners (integer)
MATCH (r:PartnerScoreRun {runId: $runId})
MERGE (r)-[:SHARD]->(s:PartnerScoreShard {runId: $runId, shard: $shard})
SET s.lists = $lists, s.partners = $partners
