/**
 * The API process: `npm start`. Parses config, wires the store (embedded by default) and the refresh queue
 * (in-process by default), loads demo data into an empty store, serves HTTP, and shuts down cleanly on
 * SIGTERM/SIGINT.
 */
import { createCoreDeps, createLogger, loadDemoIfEmpty } from './bootstrap.ts';
import { loadConfig } from './config.ts';
import { apiSlices } from './features.ts';
import { httpEdge } from './http/edge.ts';
import { refreshIfNeverRun, startRefresh } from './refresh/wiring.ts';
import { startAlerts } from './alerts/wiring.ts';
import { startWebServer } from './server.ts';
import { ensureLocalAdmin } from './accounts/bootstrap.ts';
import { IN_MEMORY } from './config.ts';
import { redisSessionStore } from './queue/redis-sessions.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config);
  const core = createCoreDeps(config, logger);
  const refresh = await startRefresh(config, core);
  // Creating or updating an organisation queues a refresh of its partner list and of those that include it.
  const deps = { ...core, events: refresh.events };
  // The alerts run (ALERTS_FEED on ALERTS_CRON, or POST /v1/alert-runs) on a queue of its own.
  const alerts = await startAlerts(config, deps);
  if (config.DEMO_DATA) {
    try {
      await loadDemoIfEmpty(deps.store, deps.ref, logger);
    } catch (err) {
      // Neo4j may be down at boot: serve anyway (503s until it is back) rather than crash-loop.
      logger.warn({ err }, 'demo data not loaded');
    }
  }
  if (config.REFRESH_ON_START) {
    try {
      const runId = await refreshIfNeverRun(refresh.queue, refresh.scores);
      if (runId) logger.info({ runId }, 'no partner refresh has completed yet: one is queued now');
    } catch (err) {
      logger.warn({ err }, 'start-up partner refresh not queued');
    }
  }
  // Sessions in Redis when Redis is configured; otherwise in the store's records, like accounts.
  const sessions =
    config.QUEUE === 'bullmq' ? redisSessionStore({ redisUrl: config.REDIS_URL, prefix: config.QUEUE_PREFIX, logger }) : undefined;
  const auth = {
    sessionStore: sessions?.store,
    secret: config.SESSION_SECRET,
    cookieSecure: config.COOKIE_SECURE === 'auto' ? ('auto' as const) : config.COOKIE_SECURE === 'true',
  };
  const slices = apiSlices(deps, refresh, {
    uploadMaxBytes: config.UPLOAD_MAX_BYTES,
    auth,
    alertRuns: alerts.slice,
    webhookAllowPrivate: config.ALERTS_WEBHOOK_ALLOW_PRIVATE,
  });
  // Before listening, so the credentials exist once the URL is logged (the first start only).
  let admin: Awaited<ReturnType<typeof ensureLocalAdmin>>;
  if (config.CREATE_LOCAL_ADMIN) {
    try {
      admin = await ensureLocalAdmin(
        { records: deps.store.records, now: deps.now, logger },
        { dataDir: config.DATA_DIR === IN_MEMORY ? undefined : config.DATA_DIR },
      );
    } catch (err) {
      logger.warn({ err }, 'local administrator not created (the store is unreachable); it will be on the next start');
    }
  }
  const edge = httpEdge(config, refresh, logger);
  const server = await startWebServer({ ...deps, slices, http: edge.options }, { host: config.HOST, port: config.PORT });
  logger.info({ url: server.url, store: config.STORE, queue: config.QUEUE, docs: `${server.url}/docs` }, 'Consortia API listening');
  if (admin) {
    // Printed once, on the first start only: the password and token are kept nowhere else (the file is mode 0600).
    const where = admin.file
      ? `password and API token in ${admin.file} (readable by you only)`
      : `password ${admin.password}, API token ${admin.token}`;
    console.log(`\nA local administrator was created: sign in at ${server.url}/sign-in as ${admin.email}; ${where}.\n`);
  }
  void deps.store.start?.(logger); // in the background (it never throws): requests are served meanwhile

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await server.close();
    await edge.close();
    await refresh.close();
    await alerts.close();
    await sessions?.close();
    await deps.store.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
