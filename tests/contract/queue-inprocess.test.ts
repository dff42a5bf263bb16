import { InProcessQueue } from '../../src/queue/inprocess-queue.ts';
import { describeQueueContract } from './queue-contract.ts';

describeQueueContract('in-process', async (handlers) => {
  const queue = new InProcessQueue(handlers, { concurrency: 2, backoffMs: 20, debounceMs: 50 });
  return { queue, close: () => queue.close() };
});
