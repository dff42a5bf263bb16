// Schema (7 of 12): the inverted index find-candidates-in-areas searches: every candidate entry's `tokens`, one per
// service it provides ('service:<cpv>') and one per area it operates in ('area:<gss>'). A full-text (Lucene)
// index, because it indexes every element of a list property and intersects "any of these services" with "any of
// these areas" in one look-up; the `keyword` analyzer keeps each token as one exact, case-sensitive term. Updated
// in the committing transaction (not eventually consistent), so a committed upsert is visible to the next query.
CREATE FULLTEXT INDEX candidate_entry_tokens IF NOT EXISTS
FOR (c:CandidateEntry) ON EACH [c.tokens]
OPTIONS { indexConfig: { `fulltext.analyzer`: 'keyword', `fulltext.eventually_consistent`: false } }
