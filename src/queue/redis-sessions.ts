/**
 * Sessions in Redis (connect-redis over ioredis) when Redis is configured (QUEUE=bullmq): every API process then
 * shares them, and they expire with Redis's own TTL. Keys: `<QUEUE_PREFIX>:sess:<id>`. Its own connection, so a
 * slow session lookup never queues behind BullMQ's commands; it gives up after a few retries, like the queue's
 * producer connection, so a request made while Redis is down fails fast (503) instead of hanging.
 */
import { RedisStore } from 'connect-redis';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

export function redisSessionStore(options: { redisUrl: string; prefix: string; logger?: Logger }): {
  store: RedisStore;
  close(): Promise<void>;
} {
  const client = new Redis(options.redisUrl, { maxRetriesPerRequest: 2, connectTimeout: 5000 });
  client.on('error', (error) => options.logger?.debug({ err: error }, 'sessions: redis connection error'));
  return {
    store: new RedisStore({ client, prefix: `${options.prefix}:sess:` }),
    close: async () => {
      client.disconnect();
    },
  };
}
