// Waits until the full-text index of candidate tokens is online: an index created on a store that already holds
// data is populated in the background, and querying it before it is online fails. Returns at once when online.
// Params: $timeoutSeconds (integer)
CALL db.awaitIndex('candidate_entry_tokens', $timeoutSeconds)
