/**
 * Picks the store named by configuration: the in-process embedded store (default, for a newcomer's one-command
 * start) or the Neo4j adapter. The embedded store opens the data directory (DATA_DIR) and starts with what it
 * holds; StoreUnavailableError when it cannot. Construction does not connect to Neo4j; for Neo4j it loads every
 * cypher/ file and throws CypherFileMissingError when one is missing, so a broken deployment fails at boot.
 */
import type { Config } from '../config.ts';
import { EmbeddedStore, type EmbeddedStoreOptions } from './embedded/embedded-store.ts';
import { openDataDirectory } from './embedded/persistence/store-file.ts';
import { Neo4jStore, type Neo4jStoreOptions } from './neo4j/neo4j-store.ts';
import type { Store } from './types.ts';

export type StoreConfig = Pick<Config, 'STORE' | 'DATA_DIR' | 'NEO4J_URI' | 'NEO4J_USER' | 'NEO4J_PASSWORD' | 'NEO4J_DATABASE'>;

export interface StoreOptions {
  /** tunes the driver (retry time, timeouts) when STORE=neo4j */
  neo4j?: Partial<Omit<Neo4jStoreOptions, 'uri' | 'user' | 'password' | 'database'>>;
  /** options of the embedded store when STORE=embedded (its persistence comes from DATA_DIR) */
  embedded?: Omit<EmbeddedStoreOptions, 'persistence'>;
}

export function createStore(config: StoreConfig, options: StoreOptions = {}): Store {
  switch (config.STORE) {
    case 'embedded':
      return new EmbeddedStore({ ...options.embedded, persistence: openDataDirectory(config.DATA_DIR) });
    case 'neo4j':
      return new Neo4jStore({
        ...options.neo4j,
        uri: config.NEO4J_URI,
        user: config.NEO4J_USER,
        password: config.NEO4J_PASSWORD,
        database: config.NEO4J_DATABASE,
      });
  }
}
