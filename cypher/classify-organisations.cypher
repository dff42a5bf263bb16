// For each incoming row, whether the upsert creates, updates or leaves unchanged the stored organisation.
// A placeholder (a partner named by someone else, never stored itself: json IS NULL) counts as not stored.
// A node written under another $modelVersion counts as updated, so a change of graph model is applied by
// simply loading the data again.
// Params: $rows [{id, json, privateJson}] (canonical JSON of the public and private parts), $modelVersion
UNWIND $rows AS row
OPTIONAL MATCH (o:Organisation {id: row.id})
OPTIONAL MATCH (p:OrganisationPrivate {id: row.id})
RETURN row.id AS id,
       CASE
         WHEN o IS NULL OR o.json IS NULL THEN 'created'
         WHEN o.json = row.json AND coalesce(p.json, '') = coalesce(row.privateJson, '') AND o.modelVersion = $modelVersion
           THEN 'unchanged'
         ELSE 'updated'
       END AS status
