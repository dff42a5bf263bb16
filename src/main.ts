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
import { startWebServer } from './server.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config);
  const core = createCoreDeps(config, logger);
  const refresh = await startRefresh(config, core);
  // Creating or updating an organisation queues a refresh of its partner list and of those that include it.
  const deps = { ...core, events: refresh.events };
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
  const slices = apiSlices(deps, refresh, { uploadMaxBytes: config.UPLOAD_MAX_BYTES });
  const edge = httpEdge(config, refresh, logger);
  const server = await startWebServer({ ...deps, slices, http: edge.options }, { host: config.HOST, port: config.PORT });
  logger.info({ url: server.url, store: config.STORE, queue: config.QUEUE, docs: `${server.url}/docs` }, 'Consortia API listening');
  void deps.store.start?.(logger); // in the background (it never throws): requests are served meanwhile

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await server.close();
    await edge.close();
    await refresh.close();
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
