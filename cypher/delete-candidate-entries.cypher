// Remove the candidate entries of organisations being rewritten; upsert-candidate-entries recreates them for those
// still open to partnering.
// Params: $ids [string]
UNWIND $ids AS id
MATCH (c:CandidateEntry {id: id})
DELETE c
