// Schema (1 of 12): one Organisation node per id; also the index every upsert and read looks organisations up by.
CREATE CONSTRAINT organisation_id IF NOT EXISTS FOR (o:Organisation) REQUIRE o.id IS UNIQUE
