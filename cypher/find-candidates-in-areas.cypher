// Candidate generation for a request with areas (see CandidateQuery in src/store/types.ts): the candidate entries of
// organisations open to partnering that provide at least one of the exact CPV codes and operate in at least one of
// the exact GSS codes. Each hit is the entry's `hit`, '<id> <version> <service> …' (candidateHit in
// src/store/neo4j/records.ts): one property read per hit, sent back as one list. The adapter drops excluded ids,
// counts the requested services, ranks (most codes first, then id) and cuts at the limit: in JavaScript all of
// that is cheaper than per-hit list tests and Neo4j's generic value comparator.
// Plan: every open organisation with services and areas has a (:CandidateEntry) whose `tokens` ('service:<cpv>',
// 'area:<gss>') are in the full-text index candidate_entry_tokens (upsert-candidate-entries). The adapter sends
// the Lucene query +(any requested service) +(any requested area) — one, or a few when there are more than 500
// codes of a kind, since Lucene refuses queries of more than 1,024 terms; an entry found by two of them comes back
// twice and the adapter keeps one — so Lucene intersects the two posting lists and only organisations matching
// both conditions are touched. At 100,000 organisations this replaces walking ≈40,000 OPERATES_IN relationships
// and reading ≈17,500 organisations (docs/neo4j-store.md). Closed organisations and placeholders have no entry.
// Params: $tokenQueries [string]
UNWIND $tokenQueries AS tokenQuery
CALL db.index.fulltext.queryNodes('candidate_entry_tokens', tokenQuery) YIELD node AS entry
RETURN collect(entry.hit) AS hits
