// One page of stored organisations ordered by id (placeholders skipped).
// Params: $offset, $limit (integers)
MATCH (o:Organisation)
WHERE o.json IS NOT NULL
WITH o
ORDER BY o.id
SKIP $offset
LIMIT $limit
OPTIONAL MATCH (p:OrganisationPrivate {id: o.id})
RETURN o.json AS json, p.json AS privateJson
ORDER BY o.id
