// Every live record of $kind, newest first (at, then id, descending): a page and the total.
// Params: $kind, $now, $offset, $limit
MATCH (r:Record {kind: $kind})
WHERE r.expiresAt IS NULL OR r.expiresAt > $now
WITH r
ORDER BY r.at DESC, r.id DESC
WITH collect(r {.kind, .id, .json, .at, .key1, .key2, .expiresAt}) AS records
RETURN size(records) AS total, records[$offset..$offset + $limit] AS items
