/**
 * Embedded stores that are reopened from their data directory before every call: each call goes to a fresh
 * EmbeddedStore / EmbeddedPartnerScores loaded from the file, so a contract suite run through them passes only
 * if every state it reaches survives a restart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedPartnerScores } from '../../src/refresh/embedded-partner-scores.ts';
import type { PartnerScoreStore } from '../../src/refresh/partner-scores.ts';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.ts';
import { openDataDirectory, type StorePersistence } from '../../src/store/embedded/persistence/store-file.ts';
import type { Store } from '../../src/store/types.ts';

export interface TempDataDirectory {
  dir: string;
  persistence: StorePersistence;
  /** closes the database and deletes the directory */
  remove(): void;
}

export function tempDataDirectory(prefix = 'consortia-data-'): TempDataDirectory {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const persistence = openDataDirectory(dir);
  return {
    dir,
    persistence,
    remove() {
      persistence.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every method runs on a store freshly loaded from `persistence`; `close` is left to the caller. */
export function reopeningStore(persistence: StorePersistence): Store {
  const fresh = () => new EmbeddedStore({ persistence: { ...persistence, close: () => {} } });
  return new Proxy({} as Store, {
    get(_target, name: keyof Store) {
      if (name === 'kind') return 'embedded';
      if (name === 'close') return async () => {};
      if (name === 'records') return persistence.records;
      return (...args: unknown[]) => {
        const store = fresh();
        return (store[name as keyof EmbeddedStore] as (...a: unknown[]) => unknown).apply(store, args);
      };
    },
  });
}

export function reopeningPartnerScores(persistence: StorePersistence): PartnerScoreStore {
  return new Proxy({} as PartnerScoreStore, {
    get(_target, name: keyof PartnerScoreStore) {
      if (name === 'kind') return 'embedded';
      if (name === 'close') return async () => {};
      return (...args: unknown[]) => {
        const scores = new EmbeddedPartnerScores(persistence.partnerScores);
        return (scores[name] as (...a: unknown[]) => unknown).apply(scores, args);
      };
    },
  });
}
