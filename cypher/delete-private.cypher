// Remove the private node of organisations being rewritten (upsert-private then recreates it when the new record
// has private fields). Found through HAS_PRIVATE so that nodes of an older graph model are removed too.
// Params: $ids [string]
UNWIND $ids AS id
MATCH (:Organisation {id: id})-[:HAS_PRIVATE]->(p:OrganisationPrivate)
DETACH DELETE p
