/**
 * The change feed (src/store/change-feed.ts) on Redis pub/sub, when Redis is configured (QUEUE=bullmq): every
 * process that writes organisations publishes the change number it committed on `<QUEUE_PREFIX>:organisation-changes`,
 * and every API process's read model subscribes, so a write on one API is in the others' memory within milliseconds
 * rather than at their next poll. Pub/sub delivers at most once and only to connected subscribers: a message lost while
 * Redis restarts costs one poll interval, never a change (the read model reads the changes from Neo4j).
 *
 * Two connections of its own, made only when used: the publisher on the first publish, the subscriber on subscribe
 * (a connection in subscriber mode can run nothing else). Lives beside the BullMQ adapter because only the queue
 * adapter imports ioredis.
 */
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ChangeFeed } from '../store/change-feed.ts';

export function redisChangeFeed(options: { redisUrl: string; prefix: string; logger?: Logger }): ChangeFeed {
  const channel = `${options.prefix}:organisation-changes`;
  const connect = (role: string) => {
    // Give up on a command after one reconnection attempt: a publish must never hold a write back for long.
    const client = new Redis(options.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 5000 });
    client.on('error', (error) => options.logger?.debug({ err: error }, `change feed: redis ${role} connection error`));
    return client;
  };
  let publisher: Redis | undefined;
  let subscriber: Redis | undefined;
  return {
    async publish(seq) {
      try {
        publisher ??= connect('publisher');
        await publisher.publish(channel, String(seq));
      } catch (error) {
        options.logger?.debug({ err: error, seq }, 'change feed: not published (other processes will see the change at their next poll)');
      }
    },
    async subscribe(listener) {
      subscriber ??= connect('subscriber');
      subscriber.on('message', (from: string, message: string) => {
        const seq = Number(message);
        if (from === channel && Number.isSafeInteger(seq)) listener(seq);
      });
      await subscriber.subscribe(channel); // ioredis subscribes again by itself after a reconnection
    },
    async close() {
      publisher?.disconnect();
      subscriber?.disconnect();
    },
  };
}
