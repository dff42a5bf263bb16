// Waits until the full-text indexes (candidate tokens, organisation search) are online: an index created on a
// store that already holds data is populated in the background, and querying it before it is online fails.
// Returns at once when both are online.
// Params: $timeoutSeconds (integer)
CALL db.awaitIndex('candidate_entry_tokens', $timeoutSeconds)
CALL db.awaitIndex('organisation_search', $timeoutSeconds)
