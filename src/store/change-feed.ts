/**
 * A change feed: how one process tells the others that it has committed a change to the organisations, so that
 * their read models (src/store/neo4j/read-model.ts) catch up at once instead of at their next poll. A message only
 * carries the change sequence number written (see cypher/next-change-seq.cypher); the receiver reads the changes
 * themselves from Neo4j, the system of record. So a lost or late message only delays a change by the poll interval,
 * and the feed needs no delivery guarantee: Redis pub/sub (src/queue/redis-change-feed.ts) when Redis is configured,
 * none otherwise.
 */
export interface ChangeFeed {
  /** Tells every subscriber that changes up to `seq` are committed. Never throws: a lost message costs one poll. */
  publish(seq: number): Promise<void>;
  /** Calls `listener` with each sequence number another process (or this one) publishes. */
  subscribe(listener: (seq: number) => void): Promise<void>;
  close(): Promise<void>;
}
