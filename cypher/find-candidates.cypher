// Candidate generation for a match request (see CandidateQuery in src/store/types.ts): organisations open to
// partnering, not excluded, providing at least one of the exact CPV codes and, when $areaCodes is not null,
// operating in at least one of the exact areas. Ranked by the number of distinct codes provided (most first),
// then id; cut at $limit. Placeholders carry no :OpenToPartnering label and never match.
// Cost: one expansion per PROVIDES relationship of the requested codes; the openness, exclusion and area tests
// read a label, compare node identities and read one list property, so no per-candidate relationship walk.
// Params: $serviceCodes [string], $areaCodes [string] or null, $excludeIds [string], $limit (integer)
OPTIONAL MATCH (x:Organisation)
WHERE x.id IN $excludeIds
WITH collect(x) AS excluded
MATCH (s:Service)
WHERE s.code IN $serviceCodes
MATCH (o:OpenToPartnering)-[:PROVIDES]->(s)
WHERE NOT o IN excluded
WITH o, count(DISTINCT s) AS matched
WHERE $areaCodes IS NULL OR any(code IN o.areas WHERE code IN $areaCodes)
WITH o, matched
ORDER BY matched DESC, o.id ASC
LIMIT $limit
OPTIONAL MATCH (p:OrganisationPrivate {id: o.id})
RETURN o.json AS json, p.json AS privateJson, matched
ORDER BY matched DESC, o.id ASC
