// How many stored organisations were written under another graph model than the adapter's (MODEL_VERSION): their
// derived properties, links or candidate entries may be missing or of another shape until they are rewritten
// (Neo4jStore.migrateModel, `npm run load:neo4j -- --migrate`). Placeholders (no json) are not records.
// Params: $modelVersion (integer)
MATCH (o:Organisation)
WHERE o.json IS NOT NULL AND (o.modelVersion IS NULL OR o.modelVersion <> $modelVersion)
RETURN count(o) AS n
