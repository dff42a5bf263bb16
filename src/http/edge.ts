/**
 * The HTTP edge's settings from configuration, for main.ts: allowed hosts, per-caller rate limits (counted in Redis
 * when Redis is configured, QUEUE=bullmq, so every API process shares them) and the /metrics registry with the
 * refresh's queue depth and run metrics.
 */
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { sharedRedis } from '../queue/bullmq-redis.ts';
import { registerRefreshMetrics } from '../refresh/metrics.ts';
import type { Refresh } from '../refresh/wiring.ts';
import type { HttpOptions } from './app.ts';
import { Metrics } from './middleware/metrics.ts';

export function httpEdge(
  config: Config,
  refresh: Pick<Refresh, 'queue' | 'scores'>,
  logger: Logger,
): { options: HttpOptions; close(): Promise<void> } {
  const metrics = new Metrics();
  registerRefreshMetrics(metrics.registry, refresh.queue, refresh.scores);
  const redis = config.QUEUE === 'bullmq' && config.RATE_LIMIT_PER_MINUTE > 0 ? sharedRedis(config.REDIS_URL, logger) : undefined;
  return {
    options: {
      allowedHosts: config.ALLOWED_HOSTS,
      rateLimit: {
        perMinute: config.RATE_LIMIT_PER_MINUTE,
        store: redis?.rateLimitStore(`${config.QUEUE_PREFIX}:rate-limit:`),
      },
      metrics,
    },
    close: async () => {
      await redis?.close();
    },
  };
}
