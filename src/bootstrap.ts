/**
 * The one place that wires adapters to use cases, shared by the API (main.ts), the CLI and the worker:
 * config → logger → reference data → store → (demo data) → core dependencies.
 */
import pino, { type Logger } from 'pino';
import type { Config } from './config.ts';
import { buildDemoDataset } from './demo/dataset.ts';
import { loadDemoSources } from './demo/load-sources.ts';
import { prepareForMatching } from './matching/profile.ts';
import { defaultReference } from './reference/load.ts';
import type { Reference } from './reference/types.ts';
import { noEvents, type CoreDeps } from './shared/deps.ts';
import { createStore } from './store/create-store.ts';
import { MODEL_VERSION, Neo4jStore } from './store/neo4j/neo4j-store.ts';
import type { Store } from './store/types.ts';

export function createLogger(config: Pick<Config, 'LOG_LEVEL'>, destination?: pino.DestinationStream): Logger {
  return pino({ level: config.LOG_LEVEL, base: { service: 'consortia' } }, destination);
}

export function createCoreDeps(config: Config, logger: Logger): CoreDeps {
  const ref = defaultReference();
  const store = createStore(config, {
    embedded: { prepare: prepareForMatching(ref) },
    neo4j: { organisationCacheSize: config.NEO4J_CACHE_SIZE },
  });
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
  const BATCH = 2000;
  for (let i = 0; i < demo.organisations.length; i += BATCH) await store.upsertOrganisations(demo.organisations.slice(i, i + BATCH));
  await store.upsertTenders(demo.tenders);
  logger.info({ organisations: demo.organisations.length, tenders: demo.tenders.length, ms: Date.now() - started }, 'demo data loaded');
  return { organisations: demo.organisations.length, tenders: demo.tenders.length };
}

/**
 * Start-up work on a Neo4j store, in the background of the API (a no-op for the embedded store): warns when
 * organisations were written by an older graph model (until `npm run load:neo4j -- --migrate` rewrites them, some
 * are not found as candidates), then fills the adapter's cache of decoded organisations when `warm`
 * (Neo4jStore.warmOrganisationCache). Never throws: with Neo4j down at boot the first requests simply fetch their
 * candidates, as they would without warming.
 */
export async function prepareStore(store: Store, logger: Logger, options: { warm: boolean }): Promise<void> {
  if (!(store instanceof Neo4jStore)) return;
  try {
    const outdated = await store.countOutdatedOrganisations();
    if (outdated > 0) {
      logger.warn(
        { outdated, modelVersion: MODEL_VERSION },
        'organisations written by an older version of the graph model: run `npm run load:neo4j -- --migrate` once; until then some are not found as candidates',
      );
    }
  } catch (err) {
    logger.warn({ err }, 'graph model not checked');
  }
  if (!options.warm) return;
  const started = Date.now();
  try {
    const organisations = await store.warmOrganisationCache();
    logger.info({ organisations, cached: store.organisationCache.size, ms: Date.now() - started }, 'organisation cache warmed');
  } catch (err) {
    logger.warn({ err }, 'organisation cache not warmed');
  }
}
