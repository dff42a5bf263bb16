// Deletes the records of $kind that expired at or before $now; returns how many.
// Params: $kind, $now
MATCH (r:Record {kind: $kind})
WHERE r.expiresAt IS NOT NULL AND r.expiresAt <= $now
DELETE r
RETURN count(r) AS deleted
