// For tests only: deletes every record whose id starts with $prefix (each test owns a unique prefix).
// Params: $prefix (non-empty)
MATCH (r:Record)
WHERE $prefix <> '' AND r.id STARTS WITH $prefix
DELETE r
RETURN count(r) AS deleted
