// One page of the organisations that have a candidate entry (open to partnering, with services and areas: every
// organisation the candidate query can return), ordered by id after $after, with their content version. Used to
// fill the adapter's cache of decoded organisations at start-up (Neo4jStore.warmOrganisationCache), so the first
// match requests after a deploy do not fetch their candidates' records. Keyset paging on the unique index of
// CandidateEntry.id: each page is an index range seek, however deep.
// Params: $after (string; '' for the first page), $limit (integer)
MATCH (e:CandidateEntry)
WHERE e.id > $after
WITH e
ORDER BY e.id
LIMIT $limit
MATCH (o:Organisation {id: e.id})
WHERE o.json IS NOT NULL
OPTIONAL MATCH (p:OrganisationPrivate {id: o.id})
RETURN e.id AS id, o.json AS json, p.json AS privateJson, o.version AS version
ORDER BY id
