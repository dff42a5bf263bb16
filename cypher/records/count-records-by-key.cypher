// For each of a batch of keys, how many live records of $kind hold it as key1 or key2 (once when both); keys no
// record holds give no row.
// Params: $kind, $keys, $now
UNWIND $keys AS key
CALL (key) {
  MATCH (r:Record {kind: $kind, key1: key})
  RETURN r
  UNION
  MATCH (r:Record {kind: $kind, key2: key})
  RETURN r
}
WITH key, r
WHERE r.expiresAt IS NULL OR r.expiresAt > $now
RETURN key, count(r) AS total
