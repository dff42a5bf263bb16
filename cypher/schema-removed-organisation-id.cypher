// Schema (11 of 12): one removal mark per organisation id (mark-removed-organisations MERGEs it).
CREATE CONSTRAINT removed_organisation_id IF NOT EXISTS FOR (r:RemovedOrganisation) REQUIRE r.id IS UNIQUE
