/**
 * The store registry: how to build each StoreKind from configuration. Typed as a record over StoreKind, so a kind
 * added to STORE_KINDS does not compile until it is registered here (and given a partner-score store in
 * src/refresh/wiring.ts); an unknown kind at run time fails loudly. Construction does not connect; for Neo4j it
 * loads every cypher/ file and throws CypherFileMissingError when one is missing, so a broken deployment fails at
 * boot.
 */
import type { Config } from '../config.ts';
import { EmbeddedStore, type EmbeddedStoreOptions } from './embedded/embedded-store.ts';
import { openDataDirectory } from './embedded/persistence/store-file.ts';
import type { Neo4jConnection } from './neo4j/client.ts';
import { Neo4jStore } from './neo4j/neo4j-store.ts';
import type { Store, StoreKind } from './types.ts';
import type { Logger } from 'pino';
import type { Prepare } from './prepared.ts';
import { redisChangeFeed } from '../queue/redis-change-feed.ts';

export type StoreConfig = Pick<
  Config,
  | 'STORE'
  | 'DATA_DIR'
  | 'NEO4J_URI'
  | 'NEO4J_USER'
  | 'NEO4J_PASSWORD'
  | 'NEO4J_DATABASE'
  | 'NEO4J_CACHE_SIZE'
  | 'NEO4J_WARM_CACHE'
  | 'NEO4J_READ_MODEL'
  | 'NEO4J_READ_MODEL_MAX_STALENESS_MS'
  | 'QUEUE'
  | 'REDIS_URL'
  | 'QUEUE_PREFIX'
>;

export interface StoreOptions {
  /** tunes the driver (retry time, timeouts) when STORE=neo4j */
  neo4j?: Partial<Omit<Neo4jConnection, 'uri' | 'user' | 'password' | 'database'>>;
  /** options of the embedded store when STORE=embedded (its persistence comes from DATA_DIR) */
  embedded?: Omit<EmbeddedStoreOptions, 'persistence'>;
  /** with STORE=neo4j, made of each organisation the read model takes in, and kept with it (the matching profile) */
  prepare?: Prepare<unknown>;
  logger?: Logger;
}

const STORES: { readonly [K in StoreKind]: (config: StoreConfig, options: StoreOptions) => Store } = {
  // The data directory (DATA_DIR) is opened, and what it holds loaded; StoreUnavailableError when it cannot be.
  embedded: (config, options) => new EmbeddedStore({ ...options.embedded, persistence: openDataDirectory(config.DATA_DIR) }),
  neo4j: (config, options) =>
    new Neo4jStore({
      ...options.neo4j,
      uri: config.NEO4J_URI,
      user: config.NEO4J_USER,
      password: config.NEO4J_PASSWORD,
      database: config.NEO4J_DATABASE,
      organisationCacheSize: config.NEO4J_CACHE_SIZE,
      warmCacheOnStart: config.NEO4J_WARM_CACHE,
      // Built by start(), which only long-running API processes call; the CLI and workers read Neo4j.
      readModel: config.NEO4J_READ_MODEL
        ? { maxStalenessMs: config.NEO4J_READ_MODEL_MAX_STALENESS_MS, prepare: options.prepare }
        : undefined,
      // With Redis, every process that writes tells the others' read models at once (otherwise they poll).
      changeFeed:
        config.QUEUE === 'bullmq'
          ? redisChangeFeed({ redisUrl: config.REDIS_URL, prefix: config.QUEUE_PREFIX, logger: options.logger })
          : undefined,
    }),
};

/** The store configuration names (STORE). Throws UnknownStoreKindError for a kind nobody registered. */
export function createStore(config: StoreConfig, options: StoreOptions = {}): Store {
  const create = STORES[config.STORE] as (typeof STORES)[StoreKind] | undefined;
  if (!create) throw new UnknownStoreKindError(config.STORE, 'store/registry');
  return create(config, options);
}

/** A store kind with no implementation where one is needed (a programming error: see STORE_KINDS). */
export class UnknownStoreKindError extends Error {
  constructor(kind: string, where: string) {
    super(`${where}: no implementation for store kind "${kind}"`);
    this.name = 'UnknownStoreKindError';
  }
}
