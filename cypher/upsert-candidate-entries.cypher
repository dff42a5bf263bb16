// One (:CandidateEntry {id, version, services, tokens}) per organisation open to partnering that declares at
// least one service and one area: its entry in the full-text index find-candidates-in-areas searches
// (candidate_entry_tokens). `tokens` are 'service:<cpv>' for each service and 'area:<gss>' for each area (built by
// candidateTokens in src/store/neo4j/records.ts); `services` is the record's list, for counting the requested
// ones; `id` and `version` are what the query returns. A small node of its own because the query reads id,
// version and services of every hit: on the Organisation node they sit among twenty other properties, and reading
// them there made the query about 20 % slower (docs/neo4j-store.md).
// Params: $rows [{id, version, services: [code], tokens: [token]}] (only open organisations with services and areas)
UNWIND $rows AS row
MERGE (c:CandidateEntry {id: row.id})
SET c.version = toInteger(row.version),
    c.services = row.services,
    c.tokens = row.tokens
