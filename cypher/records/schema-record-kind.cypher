// Schema (4 of 4): every record of a kind (pending claims, the whole audit log), newest first.
CREATE INDEX record_kind_at IF NOT EXISTS FOR (r:Record) ON (r.kind, r.at)
