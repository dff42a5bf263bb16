// (:Tender)-[:DELIVERED_IN]->(:Area) for every delivery area.
// Params: $rows [{id, areas: [code]}]
UNWIND $rows AS row
MATCH (t:Tender {id: row.id})
UNWIND row.areas AS code
MERGE (a:Area {code: code})
CREATE (t)-[:DELIVERED_IN]->(a)
