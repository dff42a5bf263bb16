// Schema (3 of 4): CANDIDATE_PARTNER relationships by run id, so deleting a replaced run's rows is an index
// seek rather than a scan of every scored relationship.
CREATE INDEX candidate_partner_run IF NOT EXISTS FOR ()-[r:CANDIDATE_PARTNER]-() ON (r.runId)
