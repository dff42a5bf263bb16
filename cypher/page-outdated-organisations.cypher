// One batch of stored organisations written under another graph model than the adapter's, with their private part,
// for Neo4jStore.migrateModel to write back through the upsert (which classifies them as updated, rewrites every
// derived property, link and candidate entry, and stamps the current model). Each batch rewritten drops out of
// the next page, so no cursor is needed and an interrupted migration resumes where it stopped.
// Params: $modelVersion (integer), $limit (integer)
MATCH (o:Organisation)
WHERE o.json IS NOT NULL AND (o.modelVersion IS NULL OR o.modelVersion <> $modelVersion)
WITH o
ORDER BY o.id
LIMIT $limit
OPTIONAL MATCH (p:OrganisationPrivate {id: o.id})
RETURN o.json AS json, p.json AS privateJson
ORDER BY o.id
