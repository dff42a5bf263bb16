// Candidate generation for a request with areas (see CandidateQuery in src/store/types.ts): organisations open
// to partnering, not excluded, providing at least one of the exact CPV codes and operating in at least one of the
// exact GSS codes, each with the number of distinct requested codes it provides. The adapter ranks them (most
// codes first, then id) and cuts at the limit: sorting ≈2,000–8,000 rows in JavaScript is cheaper than Neo4j's
// generic value comparator, and only ids and two integers per hit come back.
// Plan: every open organisation with services and areas has a (:CandidateEntry) whose `tokens` ('service:<cpv>',
// 'area:<gss>') are in the full-text index candidate_entry_tokens (upsert-candidate-entries). The adapter sends
// the Lucene query +(any requested service) +(any requested area) — one, or a few when there are more than 500
// codes of a kind, since Lucene refuses queries of more than 1,024 terms; an entry found by two of them comes back
// twice and the adapter keeps one — so Lucene intersects the two posting lists and only organisations matching
// both conditions are touched. Their requested services are counted in the entry's `services` list. At 100,000
// organisations this replaces walking ≈40,000 OPERATES_IN relationships and reading ≈17,500 organisations
// (docs/neo4j-store.md). Closed organisations and placeholders have no entry.
// Returns one row of three lists (ids, content versions, codes matched), much cheaper to decode than rows.
// Params: $tokenQueries [string], $serviceCodes [string] (distinct), $excludeIds [string]
UNWIND $tokenQueries AS tokenQuery
CALL db.index.fulltext.queryNodes('candidate_entry_tokens', tokenQuery) YIELD node AS entry
WITH entry.id AS id, entry.version AS version, size([code IN entry.services WHERE code IN $serviceCodes]) AS matched
WHERE NOT id IN $excludeIds
RETURN collect(id) AS ids, collect(version) AS versions, collect(matched) AS matched
