// (:Organisation)-[:PROVIDES]->(:Service) for every CPV code of each row; Service nodes are shared by code.
// Params: $rows [{id, services: [code]}]
UNWIND $rows AS row
MATCH (o:Organisation {id: row.id})
UNWIND row.services AS code
MERGE (s:Service {code: code})
CREATE (o)-[:PROVIDES]->(s)
