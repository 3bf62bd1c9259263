import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import Fastify from 'fastify';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import './types';
import type { Config } from './config';
import accessPlugin from './access/plugin';
import { AppError, handleError } from './errors';
import blobLinkRoutes from './http/blob-links';
import blobRoutes from './http/blobs';
import boardRoutes from './http/boards';
import confidenceRoutes from './http/confidence';
import healthRoutes from './http/health';
import importExportRoutes from './http/import-export';
import linkRoutes from './http/links';
import privateRoundRoutes from './http/private-round';
import snapshotRoutes from './http/snapshots';
import voteRoutes from './http/votes';
import staticPlugin, { inlineScriptSources } from './http/static';
import timeRoutes from './http/time';
import metricsPlugin from './observability/plugin';
import type { BoardStore } from './storage/board-store';
import storagePlugin from './storage/plugin';
import syncPlugin from './sync/plugin';

/** Largest REST request body. */
const BODY_LIMIT_BYTES = 1024 * 1024;

export interface BuildOptions {
  /** Use this store instead of opening SQLite in `config.dataDir`. */
  store?: BoardStore;
  /** Where log lines go instead of stdout (tests read them). */
  logStream?: { write(line: string): unknown };
}

/**
 * Fastify's `trustProxy` from `TRUST_PROXY`. A hop count becomes a function trusting that many
 * proxies: Fastify 5 reads a bare number as "trust nothing" (it cannot check the peer), while
 * operators mean what Express means by it.
 */
function trustProxyOption(trust: Config['trustProxy']): FastifyServerOptions['trustProxy'] {
  if (typeof trust !== 'number') return trust;
  const hops = trust;
  return (_address: string, hop: number) => hop < hops;
}

/** Removes the values of `token` and `userSecret` query parameters so neither reaches the logs. */
export function redactUrl(url: string): string {
  return url.replace(/([?&](?:token|userSecret)=)[^&#]*/gi, '$1[redacted]');
}

function loggerOptions(
  config: Config,
  stream: BuildOptions['logStream'],
): FastifyServerOptions['logger'] {
  return {
    level: config.logLevel,
    ...(stream ? { stream } : {}),
    redact: ['req.headers.authorization', 'req.query.token', 'req.query.userSecret'],
    serializers: {
      req(request: { method: string; url: string; ip?: string }) {
        return { method: request.method, url: redactUrl(request.url), remoteAddress: request.ip };
      },
    },
  };
}

/** Builds the whole app from a config: plugins and routes registered, not listening. */
export async function buildApp(
  config: Config,
  options: BuildOptions = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(config, options.logStream),
    bodyLimit: BODY_LIMIT_BYTES,
    return503OnClosing: true,
    trustProxy: trustProxyOption(config.trustProxy),
    // A client slow to send its headers (a websocket upgrade too: its headers are all there is
    // before the handshake) is dropped after headersTimeout; Node checks every
    // connectionsCheckingInterval, so that is kept well below the timeout.
    requestTimeout: config.requestTimeoutMs,
    http: {
      headersTimeout: config.headersTimeoutMs,
      requestTimeout: config.requestTimeoutMs,
      connectionsCheckingInterval: Math.min(1000, Math.ceil(config.headersTimeoutMs / 4)),
    },
  });
  app.decorate('config', config);
  app.setErrorHandler(handleError);

  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        // The client's own inline scripts, by hash (its boot script: http/static.ts).
        scriptSrc: ["'self'", ...inlineScriptSources(config.clientDir)],
        // React and Konva set some styles inline.
        styleSrc: ["'self'", "'unsafe-inline'"],
        // PNG export and pasted images are data: and blob: URLs.
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        // 'self' covers the same-origin websocket (/sync) in current browsers.
        connectSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // TLS ends at the proxy in front of us, if any; HSTS on plain http would only get in the way.
    strictTransportSecurity: false,
  });
  await app.register(rateLimit, {
    max: config.restRateLimitPerMinute,
    timeWindow: 60_000,
    // Only the REST API: websockets have their own per-address and per-board limits, and a page
    // load fetches many static files.
    allowList: (request) => !request.url.startsWith('/api/') && request.url !== '/api',
    // Thrown by the plugin, so it leaves through handleError like every other REST error.
    errorResponseBuilder: (_request, context) =>
      new AppError('RateLimited', `Too many requests; retry in ${Math.ceil(context.ttl / 1000)} s`),
  });
  await app.register(metricsPlugin);

  await app.register(storagePlugin, { store: options.store });
  await app.register(accessPlugin);
  await app.register(syncPlugin);
  await app.register(healthRoutes);
  await app.register(boardRoutes);
  await app.register(snapshotRoutes);
  await app.register(blobRoutes);
  await app.register(blobLinkRoutes);
  await app.register(importExportRoutes);
  await app.register(linkRoutes);
  await app.register(voteRoutes);
  await app.register(confidenceRoutes);
  await app.register(privateRoundRoutes);
  await app.register(timeRoutes);
  await app.register(staticPlugin);
  return app;
}
