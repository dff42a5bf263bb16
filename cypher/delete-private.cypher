// Remove the private node of organisations whose new record has no private fields.
// Params: $ids [string]
UNWIND $ids AS id
MATCH (:Organisation {id: id})-[:HAS_PRIVATE]->(p:OrganisationPrivate)
DETACH DELETE p
