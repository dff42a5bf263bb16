// Schema (6 of 12): one CandidateEntry node per organisation id (see upsert-candidate-entries); also the index that
// rewrites and clean-up look entries up by.
CREATE CONSTRAINT candidate_entry_id IF NOT EXISTS FOR (c:CandidateEntry) REQUIRE c.id IS UNIQUE
