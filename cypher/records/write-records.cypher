// A batch of records in one round trip and one transaction: every $puts record created or replaced (as
// put-record), then every $inserts record written only where its uid holds no live record (a live one is left as
// it is). MERGE on the unique uid locks it, so two workers inserting one uid write it once. Returns the uids inserted.
// Params: $puts, $inserts (lists of {uid, kind, id, json, at, key1, key2, expiresAt}), $now (ISO 8601)
CALL () {
  UNWIND $puts AS record
  MERGE (r:Record {uid: record.uid})
  SET r = record
}
UNWIND $inserts AS record
MERGE (r:Record {uid: record.uid})
// a node MERGE just created holds only its uid
WITH r, record, r.kind IS NULL OR (r.expiresAt IS NOT NULL AND r.expiresAt <= $now) AS absent
CALL (r, record, absent) {
  WITH r, record WHERE absent
  SET r = record
}
RETURN collect(CASE WHEN absent THEN record.uid END) AS inserted
