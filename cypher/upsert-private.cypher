// Private (commercially sensitive) fields live in their own node, so access to them can be scoped later:
// (:Organisation)-[:HAS_PRIVATE]->(:OrganisationPrivate {id}), the id being the organisation's.
// Params: $rows [{id, json, doNotPartnerWith, redLines, bidPlans}] — only organisations that have private fields.
UNWIND $rows AS row
MATCH (o:Organisation {id: row.id})
MERGE (p:OrganisationPrivate {id: row.id})
MERGE (o)-[:HAS_PRIVATE]->(p)
SET p.json = row.json,
    p.doNotPartnerWith = row.doNotPartnerWith,
    p.redLines = row.redLines,
    p.bidPlans = row.bidPlans
