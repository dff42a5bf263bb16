import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ALERT_RUN_DEFAULTS } from './alerts/run-settings.ts';
import { UPLOAD_DEFAULTS } from './imports/upload.ts';
import { parseCron } from './queue/cron.ts';
import { READ_MODEL_DEFAULTS } from './store/neo4j/read-model.ts';
import { STORE_KINDS } from './store/types.ts';

/**
 * Configuration, parsed once at boot from the environment (nothing else reads process.env). Every setting
 * has a default that runs the service on the embedded store and in-process job runner.
 */
const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

/** .data/ at the project root */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL('../.data/', import.meta.url));
/** DATA_DIR value that keeps nothing on disk (tests, benchmarks) */
export const IN_MEMORY = ':memory:';

/** A cron pattern the queues accept (src/queue/cron.ts), else the parser's message. */
function cronProblem(pattern: string): string | undefined {
  try {
    parseCron(pattern);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

const LogLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

export const Config = z.object({
  HOST: z.string().default('127.0.0.1'),
  /**
   * host names (comma-separated) the service answers to; other Host headers get 421 (DNS rebinding). Default: this
   * machine (localhost, 127.0.0.1, [::1]); `*` answers to any (behind a proxy that checks it)
   */
  ALLOWED_HOSTS: z
    .string()
    .default('localhost,127.0.0.1,[::1]')
    .transform((v) =>
      v
        .split(',')
        .map((h) => h.trim())
        .filter((h) => h !== ''),
    ),
  /** requests per caller (API token, else IP address) per minute; 0 turns the limit off (benchmarks) */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(600),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: LogLevel.default('info'),
  /** the CLI prints results on stdout and logs to stderr, quietly by default */
  CLI_LOG_LEVEL: LogLevel.default('warn'),
  /** embedded: in-process graphology graph (default); neo4j: NEO4J_URI */
  STORE: z.enum(STORE_KINDS).default('embedded'),
  /**
   * where the embedded store keeps what it is given (organisations, tenders, refresh runs, partner lists), shared by
   * the API and the CLI; `:memory:` keeps nothing. Default: .data/ in the project (git-ignored).
   */
  DATA_DIR: z.string().trim().min(1).default(DEFAULT_DATA_DIR),
  /** largest organisation or OCDS file accepted by the upload endpoints, in bytes (413 beyond it) */
  UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(2 ** 31)
    .default(UPLOAD_DEFAULTS.maxBytes),
  NEO4J_URI: z.string().default('bolt://127.0.0.1:7687'),
  NEO4J_USER: z.string().default('neo4j'),
  NEO4J_PASSWORD: z.string().default(''),
  NEO4J_DATABASE: z.string().default('neo4j'),
  /** decoded organisations the Neo4j adapter keeps for candidate queries (about 1.5 KB each); 0 disables the cache */
  NEO4J_CACHE_SIZE: z.coerce.number().int().min(0).max(10_000_000).default(100_000),
  /** fill that cache in the background at start-up, so the first match requests do not fetch their candidates */
  NEO4J_WARM_CACHE: bool.default(true),
  /**
   * keep every organisation and the candidate index in the API's memory, built from Neo4j at start-up and kept fresh
   * from its change numbers (src/store/neo4j/read-model.ts); matches and organisation reads are then answered from memory
   */
  NEO4J_READ_MODEL: bool.default(true),
  /**
   * the read model's staleness bound (ms): a read never misses a change committed longer ago than this (it polls Neo4j
   * every quarter of it; with Redis, changes usually arrive within milliseconds); once it is further behind, reads go to Neo4j
   */
  NEO4J_READ_MODEL_MAX_STALENESS_MS: z.coerce.number().int().min(100).max(600_000).default(READ_MODEL_DEFAULTS.maxStalenessMs),
  /** inprocess: jobs run inside the API process (default); bullmq: REDIS_URL and `npm run worker` */
  QUEUE: z.enum(['inprocess', 'bullmq']).default('inprocess'),
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: z.string().default('consortia'),
  /** cron pattern of the nightly partner-score refresh */
  REFRESH_CRON: z.string().default('0 2 * * *'),
  /**
   * cron pattern of incremental refresh runs (only the lists changes since the current run can affect); unset or
   * empty: none (the default)
   */
  REFRESH_INCREMENTAL_CRON: z
    .string()
    .optional()
    .transform((v) => (v === '' ? undefined : v)),
  /** partners kept per organisation; default REFRESH_DEFAULTS.topK (src/refresh/settings.ts, the one source) */
  REFRESH_TOP_K: z.coerce.number().int().min(1).max(500).optional(),
  /** organisations per shard job; default REFRESH_DEFAULTS.shardSize */
  REFRESH_SHARD_SIZE: z.coerce.number().int().min(1).max(100_000).optional(),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  /** refresh runs (full and incremental) queued or running at once; more answer 429 with Retry-After (src/refresh/run-budget.ts) */
  REFRESH_MAX_RUNNING: z.coerce.number().int().min(1).max(100).default(1),
  /**
   * signs the session and CSRF cookies; when unset, a random secret is created once and kept in the store (so every
   * process on one store agrees). Set it when processes share Redis sessions but not a store.
   */
  SESSION_SECRET: z.string().min(32).optional(),
  /** auto: cookies are Secure when the request came over HTTPS; true: always Secure (HTTPS only); false: never */
  COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  /** create admin@localhost with a random password and API token on first start (written to DATA_DIR/admin-credentials.txt) */
  CREATE_LOCAL_ADMIN: bool.default(true),
  /** load the demo dataset into an empty store at start-up */
  DEMO_DATA: bool.default(true),
  /** smtp:// or smtps:// URL of the relay tender alert emails go through (src/alerts/deliver-email.ts); unset: no email */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  /** the From of tender alert emails; its domain also names their Message-IDs */
  ALERTS_FROM: z.string().trim().min(3).max(300).default('Consortia alerts <alerts@localhost>'),
  /** where people reach the web app, for links in alert emails and webhooks (unsubscribe, notices); no trailing slash */
  PUBLIC_URL: z
    .url({ protocol: /^https?$/ })
    .default('http://127.0.0.1:3000')
    .transform((v) => v.replace(/\/+$/, '')),
  /**
   * where the queued alerts run reads new and changed notices: a directory of OCDS release packages or an http(s) URL
   * returning one (src/alerts/feed.ts); unset: no scheduled run, and POST /v1/alert-runs answers 409
   */
  ALERTS_FEED: z.string().trim().min(1).max(2000).optional(),
  /** cron pattern of the alerts run (feed → digest entries → delivery), scheduled only when ALERTS_FEED is set */
  ALERTS_CRON: z
    .string()
    .default('15 * * * *')
    .superRefine((v, ctx) => {
      const problem = cronProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  /** notices per shard job of the queued alerts run; default ALERT_RUN_DEFAULTS.shardSize (src/alerts/run-settings.ts) */
  ALERTS_SHARD_SIZE: z.coerce.number().int().min(1).max(ALERT_RUN_DEFAULTS.maxShardSize).optional(),
  /** let alert webhooks call loopback and private addresses (tests; receivers on the deployment's own network) */
  ALERTS_WEBHOOK_ALLOW_PRIVATE: bool.default(false),
  /** queue a full partner refresh at start-up when none has ever completed (a fresh embedded store, an empty Neo4j) */
  REFRESH_ON_START: bool.default(true),
});
export type Config = z.infer<typeof Config>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Config.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(`Invalid configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}
