// Schema (2 of 12): one Service node per CPV code.
CREATE CONSTRAINT service_code IF NOT EXISTS FOR (s:Service) REQUIRE s.code IS UNIQUE
