// Schema (5 of 12): one OrganisationPrivate node per organisation id, looked up by id (an index seek) rather than
// by walking the organisation's relationships.
CREATE CONSTRAINT organisation_private_id IF NOT EXISTS FOR (p:OrganisationPrivate) REQUIRE p.id IS UNIQUE
