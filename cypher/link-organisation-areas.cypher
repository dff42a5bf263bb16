// (:Organisation)-[:OPERATES_IN]->(:Area) for every GSS code of each row; Area nodes are shared by code.
// Params: $rows [{id, areas: [code]}]
UNWIND $rows AS row
MATCH (o:Organisation {id: row.id})
UNWIND row.areas AS code
MERGE (a:Area {code: code})
CREATE (o)-[:OPERATES_IN]->(a)
