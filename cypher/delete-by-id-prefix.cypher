// Delete every organisation (with its private node, candidate entry and relationships) and tender whose id starts
// with $prefix.
// For tests and admin tooling, never the API: each test owns a unique id prefix and removes its data with this.
// Returns how many Organisation nodes (placeholders included) and tenders were deleted.
// Params: $prefix (non-empty string)
CALL () {
  MATCH (p:OrganisationPrivate)
  WHERE $prefix <> '' AND p.id STARTS WITH $prefix
  DETACH DELETE p
}
CALL () {
  MATCH (c:CandidateEntry)
  WHERE $prefix <> '' AND c.id STARTS WITH $prefix
  DELETE c
}
CALL () {
  MATCH (o:Organisation)
  WHERE $prefix <> '' AND o.id STARTS WITH $prefix
  DETACH DELETE o
  RETURN count(o) AS organisations
}
CALL () {
  MATCH (t:Tender)
  WHERE $prefix <> '' AND t.id STARTS WITH $prefix
  DETACH DELETE t
  RETURN count(t) AS tenders
}
RETURN organisations, tenders
