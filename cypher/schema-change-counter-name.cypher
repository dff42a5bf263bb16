// Schema (9 of 12): one change counter per name ('organisations'); MERGE in next-change-seq relies on it to create the
// counter once when several processes write the first change at the same time.
CREATE CONSTRAINT change_counter_name IF NOT EXISTS FOR (c:ChangeCounter) REQUIRE c.name IS UNIQUE
