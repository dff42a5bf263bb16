// Deletes one record; returns how many were deleted (0 or 1).
// Params: $uid
OPTIONAL MATCH (r:Record {uid: $uid})
DELETE r
RETURN count(r) AS deleted
