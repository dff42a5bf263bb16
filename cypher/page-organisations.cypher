// One page of stored organisations after $after by id (placeholders skipped), with the change sequence number that
// last wrote each (0 when written before numbers existed): the read model's build at start-up (read-model.ts).
// Keyset paging on the unique index of Organisation.id: each page is an index range seek, however deep.
// Params: $after (string; '' for the first page), $limit (integer)
MATCH (o:Organisation)
WHERE o.id > $after AND o.json IS NOT NULL
WITH o
ORDER BY o.id
LIMIT $limit
OPTIONAL MATCH (p:OrganisationPrivate {id: o.id})
RETURN o.id AS id, o.json AS json, p.json AS privateJson, coalesce(o.changeSeq, 0) AS seq
ORDER BY id
