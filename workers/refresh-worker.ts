/**
 * `npm run worker`: a BullMQ worker process for the partner-score refresh and the alerts run (QUEUE=bullmq,
 * STORE=neo4j; src/alerts/wiring.ts). Runs WORKER_CONCURRENCY jobs at once; start as many processes as there are
 * cores. Retries retriable failures with exponential backoff and fails validation/domain errors at once (see
 * src/queue/types.ts); runs incremental-run jobs too. Keeps the nightly schedule (REFRESH_CRON), the incremental one
 * (REFRESH_INCREMENTAL_CRON, when set) and, with ALERTS_FEED, the alerts schedule
 * (ALERTS_CRON) in place. On SIGTERM/SIGINT it stops taking jobs, lets running ones finish,
 * closes the queue, the score store and the graph store, and exits 0; a second signal exits at once.
 *
 * Options (for tests and operations): --lock-ms N (job lock; a killed worker's job is taken over after about
 * this long), --stalled-ms N (stalled-job check interval), --no-schedule; defaults in QUEUE_DEFAULTS.
 */
import { Command } from 'commander';
import { createCoreDeps, createLogger } from '../src/bootstrap.ts';
import { positiveInt } from '../src/cli/args.ts';
import { loadConfig } from '../src/config.ts';
import { BullmqQueue, startBullmqWorker } from '../src/queue/bullmq-queue.ts';
import { QUEUE_DEFAULTS } from '../src/queue/types.ts';
import { bullmqOptions, createPartnerScores, createRefreshHandlers } from '../src/refresh/wiring.ts';
import { alertsBullmqOptions, createAlertHandlers } from '../src/alerts/wiring.ts';

async function main(): Promise<void> {
  const opts = new Command()
    .name('refresh-worker')
    .option(
      '--lock-ms <n>',
      "job lock in ms: a killed worker's job is taken over after about this long",
      positiveInt,
      QUEUE_DEFAULTS.lockDurationMs,
    )
    .option('--stalled-ms <n>', 'stalled-job check interval in ms', positiveInt, QUEUE_DEFAULTS.stalledIntervalMs)
    .option('--no-schedule', 'leave the nightly schedule as it is')
    .parse()
    .opts<{ lockMs: number; stalledMs: number; schedule: boolean }>();
  const config = loadConfig();
  const logger = createLogger(config).child({ component: 'refresh-worker' });
  if (config.QUEUE !== 'bullmq')
    throw new Error('refresh-worker: set QUEUE=bullmq (with QUEUE=inprocess the API runs refresh jobs itself)');
  if (config.STORE !== 'neo4j') {
    throw new Error(
      'refresh-worker: a separate worker needs STORE=neo4j; with the embedded store the API process runs the BullMQ workers itself',
    );
  }
  const deps = createCoreDeps(config, logger);
  const { scores, source } = createPartnerScores(deps.store);
  const handlers = createRefreshHandlers(config, deps, scores, source);
  const worker = await startBullmqWorker(handlers, {
    ...bullmqOptions(config, logger),
    concurrency: config.WORKER_CONCURRENCY,
    lockDurationMs: opts.lockMs,
    stalledIntervalMs: opts.stalledMs,
  });
  // The alerts run's jobs too (src/alerts/jobs.ts), on their own queue.
  const alerts = createAlertHandlers(config, deps);
  const alertsWorker = await startBullmqWorker(alerts.handlers, {
    ...alertsBullmqOptions(config, logger),
    concurrency: config.WORKER_CONCURRENCY,
    lockDurationMs: opts.lockMs,
    stalledIntervalMs: opts.stalledMs,
  });
  if (opts.schedule) {
    const queue = new BullmqQueue(bullmqOptions(config, logger));
    await queue.scheduleRuns(config.REFRESH_CRON).catch((err: unknown) => logger.warn({ err }, 'nightly run not scheduled'));
    if (config.REFRESH_INCREMENTAL_CRON)
      await queue
        .scheduleRuns(config.REFRESH_INCREMENTAL_CRON, { kind: 'incremental' })
        .catch((err: unknown) => logger.warn({ err }, 'incremental runs not scheduled'));
    await queue.close();
    if (config.ALERTS_FEED) {
      const alertsQueue = new BullmqQueue(alertsBullmqOptions(config, logger));
      await alertsQueue.scheduleRuns(config.ALERTS_CRON).catch((err: unknown) => logger.warn({ err }, 'alerts run not scheduled'));
      await alertsQueue.close();
    }
  }
  logger.info(
    { pid: process.pid, concurrency: config.WORKER_CONCURRENCY, prefix: config.QUEUE_PREFIX, cron: config.REFRESH_CRON },
    'refresh worker ready',
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'refresh worker stopping: finishing running jobs');
    try {
      await worker.close();
      await alertsWorker.close();
      alerts.close();
      await scores.close();
      await deps.store.close();
      logger.info('refresh worker stopped');
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'refresh worker did not stop cleanly');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
