// Schema (3 of 4): records found by their second lookup key (tokens by account, audit entries by actor).
CREATE INDEX record_key2 IF NOT EXISTS FOR (r:Record) ON (r.kind, r.key2)
