// For each incoming row, whether the upsert creates, updates or leaves unchanged the stored organisation.
// A placeholder (a partner named by someone else, never stored itself: json IS NULL) counts as not stored.
// Params: $rows [{id, json, privateJson}] with json/privateJson the canonical JSON of the public and private parts.
UNWIND $rows AS row
OPTIONAL MATCH (o:Organisation {id: row.id})
OPTIONAL MATCH (o)-[:HAS_PRIVATE]->(p:OrganisationPrivate)
RETURN row.id AS id,
       CASE
         WHEN o IS NULL OR o.json IS NULL THEN 'created'
         WHEN o.json = row.json AND coalesce(p.json, '') = coalesce(row.privateJson, '') THEN 'unchanged'
         ELSE 'updated'
       END AS status
