// Creates or replaces a record (a null key or expiry removes the property).
// Params: $record {uid, kind, id, json, at, key1, key2, expiresAt}
MERGE (r:Record {uid: $record.uid})
SET r = $record
