// Candidate generation without areas (see CandidateQuery in src/store/types.ts; with areas the adapter runs
// find-candidates-in-areas instead): organisations open to partnering, not excluded, providing at least one of
// the exact CPV codes. Ranked by the number of distinct codes provided (most first), then id; cut at $limit.
// Placeholders carry no :OpenToPartnering label and never match.
// Returns one row of three lists in rank order: ids, content versions and codes matched (the shape of
// find-candidates-in-areas). The adapter reuses organisations it has already decoded at that version and fetches
// the others with get-organisations.
// Params: $serviceCodes [string], $excludeIds [string], $limit (integer)
OPTIONAL MATCH (x:Organisation)
WHERE x.id IN $excludeIds
WITH collect(x) AS excluded
MATCH (s:Service)
WHERE s.code IN $serviceCodes
MATCH (o:OpenToPartnering)-[:PROVIDES]->(s)
WHERE NOT o IN excluded
WITH o, count(DISTINCT s) AS matched
ORDER BY matched DESC, o.id ASC
LIMIT $limit
RETURN collect(o.id) AS ids, collect(o.version) AS versions, collect(matched) AS matched
