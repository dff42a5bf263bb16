/**
 * The bull-board dashboard for the BullMQ queue, as an Express router to mount at `basePath`. undefined for
 * the in-process runner, which has no dashboard. Read-only until the API has authentication: anyone who can
 * reach it could otherwise retry, promote or delete jobs.
 */
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Router } from 'express';
import { BullmqQueue } from './bullmq-queue.ts';
import type { JobQueue } from './types.ts';

export function queueDashboard(queue: JobQueue, basePath: string): Router | undefined {
  if (!(queue instanceof BullmqQueue)) return undefined;
  const server = new ExpressAdapter();
  server.setBasePath(basePath);
  // @bull-board/express 9.10.1 pins its own @bull-board/api 9.10.1 next to our 9.10.2: the same shapes, but
  // TypeScript sees two declarations of the adapter classes. The runtime contract is identical.
  const serverAdapter = server as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'];
  createBullBoard({
    queues: [new BullMQAdapter(queue.queue, { readOnlyMode: true })],
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Consortia refresh' } },
  });
  return server.getRouter() as Router;
}
