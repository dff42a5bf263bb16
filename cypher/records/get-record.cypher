// One live record by uid.
// Params: $uid, $now
MATCH (r:Record {uid: $uid})
WHERE r.expiresAt IS NULL OR r.expiresAt > $now
RETURN r {.kind, .id, .json, .at, .key1, .key2, .expiresAt} AS record
