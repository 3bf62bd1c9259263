import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { z } from 'zod';

/** Root of the monorepo, found from this file so `pnpm start` works from any working directory. */
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Everything the server reads from its environment, parsed and validated once. */
export interface Config {
  host: string;
  port: number;
  /** Absolute directory holding the SQLite file and the generated secret. */
  dataDir: string;
  /** HMAC secret for board tokens; when undefined one is generated and kept in `dataDir/secret`. */
  secret: string | undefined;
  /** Base for links handed out by the API, e.g. `https://weboard.example.com`; no trailing slash. */
  publicUrl: string | undefined;
  /** Directory of the built client (`client/dist`). */
  clientDir: string;
  /** Group-commit window: client updates are written to storage at most this long after arrival. */
  flushIntervalMs: number;
  /** How long a board stays in memory after its last connection left. */
  idleUnloadMs: number;
  /** Largest websocket message accepted; larger ones close the connection with 1009. */
  maxMessageBytes: number;
  /** Update-log length after which a board's log is compacted into one state. */
  compactAfterUpdates: number;
  /** Interval of websocket ping/pong; a connection that misses one interval is dropped. */
  heartbeatIntervalMs: number;
  /** How many automatic snapshots (before restores, when the last person leaves) a board keeps. */
  autoSnapshotsKeep: number;
  logLevel: LogLevel;
  /** `postgres://…`: store boards in PostgreSQL instead of SQLite in `dataDir`. */
  databaseUrl: string | undefined;
  /** PostgreSQL schema for the tables (several deployments can share a database). */
  databaseSchema: string;
  /** `redis://…`: relay updates and presence to the other instances serving the same boards. */
  redisUrl: string | undefined;
  /**
   * Origins (`https://host[:port]`) whose pages may open a websocket; empty means only pages served
   * by this server (the Origin's host equals the request's Host). Non-browser clients send no Origin.
   */
  allowedOrigins: string[];
  /** Messages per second a connection may send on average (bursts up to 4x that). Over: close 4529 (retryable). */
  maxMessagesPerSecond: number;
  /** Bytes per second a connection may send on average (bursts up to the largest message x2). */
  maxBytesPerSecond: number;
  /** Connections one board accepts at once; more are refused with 4529 (retryable). */
  maxConnectionsPerBoard: number;
  /** Connections one remote address may hold at once; more are refused with 4529 (retryable). */
  maxConnectionsPerIp: number;
  /** Largest board (bytes of its encoded state); an edit that would grow past it is refused (4413). */
  maxBoardBytes: number;
  /** Boards loaded from storage at the same time; more joins wait in line (first come, first served). */
  loadConcurrency: number;
  /** REST requests per minute per remote address. */
  restRateLimitPerMinute: number;
}

/** A bad environment variable; `variable` names it so the message can point at it. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function intVar(min: number, max: number) {
  return z
    .string()
    .trim()
    .regex(/^\d+$/, `expected an integer ${min}-${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `expected an integer ${min}-${max}`);
}

const nonEmpty = z.string().trim().min(1, 'expected a non-empty value');

const VARIABLES = {
  HOST: nonEmpty.default('127.0.0.1'),
  PORT: intVar(0, 65535).default(8080),
  DATA_DIR: nonEmpty.optional(),
  WEBOARD_SECRET: z.string().min(16, 'expected at least 16 characters').optional(),
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
    .transform((url) => url.replace(/\/+$/, ''))
    .optional(),
  CLIENT_DIR: nonEmpty.optional(),
  FLUSH_INTERVAL_MS: intVar(1, 60_000).default(50),
  IDLE_UNLOAD_MS: intVar(0, 86_400_000).default(30_000),
  MAX_MESSAGE_BYTES: intVar(1024, 1024 ** 3).default(4 * 1024 * 1024),
  COMPACT_AFTER_UPDATES: intVar(1, 1_000_000).default(500),
  HEARTBEAT_INTERVAL_MS: intVar(100, 3_600_000).default(30_000),
  AUTO_SNAPSHOTS_KEEP: intVar(1, 10_000).default(20),
  LOG_LEVEL: z
    .enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.join(', ')}` })
    .default('info'),
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// URL')
    .optional(),
  DATABASE_SCHEMA: z
    .string()
    .trim()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'expected a lower-case SQL identifier')
    .default('public'),
  REDIS_URL: z
    .string()
    .trim()
    .regex(/^rediss?:\/\//, 'expected a redis:// URL')
    .optional(),
  ALLOWED_ORIGINS: z
    .string()
    .transform((list) =>
      list
        .split(',')
        .map((origin) => origin.trim().replace(/\/+$/, ''))
        .filter(Boolean),
    )
    .refine(
      (origins) => origins.every((origin) => /^https?:\/\/[^/]+$/.test(origin)),
      'expected comma-separated origins like https://weboard.example',
    )
    .default([]),
  MAX_MESSAGES_PER_SECOND: intVar(1, 1_000_000).default(200),
  MAX_BYTES_PER_SECOND: intVar(1024, 1024 ** 3).default(2 * 1024 * 1024),
  MAX_CONNECTIONS_PER_BOARD: intVar(1, 1_000_000).default(1000),
  MAX_CONNECTIONS_PER_IP: intVar(1, 1_000_000).default(1000),
  MAX_BOARD_BYTES: intVar(1024, 1024 ** 3).default(64 * 1024 * 1024),
  LOAD_CONCURRENCY: intVar(1, 1000).default(8),
  REST_RATE_LIMIT_PER_MINUTE: intVar(1, 1_000_000).default(600),
} as const;

type Parsed = { [K in keyof typeof VARIABLES]: z.output<(typeof VARIABLES)[K]> };

/** Parses the environment into a typed config; throws a `ConfigError` naming the first bad variable. */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const parsed: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(VARIABLES)) {
    // An empty variable (`PORT=`) means "not set", as in most shells' conventions.
    const raw = env[name] === '' ? undefined : env[name];
    const result = (schema as z.ZodType).safeParse(raw);
    if (!result.success) {
      const reason = result.error.issues[0]?.message ?? 'invalid value';
      throw new ConfigError(name, `Invalid ${name}: ${reason}, got ${JSON.stringify(raw)}`);
    }
    parsed[name] = result.data;
  }
  const vars = parsed as Parsed;
  return {
    host: vars.HOST,
    port: vars.PORT,
    dataDir: path.resolve(cwd, vars.DATA_DIR ?? path.join(REPO_ROOT, 'data')),
    secret: vars.WEBOARD_SECRET,
    publicUrl: vars.PUBLIC_URL,
    clientDir: path.resolve(cwd, vars.CLIENT_DIR ?? path.join(REPO_ROOT, 'client', 'dist')),
    flushIntervalMs: vars.FLUSH_INTERVAL_MS,
    idleUnloadMs: vars.IDLE_UNLOAD_MS,
    maxMessageBytes: vars.MAX_MESSAGE_BYTES,
    compactAfterUpdates: vars.COMPACT_AFTER_UPDATES,
    heartbeatIntervalMs: vars.HEARTBEAT_INTERVAL_MS,
    autoSnapshotsKeep: vars.AUTO_SNAPSHOTS_KEEP,
    logLevel: vars.LOG_LEVEL,
    databaseUrl: vars.DATABASE_URL,
    databaseSchema: vars.DATABASE_SCHEMA,
    redisUrl: vars.REDIS_URL,
    allowedOrigins: vars.ALLOWED_ORIGINS,
    maxMessagesPerSecond: vars.MAX_MESSAGES_PER_SECOND,
    maxBytesPerSecond: vars.MAX_BYTES_PER_SECOND,
    maxConnectionsPerBoard: vars.MAX_CONNECTIONS_PER_BOARD,
    maxConnectionsPerIp: vars.MAX_CONNECTIONS_PER_IP,
    maxBoardBytes: vars.MAX_BOARD_BYTES,
    loadConcurrency: vars.LOAD_CONCURRENCY,
    restRateLimitPerMinute: vars.REST_RATE_LIMIT_PER_MINUTE,
  };
}
