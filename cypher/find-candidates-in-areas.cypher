// Candidate generation for a request with areas (see CandidateQuery in src/store/types.ts): organisations open
// to partnering, not excluded, operating in at least one of the exact GSS $areaCodes and providing at least one
// of the exact CPV $serviceCodes. Ranked by the number of distinct codes provided (most first), then id; cut at
// $limit. Placeholders carry no :OpenToPartnering label and never match.
// Plan: start from the areas (a match request's areas are the tender's authorities, their neighbours and their
// containers: a few dozen Area nodes), then count the requested codes in the `services` list property (written
// deduplicated from the record) instead of walking PROVIDES. At 100,000 organisations that is about half the
// db hits of starting from the services, and the filter runs before the Top (sort + limit), so only the
// matching organisations are sorted. Exclusion compares node identities.
// Returns ids and content versions only (see find-candidates).
// Params: $areaCodes [string], $serviceCodes [string] (distinct), $excludeIds [string], $limit (integer)
OPTIONAL MATCH (x:Organisation)
WHERE x.id IN $excludeIds
WITH collect(x) AS excluded
MATCH (a:Area)
WHERE a.code IN $areaCodes
MATCH (o:OpenToPartnering)-[:OPERATES_IN]->(a)
WHERE NOT o IN excluded
WITH DISTINCT o
WITH o, size([code IN o.services WHERE code IN $serviceCodes]) AS matched
WHERE matched > 0
WITH o, matched
ORDER BY matched DESC, o.id ASC
LIMIT $limit
RETURN o.id AS id, o.version AS version, matched
ORDER BY matched DESC, id ASC
