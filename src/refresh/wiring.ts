/**
 * Wiring of the refresh for the API process (main.ts) and the worker (workers/refresh-worker.ts): which
 * partner-score store, queue and workers configuration asks for.
 *
 *   STORE     QUEUE      jobs run in
 *   embedded  inprocess  the API process (default; nothing else to start)
 *   embedded  bullmq     BullMQ workers inside the API process (the embedded store lives there)
 *   neo4j     inprocess  the API process
 *   neo4j     bullmq     `npm run worker` processes (as many as you like); the API only queues
 *
 * In the API process shards are scored on WORKER_CONCURRENCY worker threads (ThreadComputer); a worker
 * process scores on its own thread, and you scale by starting more processes.
 */
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Slice } from '../http/app.ts';
import { BullmqQueue, startBullmqWorker, type BullmqWorker } from '../queue/bullmq-queue.ts';
import { InProcessQueue } from '../queue/inprocess-queue.ts';
import type { JobQueue, RefreshHandlers } from '../queue/types.ts';
import type { CoreDeps, DomainEvents } from '../shared/deps.ts';
import { EmbeddedStore } from '../store/embedded/embedded-store.ts';
import { neo4jClientOf } from '../store/neo4j/neo4j-store.ts';
import { UnknownStoreKindError } from '../store/registry.ts';
import type { Store, StoreKind } from '../store/types.ts';
import { EmbeddedPartnerScores } from './embedded-partner-scores.ts';
import { refreshEvents } from './events.ts';
import { refreshHandlers } from './jobs.ts';
import { Neo4jPartnerScores } from './neo4j-partner-scores.ts';
import type { OrganisationSource, PartnerScoreStore } from './partner-scores.ts';
import { refreshSlice } from './routes.ts';
import { RunBudget } from './run-budget.ts';
import { RefreshWatchdog } from './watchdog.ts';
import { refreshSettings, type RefreshSettings } from './settings.ts';
import type { ShardComputer } from './shard-computer.ts';
import { storeOrganisationSource } from './snapshot.ts';
import { ThreadComputer } from './thread-computer.ts';

export interface PartnerScoresOfStore {
  scores: PartnerScoreStore;
  /** the organisations of a scope, for planning and snapshots */
  source: OrganisationSource;
}

/**
 * The partner-score store that goes with each kind of Store, as a record over StoreKind: a new store kind does not
 * compile until it says where its partner lists live (there is no fallback to the in-memory one, which would lose
 * every list on restart and never be seen by a separate worker).
 */
const PARTNER_SCORES: { readonly [K in StoreKind]: (store: Store) => PartnerScoresOfStore } = {
  // The embedded store's data directory keeps the runs and lists too.
  embedded: (store) => ({
    scores: new EmbeddedPartnerScores(store instanceof EmbeddedStore ? store.partnerScorePersistence() : undefined),
    source: storeOrganisationSource(store),
  }),
  neo4j: (store) => {
    // One driver per process: the partner scores run on the store's client.
    const scores = new Neo4jPartnerScores({ client: neo4jClientOf(store) });
    return { scores, source: scores.organisationSource(store) };
  },
};

/** Throws UnknownStoreKindError for a store kind with no partner-score store. */
export function createPartnerScores(store: Store): PartnerScoresOfStore {
  const create = PARTNER_SCORES[store.kind] as (typeof PARTNER_SCORES)[StoreKind] | undefined;
  if (!create) throw new UnknownStoreKindError(store.kind, 'refresh/wiring');
  return create(store);
}

export function createRefreshHandlers(
  config: Config,
  deps: Pick<CoreDeps, 'store' | 'ref' | 'now' | 'logger'>,
  scores: PartnerScoreStore,
  source: OrganisationSource,
  options: { settings?: Partial<RefreshSettings>; computer?: ShardComputer } = {},
): RefreshHandlers {
  return refreshHandlers({ ...deps, scores, source, settings: refreshSettings(config, options.settings), computer: options.computer });
}

export function bullmqOptions(config: Config, logger: Logger) {
  return { redisUrl: config.REDIS_URL, prefix: config.QUEUE_PREFIX, logger };
}

/**
 * Queues a full refresh when no run has ever completed and none has begun: the partner lists of a fresh
 * start are then ready within seconds to minutes, instead of after the first nightly run. Returns its run id.
 */
export async function refreshIfNeverRun(queue: JobQueue, scores: PartnerScoreStore): Promise<string | undefined> {
  if ((await scores.currentRun()) || (await scores.runningRuns()).length > 0) return undefined;
  return (await queue.enqueueRun()).runId;
}

export interface Refresh {
  queue: JobQueue;
  /** starts full runs within REFRESH_MAX_RUNNING (the API and the web app's operator page) */
  runs: RunBudget;
  watchdog: RefreshWatchdog;
  scores: PartnerScoreStore;
  /** set as CoreDeps.events so organisation writes queue incremental refreshes */
  events: DomainEvents;
  slice: Slice;
  close(): Promise<void>;
}

/**
 * Everything the API process needs for the refresh. Schedules the nightly run (REFRESH_CRON) and, when asked,
 * incremental runs (REFRESH_INCREMENTAL_CRON); a Redis that
 * is down at boot only delays that (logged), the API still starts.
 */
export async function startRefresh(config: Config, deps: CoreDeps): Promise<Refresh> {
  const { logger } = deps;
  const { scores, source } = createPartnerScores(deps.store);
  if (config.STORE === 'embedded' && config.QUEUE === 'inprocess') {
    // In-process jobs die with the process: a run the last one left running (kept in DATA_DIR) can never finish.
    for (const run of await scores.runningRuns()) await scores.failRun(run.runId, 'interrupted: the process running it stopped');
  }
  // Jobs run in this process: shards are scored on WORKER_CONCURRENCY threads, off the event loop.
  const inThisProcess = config.QUEUE === 'inprocess' || config.STORE === 'embedded';
  const computer = inThisProcess ? new ThreadComputer(config.WORKER_CONCURRENCY) : undefined;
  const handlers = createRefreshHandlers(config, deps, scores, source, { computer });
  let queue: JobQueue;
  let worker: BullmqWorker | undefined;
  if (config.QUEUE === 'bullmq') {
    queue = new BullmqQueue(bullmqOptions(config, logger));
    if (config.STORE === 'embedded')
      worker = await startBullmqWorker(handlers, { ...bullmqOptions(config, logger), concurrency: config.WORKER_CONCURRENCY });
  } else {
    // One job more than threads, so a shard's lists are saved while the next one is being scored.
    queue = new InProcessQueue(handlers, { concurrency: config.WORKER_CONCURRENCY + 1, logger });
  }
  try {
    await queue.scheduleRuns(config.REFRESH_CRON);
  } catch (error) {
    logger.warn({ err: error, cron: config.REFRESH_CRON }, 'nightly partner refresh not scheduled');
  }
  if (config.REFRESH_INCREMENTAL_CRON) {
    try {
      await queue.scheduleRuns(config.REFRESH_INCREMENTAL_CRON, { kind: 'incremental' });
    } catch (error) {
      logger.warn({ err: error, cron: config.REFRESH_INCREMENTAL_CRON }, 'incremental partner refresh not scheduled');
    }
  }
  const events = refreshEvents(queue, logger);
  const runs = new RunBudget(queue, scores, config.REFRESH_MAX_RUNNING);
  // Redis restarting empty loses the schedule and the jobs of a run in flight: the watchdog puts both right.
  const watchdog = new RefreshWatchdog({
    queue,
    scores,
    cron: config.REFRESH_CRON,
    incrementalCron: config.REFRESH_INCREMENTAL_CRON,
    logger,
    detectOrphans: config.QUEUE === 'bullmq',
  });
  watchdog.start();
  return {
    queue,
    runs,
    watchdog,
    scores,
    events,
    slice: refreshSlice(deps, queue, scores, { runs, watchdog }),
    async close() {
      watchdog.stop();
      await worker?.close();
      await queue.close();
      await computer?.close();
      await scores.close();
    },
  };
}
