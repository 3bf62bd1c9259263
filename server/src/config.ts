import { isIP } from 'node:net';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { z } from 'zod';
import { HOLD_FROM_WRITES_PER_SECOND } from './sync/room-broadcast';

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
  /**
   * Secrets used before the current one: tokens signed with them stay valid until
   * `previousSecretsUntil`, so the secret can be rotated without killing every link at once.
   */
  previousSecrets: string[];
  /** End of the grace period of `previousSecrets` (ms since the epoch). */
  previousSecretsUntil: number | undefined;
  /**
   * Fastify's `trustProxy`: false (the peer is the client), true (trust every proxy), a hop count
   * (trust that many proxies in front of us) or addresses/CIDR ranges of trusted proxies.
   */
  trustProxy: boolean | number | string[];
  /** Time a client has to send a request's headers (websocket upgrades too); then it is dropped. */
  headersTimeoutMs: number;
  /** Time a client has to send a whole HTTP request (headers and body). */
  requestTimeoutMs: number;
  /** Base for links handed out by the API, e.g. `https://weboard.example.com`; no trailing slash. */
  publicUrl: string | undefined;
  /** Directory of the built client (`client/dist`). */
  clientDir: string;
  /** Group-commit window: client updates are written to storage at most this long after arrival. */
  flushIntervalMs: number;
  /** How long a board stays in memory after its last connection left. */
  idleUnloadMs: number;
  /** How long a stop (SIGTERM, SIGINT) may take storing the open boards before the process exits 1. */
  shutdownTimeoutMs: number;
  /** Largest websocket message accepted; larger ones close the connection with 1009. */
  maxMessageBytes: number;
  /** Largest image accepted (upload, or each image of an imported board file); larger: 413. */
  maxImageBytes: number;
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
  /**
   * Socket writes a second of a room's updates from which they wait for each person's presence
   * turn while the room takes turns (see sync/room-broadcast.ts).
   */
  holdUpdatesFromWritesPerSecond: number;
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

function commaList(value: string): string[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}

/** An address (`10.0.0.1`, `::1`) or a CIDR range (`10.0.0.0/8`), as proxy-addr reads them. */
function isAddressOrRange(value: string): boolean {
  const [address = '', bits, ...rest] = value.split('/');
  if (rest.length > 0) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (bits === undefined) return true;
  if (!/^\d+$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

const VARIABLES = {
  HOST: nonEmpty.default('127.0.0.1'),
  PORT: intVar(0, 65535).default(8080),
  DATA_DIR: nonEmpty.optional(),
  WEBOARD_SECRET: z.string().min(16, 'expected at least 16 characters').optional(),
  WEBOARD_PREVIOUS_SECRETS: z
    .string()
    .transform(commaList)
    .refine(
      (secrets) => secrets.every((secret) => secret.length >= 16),
      'expected comma-separated secrets of at least 16 characters',
    )
    .default([]),
  WEBOARD_SECRET_GRACE_END: z
    .string()
    .trim()
    .refine(
      (value) => /^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(Date.parse(value)),
      'expected an ISO 8601 date and time, like 2026-12-31T00:00:00Z',
    )
    .transform((value) => Date.parse(value))
    .optional(),
  TRUST_PROXY: z
    .string()
    .trim()
    .transform((value): boolean | number | string[] => {
      if (value === 'true') return true;
      if (value === 'false') return false;
      if (/^\d+$/.test(value)) return Number(value);
      return commaList(value);
    })
    .refine(
      (value) => typeof value !== 'object' || (value.length > 0 && value.every(isAddressOrRange)),
      'expected true, false, a hop count, or comma-separated proxy addresses / CIDR ranges',
    )
    .default(false),
  HEADERS_TIMEOUT_MS: intVar(100, 600_000).default(10_000),
  REQUEST_TIMEOUT_MS: intVar(100, 3_600_000).default(60_000),
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
    .transform((url) => url.replace(/\/+$/, ''))
    .optional(),
  CLIENT_DIR: nonEmpty.optional(),
  FLUSH_INTERVAL_MS: intVar(1, 60_000).default(50),
  IDLE_UNLOAD_MS: intVar(0, 86_400_000).default(30_000),
  // Storing is all a stop has to do before this (compaction after it may be cut short), and it
  // takes seconds even for a huge board: bench:client's 100,000-note board (28 MB) was stored
  // 1.9 s after SIGTERM on a quiet machine and 6.5 s at a load average of 18 on its 2 cores,
  // so a board of MAX_BOARD_BYTES' default (64 MB) needs about 15 s there. A minute is four times
  // that, and below systemd's stop timeout (90 s), so a hung storage is named in the log rather
  // than killed silently. Raise it with MAX_BOARD_BYTES.
  SHUTDOWN_TIMEOUT_MS: intVar(1000, 86_400_000).default(60_000),
  MAX_MESSAGE_BYTES: intVar(1024, 1024 ** 3).default(4 * 1024 * 1024),
  MAX_IMAGE_BYTES: intVar(1024, 256 * 1024 * 1024).default(10 * 1024 * 1024),
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
  HOLD_UPDATES_FROM_WRITES_PER_SECOND: intVar(0, 1_000_000_000).default(
    HOLD_FROM_WRITES_PER_SECOND,
  ),
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
  if (vars.WEBOARD_PREVIOUS_SECRETS.length > 0 && vars.WEBOARD_SECRET_GRACE_END === undefined) {
    throw new ConfigError(
      'WEBOARD_SECRET_GRACE_END',
      'Invalid WEBOARD_SECRET_GRACE_END: required with WEBOARD_PREVIOUS_SECRETS (when the old links stop working)',
    );
  }
  if (vars.REQUEST_TIMEOUT_MS < vars.HEADERS_TIMEOUT_MS) {
    throw new ConfigError(
      'REQUEST_TIMEOUT_MS',
      `Invalid REQUEST_TIMEOUT_MS: must not be below HEADERS_TIMEOUT_MS (${vars.HEADERS_TIMEOUT_MS})`,
    );
  }
  return {
    host: vars.HOST,
    port: vars.PORT,
    dataDir: path.resolve(cwd, vars.DATA_DIR ?? path.join(REPO_ROOT, 'data')),
    secret: vars.WEBOARD_SECRET,
    previousSecrets: vars.WEBOARD_PREVIOUS_SECRETS,
    previousSecretsUntil: vars.WEBOARD_SECRET_GRACE_END,
    trustProxy: vars.TRUST_PROXY,
    headersTimeoutMs: vars.HEADERS_TIMEOUT_MS,
    requestTimeoutMs: vars.REQUEST_TIMEOUT_MS,
    publicUrl: vars.PUBLIC_URL,
    clientDir: path.resolve(cwd, vars.CLIENT_DIR ?? path.join(REPO_ROOT, 'client', 'dist')),
    flushIntervalMs: vars.FLUSH_INTERVAL_MS,
    idleUnloadMs: vars.IDLE_UNLOAD_MS,
    shutdownTimeoutMs: vars.SHUTDOWN_TIMEOUT_MS,
    maxMessageBytes: vars.MAX_MESSAGE_BYTES,
    maxImageBytes: vars.MAX_IMAGE_BYTES,
    compactAfterUpdates: vars.COMPACT_AFTER_UPDATES,
    heartbeatIntervalMs: vars.HEARTBEAT_INTERVAL_MS,
    autoSnapshotsKeep: vars.AUTO_SNAPSHOTS_KEEP,
    logLevel: vars.LOG_LEVEL,
    databaseUrl: vars.DATABASE_URL,
    databaseSchema: vars.DATABASE_SCHEMA,
    redisUrl: vars.REDIS_URL,
    allowedOrigins: vars.ALLOWED_ORIGINS,
    maxMessagesPerSecond: vars.MAX_MESSAGES_PER_SECOND,
    holdUpdatesFromWritesPerSecond: vars.HOLD_UPDATES_FROM_WRITES_PER_SECOND,
    maxBytesPerSecond: vars.MAX_BYTES_PER_SECOND,
    maxConnectionsPerBoard: vars.MAX_CONNECTIONS_PER_BOARD,
    maxConnectionsPerIp: vars.MAX_CONNECTIONS_PER_IP,
    maxBoardBytes: vars.MAX_BOARD_BYTES,
    loadConcurrency: vars.LOAD_CONCURRENCY,
    restRateLimitPerMinute: vars.REST_RATE_LIMIT_PER_MINUTE,
  };
}
