// Live records of $kind whose key1 or key2 is $key, newest first (at, then id, descending): a page and the total.
// Params: $kind, $key, $now, $offset, $limit
CALL () {
  MATCH (r:Record {kind: $kind, key1: $key})
  RETURN r
  UNION
  MATCH (r:Record {kind: $kind, key2: $key})
  RETURN r
}
WITH r
WHERE r.expiresAt IS NULL OR r.expiresAt > $now
ORDER BY r.at DESC, r.id DESC
WITH collect(r {.kind, .id, .json, .at, .key1, .key2, .expiresAt}) AS records
RETURN size(records) AS total, records[$offset..$offset + $limit] AS items
