// Candidate generation for a match request (see CandidateQuery in src/store/types.ts): organisations open to
// partnering, not excluded, providing at least one of the exact CPV codes and, when $areaCodes is not null,
// operating in at least one of the exact areas. Ranked by the number of distinct codes provided (most first),
// then id; cut at $limit. Placeholders have no openToPartnering and drop out at the first filter.
// Params: $serviceCodes [string], $areaCodes [string] or null, $excludeIds [string], $limit (integer)
MATCH (s:Service)
WHERE s.code IN $serviceCodes
MATCH (o:Organisation)-[:PROVIDES]->(s)
WHERE o.openToPartnering = true AND NOT o.id IN $excludeIds
WITH o, count(DISTINCT s) AS matched
WHERE $areaCodes IS NULL OR EXISTS { MATCH (o)-[:OPERATES_IN]->(a:Area) WHERE a.code IN $areaCodes }
WITH o, matched
ORDER BY matched DESC, o.id ASC
LIMIT $limit
OPTIONAL MATCH (o)-[:HAS_PRIVATE]->(p:OrganisationPrivate)
RETURN o.json AS json, p.json AS privateJson, matched
ORDER BY matched DESC, o.id ASC
