// Schema (1 of 4): one PartnerScoreRun node per run id, and the index commits and readers find runs by.
CREATE CONSTRAINT partner_score_run_id IF NOT EXISTS FOR (r:PartnerScoreRun) REQUIRE r.runId IS UNIQUE
