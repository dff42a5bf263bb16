/**
 * The one owner of the Neo4j driver in a process: the Store adapter (neo4j-store.ts) and the partner-score store
 * (src/refresh/neo4j-partner-scores.ts) both run their queries through a Neo4jClient, so a process holds one
 * driver and one connection pool, with one set of timeouts, one retry policy and one translation of driver errors.
 * Apart from records.ts (pure, no driver), this is the only module that imports neo4j-driver's values.
 *
 * Every operation opens a fresh session (sessions are cheap; the driver pools connections and reconnects after an
 * outage, so nothing dead is ever cached). `read`/`write` run one managed transaction, so a batch is all-or-nothing;
 * their callbacks may be run again by the driver and must only run queries and compute their return value.
 * Retryable failures (connection lost, leader switch, deadlock) are retried by the driver's transaction executor
 * with exponential backoff for up to `maxTransactionRetryTimeMs`; what still fails then is thrown as
 * StoreUnavailableError (translateError). Other driver errors are rethrown unchanged.
 *
 * Whoever creates a client closes it: a store built from connection settings creates and closes its own, a store
 * given a client (`{ client }`) leaves it open for its owner.
 */
import neo4j, {
  Neo4jError,
  type BookmarkManager,
  type Driver,
  type Integer,
  type ManagedTransaction,
  type Record as Neo4jRecord,
  type Session,
} from 'neo4j-driver';
import { StoreUnavailableError } from '../../shared/errors.ts';

export type { ManagedTransaction as Transaction, Neo4jRecord };

/** Where the server is and how long to wait for it. */
export interface Neo4jConnection {
  /** bolt://host:port (one server) or neo4j://host:port (routing: a cluster is a configuration change) */
  uri: string;
  user: string;
  /** empty: connect without authentication (local server started with auth disabled) */
  password: string;
  database: string;
  /** How long the driver keeps retrying a transaction that fails with a retryable error, in ms. */
  maxTransactionRetryTimeMs?: number;
  /** TCP connect timeout, in ms. */
  connectionTimeoutMs?: number;
  /** How long to wait for a pooled connection, in ms. */
  connectionAcquisitionTimeoutMs?: number;
}

/** A store's constructor takes connection settings (it then owns a client of its own) or a client to share. */
export type Neo4jClientSource = Neo4jConnection | { client: Neo4jClient };

/**
 * Timeouts of every Neo4j user in a process. The retry time is short enough that a request made while Neo4j is
 * down turns into a 503 within a few seconds (attempts at about 0, 1 and 3 s), long enough to ride out a cluster
 * leader switch or a deadlock. Refresh jobs use the same: a job that still fails is retried by the queue with its
 * own exponential backoff (QUEUE_DEFAULTS), which covers longer outages without holding a worker's slot.
 */
export const NEO4J_DEFAULTS = {
  maxTransactionRetryTimeMs: 2_000,
  connectionTimeoutMs: 5_000,
  connectionAcquisitionTimeoutMs: 10_000,
} as const;

/** Codes Neo4j answers a schema command with when another process created the same rule first. */
const ALREADY_EXISTS = new Set([
  'Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists',
  'Neo.ClientError.Schema.ConstraintAlreadyExists',
  'Neo.ClientError.Schema.IndexAlreadyExists',
]);

export class Neo4jClient {
  readonly database: string;
  private readonly driver: Driver;
  /** schema set-ups under way or done, by name: each runs once per client, again after a failure */
  private readonly schemas = new Map<string, Promise<void>>();

  /** Does not connect: the driver connects lazily, on the first query. */
  constructor(connection: Neo4jConnection) {
    this.database = connection.database;
    // No token at all means scheme "none" (the typings do not expose auth.none()).
    const auth = connection.password ? neo4j.auth.basic(connection.user, connection.password) : undefined;
    this.driver = neo4j.driver(connection.uri, auth, {
      disableLosslessIntegers: true,
      maxTransactionRetryTime: connection.maxTransactionRetryTimeMs ?? NEO4J_DEFAULTS.maxTransactionRetryTimeMs,
      connectionTimeout: connection.connectionTimeoutMs ?? NEO4J_DEFAULTS.connectionTimeoutMs,
      connectionAcquisitionTimeout: connection.connectionAcquisitionTimeoutMs ?? NEO4J_DEFAULTS.connectionAcquisitionTimeoutMs,
    });
  }

  /** The client a store should use, and whether the store owns it (and so closes it). */
  static from(source: Neo4jClientSource): { client: Neo4jClient; owned: boolean } {
    return 'client' in source ? { client: source.client, owned: false } : { client: new Neo4jClient(source), owned: true };
  }

  read<T>(op: string, work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    return this.inSession(op, neo4j.session.READ, (session) => session.executeRead(work));
  }

  /**
   * A reader whose transactions each see at least what its previous ones saw, whichever cluster member serves them:
   * they share a bookmark manager, so a member that lags behind waits until it has caught up (causal consistency). For
   * a reader that reads a position and then what lies before it (the read model: a change number, then the changes).
   */
  causalReader(): <T>(op: string, work: (tx: ManagedTransaction) => Promise<T>) => Promise<T> {
    const bookmarkManager = neo4j.bookmarkManager();
    return (op, work) => this.inSession(op, neo4j.session.READ, (session) => session.executeRead(work), bookmarkManager);
  }

  write<T>(op: string, work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    return this.inSession(op, neo4j.session.WRITE, (session) => session.executeWrite(work));
  }

  /**
   * One read statement in an auto-commit transaction: a single round trip, where a managed transaction (read) also
   * waits for BEGIN's and COMMIT's answers, one extra round trip each. The driver does not retry auto-commit
   * transactions, so a retryable failure (connection lost, leader switch, …) falls back to the managed, retried
   * path; anything else is thrown as read() would throw it.
   */
  async readStatement(op: string, query: string, params: Record<string, unknown> = {}): Promise<Neo4jRecord[]> {
    const session = this.session(neo4j.session.READ);
    try {
      return (await session.run(query, params)).records;
    } catch (error) {
      if (!(error instanceof Neo4jError && Neo4jError.isRetryable(error))) throw translateError(op, error);
    } finally {
      await session.close().catch(() => undefined);
    }
    return this.read(op, async (tx) => (await tx.run(query, params)).records);
  }

  /**
   * Runs the schema commands (constraints, indexes) named `name` once per client, each alone in its transaction as
   * Neo4j requires, then `after` (e.g. waiting for an index to come online). A command that fails because another
   * process created the same rule first counts as done. Idempotent and safe to call concurrently; after a failure
   * (Neo4j down) the next call tries again. Throws StoreUnavailableError when Neo4j cannot be reached.
   */
  ensureSchema(name: string, commands: readonly string[], after?: () => Promise<void>): Promise<void> {
    let schema = this.schemas.get(name);
    if (!schema) {
      schema = this.applySchema(name, commands, after).catch((error: unknown) => {
        this.schemas.delete(name); // try again on the next call
        throw error;
      });
      this.schemas.set(name, schema);
    }
    return schema;
  }

  /** One auto-commit statement, not retried (a liveness probe): answers within the connect timeout, never throws. */
  async probe(query: string): Promise<{ ok: boolean; detail: string }> {
    const session = this.session(neo4j.session.READ);
    try {
      const { server } = (await session.run(query)).summary;
      return { ok: true, detail: `${server.agent ?? 'Neo4j'} at ${server.address ?? '?'}` };
    } catch (error) {
      return { ok: false, detail: `Neo4j unreachable: ${describe(error)}` };
    } finally {
      await session.close().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    await this.driver.close();
  }

  private async applySchema(name: string, commands: readonly string[], after?: () => Promise<void>): Promise<void> {
    for (const command of commands) {
      try {
        await this.write(`ensureSchema ${name}`, (tx) => tx.run(command));
      } catch (error) {
        if (error instanceof Neo4jError && ALREADY_EXISTS.has(error.code)) continue;
        throw error;
      }
    }
    await after?.();
  }

  private session(mode: 'READ' | 'WRITE', bookmarkManager?: BookmarkManager): Session {
    return this.driver.session({ database: this.database, defaultAccessMode: mode, bookmarkManager });
  }

  private async inSession<T>(
    op: string,
    mode: 'READ' | 'WRITE',
    run: (session: Session) => Promise<T>,
    bookmarkManager?: BookmarkManager,
  ): Promise<T> {
    const session = this.session(mode, bookmarkManager);
    try {
      return await run(session);
    } catch (error) {
      throw translateError(op, error);
    } finally {
      await session.close().catch(() => undefined);
    }
  }
}

/**
 * Retryable driver errors that outlived the driver's retries (ServiceUnavailable, SessionExpired, transient
 * server errors) become StoreUnavailableError, which the HTTP layer answers with 503 and workers retry.
 */
export function translateError(op: string, error: unknown): unknown {
  if (error instanceof Neo4jError) {
    // The pool's acquisition timeout (every connection busy or hanging) carries no code ('N/A'), but it means the
    // same to a caller: Neo4j cannot serve this now. Left alone it would reach the HTTP layer as a 500.
    const acquisition = error.message.startsWith('Connection acquisition timed out');
    const unavailable = acquisition || error.code === neo4j.error.SERVICE_UNAVAILABLE || error.code === neo4j.error.SESSION_EXPIRED;
    if (unavailable || Neo4jError.isRetryable(error)) {
      return new StoreUnavailableError(`neo4j: ${op}: Neo4j is unavailable (${error.code}): ${firstLine(error.message)}`, {
        cause: error,
      });
    }
  }
  return error;
}

/**
 * A Cypher INTEGER parameter (SKIP, LIMIT, counts, ranks): a JS number is sent as a FLOAT. Every integer the
 * adapters send is a count, a size, a rank or an offset, so anything but a non-negative safe integer is a bug and
 * throws RangeError rather than being clamped or truncated into a different query.
 */
export function int(n: number): Integer {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`neo4j: expected a non-negative integer parameter, got ${n}`);
  return neo4j.int(n);
}

function describe(error: unknown): string {
  if (error instanceof Neo4jError) return `${error.code}: ${firstLine(error.message)}`;
  return error instanceof Error ? firstLine(error.message) : String(error);
}

function firstLine(text: string): string {
  return text.split('\n')[0];
}
