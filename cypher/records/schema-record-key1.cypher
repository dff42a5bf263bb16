// Schema (2 of 4): records found by their first lookup key (a token by its hash, an audit entry by organisation).
CREATE INDEX record_key1 IF NOT EXISTS FOR (r:Record) ON (r.kind, r.key1)
