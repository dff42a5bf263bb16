/**
 * The embedded store's file on disk: one SQLite database (better-sqlite3) in the data directory, holding the
 * organisations, tenders, refresh runs and partner lists of the embedded default. The in-memory store answers
 * every read; this file is what survives a restart. Why SQLite and not an append-only log of our own:
 * docs/embedded-persistence.md.
 *
 * Crash safety: WAL journal with `synchronous = FULL`, so a transaction is on disk (WAL fsynced) before the call
 * that wrote it returns — a write acknowledged to a caller survives `kill -9` and power loss. Several processes
 * may open the same file (the API and the CLI): readers never block, a writer waits up to `busy_timeout` for
 * another writer's transaction.
 *
 * Only this folder imports better-sqlite3 (tests/unit/architecture.test.ts).
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { IN_MEMORY } from '../../../config.ts';
import { StoreUnavailableError } from '../../../shared/errors.ts';

export const DATABASE_FILE = 'consortia.sqlite';

/** Schema migrations, applied in order; PRAGMA user_version counts those applied. Append, never edit. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE organisations (id TEXT PRIMARY KEY, doc TEXT NOT NULL);
   CREATE TABLE tenders (id TEXT PRIMARY KEY, doc TEXT NOT NULL);
   CREATE TABLE refresh_runs (run_id TEXT PRIMARY KEY, record TEXT NOT NULL);
   CREATE TABLE refresh_current (scope TEXT PRIMARY KEY, run_id TEXT NOT NULL);
   CREATE TABLE refresh_shards (run_id TEXT NOT NULL, shard INTEGER NOT NULL, lists INTEGER NOT NULL, partners INTEGER NOT NULL,
     PRIMARY KEY (run_id, shard));
   CREATE TABLE partner_lists (run_id TEXT NOT NULL, seeker_id TEXT NOT NULL, computed_at TEXT NOT NULL, partners INTEGER NOT NULL,
     ids TEXT NOT NULL, totals BLOB NOT NULL, factors BLOB NOT NULL, PRIMARY KEY (run_id, seeker_id));
   CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
  // Accounts, tokens, sessions, claims, audit, introductions (src/store/records.ts).
  `CREATE TABLE records (kind TEXT NOT NULL, id TEXT NOT NULL, doc TEXT NOT NULL, at TEXT NOT NULL, key1 TEXT, key2 TEXT,
     expires_at TEXT, PRIMARY KEY (kind, id));
   CREATE INDEX records_key1 ON records (kind, key1, at);
   CREATE INDEX records_key2 ON records (kind, key2, at);
   CREATE INDEX records_at ON records (kind, at);`,
  // State blobs of full refresh runs, per shard, for incremental runs (src/refresh/state-blob.ts).
  `CREATE TABLE refresh_states (run_id TEXT NOT NULL, shard INTEGER NOT NULL, blob BLOB NOT NULL, PRIMARY KEY (run_id, shard));`,
];

export interface EmbeddedDatabase {
  readonly db: Database.Database;
  /** the file, or ':memory:' */
  readonly path: string;
  /** Runs `fn` in one transaction (all or nothing); SQLITE_BUSY and I/O errors become StoreUnavailableError. */
  write<T>(fn: () => T): T;
  close(): void;
}

/**
 * Opens (creating when needed) the database in `dataDir`, or an in-memory one for ':memory:'. Throws
 * StoreUnavailableError when the directory cannot be created or the file cannot be opened (permissions, a
 * database written by a newer Consortia).
 */
export function openEmbeddedDatabase(dataDir: string): EmbeddedDatabase {
  let path = IN_MEMORY;
  let db: Database.Database;
  try {
    if (dataDir !== IN_MEMORY) {
      mkdirSync(dataDir, { recursive: true });
      path = join(resolve(dataDir), DATABASE_FILE);
    }
    db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    migrate(db);
  } catch (error) {
    throw new StoreUnavailableError(`embedded store: cannot open ${path === IN_MEMORY ? dataDir : path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return {
    db,
    path,
    write<T>(fn: () => T): T {
      try {
        return db.transaction(fn).immediate();
      } catch (error) {
        if (error instanceof Database.SqliteError) {
          throw new StoreUnavailableError(`embedded store: write to ${path} failed (${error.code}): ${error.message}`, { cause: error });
        }
        throw error;
      }
    },
    close() {
      if (db.open) db.close();
    },
  };
}

function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > MIGRATIONS.length) {
    throw new Error(`the file was written by a newer Consortia (schema ${version}, this one knows ${MIGRATIONS.length})`);
  }
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
}
