// One page of tenders ordered by id.
// Params: $offset, $limit (integers)
MATCH (t:Tender)
RETURN t.json AS json
ORDER BY t.id
SKIP $offset
LIMIT $limit
