// Schema (1 of 4): one Record node per kind and id (uid = kind + '/' + id).
CREATE CONSTRAINT record_uid IF NOT EXISTS FOR (r:Record) REQUIRE r.uid IS UNIQUE
