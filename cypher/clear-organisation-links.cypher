// Drop what an organisation's own record says (its services, areas and the partnerships it records) before the
// record is rewritten. Partnerships recorded by others towards it are kept: they belong to the other record.
// Params: $ids [string]
UNWIND $ids AS id
MATCH (o:Organisation {id: id})-[r:PROVIDES|OPERATES_IN|PARTNERED_WITH]->()
DELETE r
