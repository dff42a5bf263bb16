// One page of organisation ids under a prefix, after a given id (keyset paging on the id index; '' = all).
// Placeholders are included: the caller reads the records through the Store, which skips them.
// Params: $prefix, $after, $limit (integer)
MATCH (o:Organisation)
WHERE o.id STARTS WITH $prefix AND o.id > $after
RETURN o.id AS id
ORDER BY o.id
LIMIT $limit
