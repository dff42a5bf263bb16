// One tender by id.
// Params: $id
MATCH (t:Tender {id: $id})
RETURN t.json AS json
