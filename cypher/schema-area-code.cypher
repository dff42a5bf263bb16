// Schema (3 of 12): one Area node per GSS code.
CREATE CONSTRAINT area_code IF NOT EXISTS FOR (a:Area) REQUIRE a.code IS UNIQUE
