// A new record. An expired one under the same uid is replaced; a live one makes CREATE fail on the uniqueness
// constraint (record_uid), which the adapter answers with ConflictError.
// Params: $record {uid, kind, id, json, at, key1, key2, expiresAt}, $now (ISO 8601)
OPTIONAL MATCH (old:Record {uid: $record.uid})
WHERE old.expiresAt IS NOT NULL AND old.expiresAt <= $now
CALL (old) {
  WITH old WHERE old IS NOT NULL
  DELETE old
}
WITH count(*) AS ignored
CREATE (r:Record)
SET r = $record
RETURN r.uid AS uid
