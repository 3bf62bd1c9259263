import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ErrorCode } from '@weboard/shared';
import { errorBody, sendNotFound } from '../errors';

/** Paths that belong to the API; they never fall back to the client's index.html. */
const API_PREFIXES = ['/api/', '/api?', '/sync/', '/healthz', '/metrics'];

function isApiPath(url: string): boolean {
  return url === '/api' || url === '/sync' || API_PREFIXES.some((prefix) => url.startsWith(prefix));
}

/**
 * Serves the built client from CLIENT_DIR. Unknown GETs outside the API (e.g. `/b/:boardId`) get
 * index.html so the client's router can take over; without a build they get a 503 saying how to make one.
 */
async function staticPlugin(app: FastifyInstance): Promise<void> {
  const { clientDir } = app.config;
  const indexFile = path.join(clientDir, 'index.html');
  const hasRoot = existsSync(clientDir);
  if (hasRoot) {
    await app.register(fastifyStatic, { root: clientDir, index: false, wildcard: true });
  }

  function sendIndex(reply: FastifyReply): FastifyReply {
    if (!hasRoot || !existsSync(indexFile)) {
      const { code, status } = ErrorCode.ClientNotBuilt;
      return reply
        .code(status)
        .send(
          errorBody(code, `The client is not built (no ${indexFile}). Run \`pnpm build\` first.`),
        );
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  }

  app.get('/', (_request, reply) => sendIndex(reply));

  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const isPageRequest = request.method === 'GET' || request.method === 'HEAD';
    if (isPageRequest && !isApiPath(request.url)) return sendIndex(reply);
    return sendNotFound(request, reply);
  });
}

export default fp(staticPlugin, { name: 'weboard-static' });
