// One (:CandidateEntry {id, hit, tokens}) per organisation open to partnering that declares at least one service and
// one area: its entry in the full-text index find-candidates-in-areas searches (candidate_entry_tokens). `tokens`
// are 'service:<cpv>' for each service and 'area:<gss>' for each area (built by candidateTokens in
// src/store/neo4j/records.ts); `hit` is what the query returns for it, '<id> <version> <service> …' (candidateHit):
// one property read per hit. A small node of its own because the query reads every hit: on the Organisation node the
// property sits among twenty others, and reading there made the query about 20 % slower (docs/neo4j-store.md).
// Params: $rows [{id, hit, tokens: [token]}] (only open organisations with services and areas)
UNWIND $rows AS row
MERGE (c:CandidateEntry {id: row.id})
SET c.hit = row.hit,
    c.tokens = row.tokens
