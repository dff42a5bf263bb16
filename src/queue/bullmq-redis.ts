/**
 * The Redis the queue uses, lent to the HTTP layer for what must be shared between API processes: the rate-limit
 * counters (src/http/middleware/rate-limit.ts). Lives beside the BullMQ adapter because only the queue adapter
 * imports ioredis.
 */
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { RedisStore } from 'rate-limit-redis';
import type { ClientRateLimitInfo, IncrementResponse, Store } from 'express-rate-limit';

/**
 * rate-limit-redis keeps the promise of its loaded Lua script: one failed load (Redis away at start-up) would fail
 * every later call, even once Redis is back. This one loads the scripts again after any failure.
 */
class RecoveringRedisStore extends RedisStore {
  override async increment(key: string): Promise<IncrementResponse> {
    try {
      return await super.increment(key);
    } catch (error) {
      this.incrementScriptSha = this.loadIncrementScript();
      this.incrementScriptSha.catch(() => undefined);
      throw error;
    }
  }

  override async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    try {
      return await super.get(key);
    } catch (error) {
      this.getScriptSha = this.loadGetScript();
      this.getScriptSha.catch(() => undefined);
      throw error;
    }
  }
}

export interface SharedRedis {
  rateLimitStore(prefix: string): Store;
  close(): Promise<void>;
}

export function sharedRedis(redisUrl: string, logger?: Logger): SharedRedis {
  // Like the producer connection: give up on a command quickly rather than hold a request while Redis is away.
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 2000 });
  connection.on('error', (error) => logger?.debug({ err: error }, 'queue/bullmq-redis: connection error'));
  return {
    rateLimitStore: (prefix) =>
      new RecoveringRedisStore({
        prefix,
        sendCommand: (command: string, ...args: string[]) => connection.call(command, ...args) as Promise<never>,
      }),
    close: async () => {
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}
