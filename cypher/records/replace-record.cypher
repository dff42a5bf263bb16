// Replaces a live record only if its `at` is still $expectedAt. The write lock is taken first (SET r._lock), so
// the check reads the last committed version and two concurrent replacements cannot both succeed.
// Params: $record {uid, kind, id, json, at, key1, key2, expiresAt}, $expectedAt, $now
MATCH (r:Record {uid: $record.uid})
SET r._lock = true
WITH r
CALL (r) {
  WITH r WHERE r.at = $expectedAt AND (r.expiresAt IS NULL OR r.expiresAt > $now)
  SET r = $record
  RETURN count(r) AS replaced
}
REMOVE r._lock
RETURN replaced
