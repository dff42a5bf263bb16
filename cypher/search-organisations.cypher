// Organisations whose name has every query word as a word prefix (see OrganisationSearch in src/store/types.ts),
// optionally only those operating in one of $areaCodes; ordered by name, then id. Returns the total and one page
// of ids; the adapter reads the records with get-organisations.
// Params: $query (Lucene: '+word*' per word, words of letters and digits only), $areaCodes [string] or null,
//   $offset, $limit (integers)
CALL db.index.fulltext.queryNodes('organisation_search', $query) YIELD node AS o
WHERE o.json IS NOT NULL
  AND ($areaCodes IS NULL OR EXISTS { MATCH (o)-[:OPERATES_IN]->(a:Area) WHERE a.code IN $areaCodes })
WITH o
ORDER BY o.name, o.id
WITH collect(o.id) AS found
RETURN size(found) AS total, found[$offset..($offset + $limit)] AS ids
