// Stored organisations by id, in the order asked (missing ids and placeholders skipped, repeats kept), with
// their content version (a digest of both JSON parts, for the adapter's cache of decoded organisations).
// Params: $ids [string]
UNWIND range(0, size($ids) - 1) AS i
MATCH (o:Organisation {id: $ids[i]})
WHERE o.json IS NOT NULL
OPTIONAL MATCH (p:OrganisationPrivate {id: o.id})
RETURN o.json AS json, p.json AS privateJson, o.version AS version
ORDER BY i
