// Schema (2 of 4): one PartnerScoreState node per scope; it holds the scope's current run id.
CREATE CONSTRAINT partner_score_state_scope IF NOT EXISTS FOR (s:PartnerScoreState) REQUIRE s.scope IS UNIQUE
