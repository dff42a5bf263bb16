/**
 * The one place that wires adapters to use cases, shared by the API (main.ts), the CLI and the worker:
 * config → logger → reference data → store → (demo data) → core dependencies.
 */
import pino, { type Logger } from 'pino';
import type { Config } from './config.ts';
import { REDACTED_PATHS } from './http/middleware/request-log.ts';
import { buildDemoDataset } from './demo/dataset.ts';
import { loadDemoSources } from './demo/load-sources.ts';
import { prepareForMatching } from './matching/profile.ts';
import { defaultReference } from './reference/load.ts';
import type { Reference } from './reference/types.ts';
import { noEvents, type CoreDeps } from './shared/deps.ts';
import { createStore } from './store/registry.ts';
import { loadOrganisations, loadTenders } from './store/write-in-batches.ts';
import type { Store } from './store/types.ts';

export function createLogger(config: Pick<Config, 'LOG_LEVEL'>, destination?: pino.DestinationStream): Logger {
  // Secrets never reach a log line, whatever logs a request's headers (src/http/middleware/request-log.ts does the same).
  return pino(
    { level: config.LOG_LEVEL, base: { service: 'consortia' }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
    destination,
  );
}

export function createCoreDeps(config: Config, logger: Logger): CoreDeps {
  const ref = defaultReference();
  const prepare = prepareForMatching(ref);
  const store = createStore(config, { embedded: { prepare }, prepare, logger });
  return { store, ref, now: () => new Date(), events: noEvents, logger };
}

/**
 * Loads the demo dataset when the store holds no organisations yet (so restarting against a filled Neo4j
 * changes nothing). Returns what was loaded.
 */
export async function loadDemoIfEmpty(
  store: Store,
  ref: Reference,
  logger: Logger,
): Promise<{ organisations: number; tenders: number } | undefined> {
  const { total } = await store.listOrganisations(0, 1);
  if (total > 0) return undefined;
  const started = Date.now();
  const demo = buildDemoDataset(ref, loadDemoSources());
  await loadOrganisations(store, demo.organisations);
  await loadTenders(store, demo.tenders);
  logger.info({ organisations: demo.organisations.length, tenders: demo.tenders.length, ms: Date.now() - started }, 'demo data loaded');
  return { organisations: demo.organisations.length, tenders: demo.tenders.length };
}
