// (:Tender)-[:REQUIRES]->(:Service) for every CPV code the tender requires (its own and its lots').
// Params: $rows [{id, services: [code]}]
UNWIND $rows AS row
MATCH (t:Tender {id: row.id})
UNWIND row.services AS code
MERGE (s:Service {code: code})
CREATE (t)-[:REQUIRES]->(s)
