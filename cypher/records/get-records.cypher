// The live records among a batch of uids, in one round trip (absent and expired ones are left out).
// Params: $uids (list of kind + '/' + id), $now
UNWIND $uids AS uid
MATCH (r:Record {uid: uid})
WHERE r.expiresAt IS NULL OR r.expiresAt > $now
RETURN collect(r {.kind, .id, .json, .at, .key1, .key2, .expiresAt}) AS records
