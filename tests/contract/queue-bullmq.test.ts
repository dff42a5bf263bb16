/**
 * The JobQueue contract on BullMQ against the real Redis (REDIS_URL, default 127.0.0.1:6379): every test gets
 * a fresh key prefix, a producer and an in-process worker, and deletes its keys afterwards.
 */
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/config.ts';
import { BullmqQueue, startBullmqWorker } from '../../src/queue/bullmq-queue.ts';
import { describeQueueContract } from './queue-contract.ts';

const { REDIS_URL } = loadConfig();

describeQueueContract('bullmq', async (handlers) => {
  const options = { redisUrl: REDIS_URL, prefix: `test-q-${randomBytes(4).toString('hex')}`, backoffMs: 20, debounceMs: 50 };
  const queue = new BullmqQueue(options);
  const worker = await startBullmqWorker(handlers, { ...options, concurrency: 2, lockDurationMs: 5000, stalledIntervalMs: 5000 });
  return {
    queue,
    close: async () => {
      await worker.close();
      await queue.obliterate().catch(() => undefined);
      await queue.unscheduleRuns().catch(() => undefined);
      await queue.close();
    },
  };
});
