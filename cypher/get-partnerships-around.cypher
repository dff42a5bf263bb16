// The partnership graph around some organisations: every PARTNERED_WITH relationship touching them ($hops = 1), or
// touching them or their partners ($hops = 2), as the record its holder (the start node) keeps. Names are those of
// stored organisations (a placeholder partner has none). The adapter orders and maps the rows (records.ts).
// Params: $ids [string], $hops 1 or 2
MATCH (s:Organisation) WHERE s.id IN $ids
OPTIONAL MATCH (s)-[:PARTNERED_WITH]-(p:Organisation) WHERE $hops = 2
WITH collect(DISTINCT s) + collect(DISTINCT p) AS centres
UNWIND centres AS c
MATCH (c)-[r:PARTNERED_WITH]-(:Organisation)
WITH DISTINCT r
MATCH (h:Organisation)-[r]->(t:Organisation)
RETURN h.id AS holderId, h.name AS holderName, t.id AS partnerId, t.name AS partnerName,
       r.model AS model, r.year AS year, r.outcome AS outcome, r.success AS success, r.source AS source
