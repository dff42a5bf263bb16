// For each incoming row, whether the upsert creates, updates or leaves unchanged the stored tender.
// Params: $rows [{id, json}] with json the canonical JSON of the normalised tender.
UNWIND $rows AS row
OPTIONAL MATCH (t:Tender {id: row.id})
RETURN row.id AS id,
       CASE WHEN t IS NULL THEN 'created' WHEN t.json = row.json THEN 'unchanged' ELSE 'updated' END AS status
