// The next change sequence number, taken by every transaction that writes or removes organisations before it writes
// them (src/store/neo4j/read-model.ts). Setting the counter write-locks it until the transaction ends, so numbers
// are handed out in commit order: when a reader sees the counter at n, every transaction numbered up to n has
// committed (or rolled back, leaving a gap), and none numbered above n is visible. That is what lets a read model
// catch up with "everything numbered after the last n I saw" and miss nothing.
// Params: none
MERGE (c:ChangeCounter {name: 'organisations'})
SET c.seq = coalesce(c.seq, 0) + 1
RETURN c.seq AS seq
