/**
 * Wiring of the queued alerts run for the API process (main.ts) and the worker (workers/refresh-worker.ts): the run's
 * handlers (jobs.ts) on a queue of their own, as the refresh's are on theirs (src/refresh/wiring.ts):
 *
 *   QUEUE      jobs run in
 *   inprocess  the API process
 *   bullmq     BullMQ queue `alerts-run` under QUEUE_PREFIX: `npm run worker` processes with STORE=neo4j, else
 *              workers inside the API process (the embedded store lives there)
 *
 * The run is scheduled on ALERTS_CRON when ALERTS_FEED is set; after every shard, the run's last job delivers the
 * digests that are due (deliverDigests, deliver.ts).
 */
import type { Config } from '../config.ts';
import type { Slice } from '../http/app.ts';
import { BullmqQueue, startBullmqWorker, type BullmqOptions, type BullmqWorker } from '../queue/bullmq-queue.ts';
import { InProcessQueue } from '../queue/inprocess-queue.ts';
import type { JobQueue, RunHandlers } from '../queue/types.ts';
import type { CoreDeps } from '../shared/deps.ts';
import { smtpEmailSender } from './deliver-email.ts';
import { deliverDigests, deliveryDeps } from './deliver.ts';
import { alertDeliveryConfig } from './delivery-settings.ts';
import { resumeInterruptedAlertRuns } from './interrupted-runs.ts';
import { alertHandlers } from './jobs.ts';
import { alertRunsSlice } from './run-routes.ts';
import { unsubscribeKeyOf } from './unsubscribe.ts';

export const ALERTS_QUEUE_NAME = 'alerts-run';
const ALERTS_SCHEDULER_ID = 'alerts-run';

type Deps = Pick<CoreDeps, 'store' | 'ref' | 'now' | 'logger'>;

export function alertsBullmqOptions(config: Config, logger: CoreDeps['logger']): BullmqOptions {
  return {
    redisUrl: config.REDIS_URL,
    prefix: config.QUEUE_PREFIX,
    logger,
    queueName: ALERTS_QUEUE_NAME,
    schedulerId: ALERTS_SCHEDULER_ID,
  };
}

/** The run's handlers, delivering after each run through SMTP_URL (when set) and webhooks. close() ends the SMTP pool. */
export function createAlertHandlers(config: Config, deps: Deps): { handlers: RunHandlers; close(): void } {
  const delivery = alertDeliveryConfig(config);
  const email = delivery.smtpUrl ? smtpEmailSender(delivery.smtpUrl, delivery.from) : undefined;
  const handlers = alertHandlers({
    ...deps,
    feed: config.ALERTS_FEED,
    shardSize: config.ALERTS_SHARD_SIZE,
    deliver: async () =>
      deliverDigests(
        deliveryDeps(
          {
            records: deps.store.records,
            now: deps.now,
            logger: deps.logger,
            config: delivery,
            email,
            unsubscribeKey: await unsubscribeKeyOf(deps),
          },
          async (id) => (await deps.store.getOrganisations([id]))[0]?.name,
        ),
      ),
  });
  return { handlers, close: () => email?.close() };
}

export interface Alerts {
  queue: JobQueue;
  slice: Slice;
  close(): Promise<void>;
}

/** Everything the API process needs for the queued alerts run; a Redis down at boot only delays the schedule (logged). */
export async function startAlerts(config: Config, deps: CoreDeps): Promise<Alerts> {
  const { logger } = deps;
  const alertHandlers = createAlertHandlers(config, deps);
  const { handlers } = alertHandlers;
  let queue: JobQueue;
  let worker: BullmqWorker | undefined;
  if (config.QUEUE === 'bullmq') {
    queue = new BullmqQueue(alertsBullmqOptions(config, logger));
    if (config.STORE === 'embedded')
      worker = await startBullmqWorker(handlers, { ...alertsBullmqOptions(config, logger), concurrency: config.WORKER_CONCURRENCY });
  } else {
    queue = new InProcessQueue(handlers, { concurrency: config.WORKER_CONCURRENCY, logger });
    // In-process jobs die with the process: the runs the last one left unfinished are queued again (or failed).
    if (config.STORE === 'embedded') await resumeInterruptedAlertRuns({ records: deps.store.records, now: deps.now, logger }, queue);
  }
  if (config.ALERTS_FEED) {
    try {
      await queue.scheduleRuns(config.ALERTS_CRON);
    } catch (error) {
      logger.warn({ err: error, cron: config.ALERTS_CRON }, 'alerts run not scheduled');
    }
  }
  return {
    queue,
    slice: alertRunsSlice(deps, queue, { feed: config.ALERTS_FEED }),
    async close() {
      await worker?.close();
      await queue.close();
      alertHandlers.close();
    },
  };
}
