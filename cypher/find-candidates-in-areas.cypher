// Candidate generation for a request with areas (see CandidateQuery in src/store/types.ts): organisations open
// to partnering, not excluded, providing at least one of the exact CPV codes and operating in at least one of the
// exact GSS codes. Ranked by the number of distinct codes provided (most first), then id; cut at $limit.
// Plan: every open organisation with services and areas has a (:CandidateEntry) whose `tokens` ('service:<cpv>',
// 'area:<gss>') are in the full-text index candidate_entry_tokens (upsert-candidate-entries). The adapter sends
// the Lucene query +(any requested service) +(any requested area) — one, or a few when there are more than 500
// codes of a kind, since Lucene refuses queries of more than 1,024 terms — so Lucene intersects the two posting
// lists and only organisations matching both conditions are touched. Their requested services are then counted
// in the entry's `services` list. At 100,000 organisations this replaces walking ≈40,000 OPERATES_IN
// relationships and reading ≈17,500 organisations (docs/neo4j-store.md). Closed organisations and placeholders
// have no entry.
// Returns one row: the ids and content versions in rank order (collected after the ORDER BY, which keeps that
// order), which costs much less to decode than ≈2,000 rows.
// Params: $tokenQueries [string], $serviceCodes [string] (distinct), $excludeIds [string], $limit (integer)
UNWIND $tokenQueries AS tokenQuery
CALL db.index.fulltext.queryNodes('candidate_entry_tokens', tokenQuery) YIELD node
WITH DISTINCT node AS entry
WITH entry.id AS id, entry.version AS version, size([code IN entry.services WHERE code IN $serviceCodes]) AS matched
WHERE NOT id IN $excludeIds
ORDER BY matched DESC, id ASC
LIMIT $limit
RETURN collect(id) AS ids, collect(version) AS versions
