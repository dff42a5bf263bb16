// Organisations operating in one of $areaCodes (exact codes), for a search without name words; ordered by name,
// then id. Returns the total and one page of ids; the adapter reads the records with get-organisations.
// Params: $areaCodes [string], $offset, $limit (integers)
MATCH (a:Area)
WHERE a.code IN $areaCodes
MATCH (o:Organisation)-[:OPERATES_IN]->(a)
WHERE o.json IS NOT NULL
WITH DISTINCT o
ORDER BY o.name, o.id
WITH collect(o.id) AS found
RETURN size(found) AS total, found[$offset..($offset + $limit)] AS ids
