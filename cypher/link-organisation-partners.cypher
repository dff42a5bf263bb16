// (:Organisation)-[:PARTNERED_WITH {model, year, outcome, success, source}]->(:Organisation) for each recorded
// partnership (source: the record's Source as canonical JSON, or null when declared). A partner not stored yet becomes a placeholder: an Organisation node with an id and nothing else
// (no json, no name), which every read and the candidate query skip.
// Params: $rows [{id, partnerships: [{partnerId, model, year, outcome, success, source}]}]
UNWIND $rows AS row
MATCH (o:Organisation {id: row.id})
UNWIND row.partnerships AS p
MERGE (partner:Organisation {id: p.partnerId})
CREATE (o)-[:PARTNERED_WITH {model: p.model, year: toInteger(p.year), outcome: p.outcome, success: toInteger(p.success), source: p.source}]->(partner)
