// Before deleting the organisations whose id starts with $prefix (delete-by-id-prefix), leave a removal mark per
// stored one, numbered with the transaction's change sequence number, so every read model drops them on its next
// catch-up. Returns the ids marked.
// Params: $prefix (non-empty string), $changeSeq (integer)
MATCH (o:Organisation)
WHERE $prefix <> '' AND o.id STARTS WITH $prefix AND o.json IS NOT NULL
MERGE (r:RemovedOrganisation {id: o.id})
SET r.changeSeq = $changeSeq
RETURN collect(o.id) AS ids
