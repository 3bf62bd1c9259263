import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
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
 * The client build's hashed files (Vite names every file in `assets/` after its content): a name
 * never changes content, so a browser keeps them for a year without asking again. A returning
 * visitor (and the offline shell's fetches, client/public/sw.js) then loads the page's code from its
 * cache instead of revalidating each file with the server first, one round trip before any of it
 * runs. Other files (index.html, the service worker) name the hashes and are asked for each time.
 */
const HASHED_ASSETS_CACHE_CONTROL = 'public, max-age=31536000, immutable';
/** Where the build puts those files, in the client folder and in URLs (client/public/sw.js too). */
const ASSETS_DIR = 'assets';

/** Whether `file` (absolute) is one of the build's hashed files under `clientDir/assets`. */
export function isHashedAsset(clientDir: string, file: string): boolean {
  const relative = path.relative(path.join(clientDir, ASSETS_DIR), file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** The board page's code in the client build's manifest (vite.config.ts `build.manifest`). */
const BOARD_PAGE_SOURCE = 'src/app/BoardPage.tsx';

interface ManifestChunk {
  file: string;
  imports?: string[];
  css?: string[];
}

/**
 * index.html for a board page: the same page with the board's code and styles (the largest chunk,
 * which the page otherwise asks for only once its first script runs) announced in its head, so
 * the browser fetches them alongside that script. Null when the build has no manifest naming the
 * board page: then board pages get index.html as it is.
 */
export function boardPageHtml(clientDir: string, indexHtml: string): string | null {
  const manifestFile = path.join(clientDir, '.vite', 'manifest.json');
  if (!existsSync(manifestFile)) return null;
  let manifest: Record<string, ManifestChunk>;
  try {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, ManifestChunk>;
  } catch {
    return null;
  }
  if (!manifest[BOARD_PAGE_SOURCE] || !indexHtml.includes('</head>')) return null;
  const scripts = new Set<string>();
  const styles = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || scripts.has(chunk.file)) return;
    scripts.add(chunk.file);
    for (const css of chunk.css ?? []) styles.add(css);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  visit(BOARD_PAGE_SOURCE);
  const links = [
    ...[...scripts].map((file) => `<link rel="modulepreload" crossorigin href="/${file}">`),
    ...[...styles].map((file) => `<link rel="preload" as="style" crossorigin href="/${file}">`),
  ];
  return indexHtml.replace('</head>', `    ${links.join('\n    ')}\n  </head>`);
}

/**
 * The CSP sources that allow the inline scripts of the client's index.html (its boot script, which
 * opens a board's websocket while the page's code downloads: client/src/boot-inline.ts), one
 * `'sha256-…'` each, and no others; none without a build.
 */
export function inlineScriptSources(clientDir: string): string[] {
  const indexFile = path.join(clientDir, 'index.html');
  if (!existsSync(indexFile)) return [];
  const html = readFileSync(indexFile, 'utf8');
  return [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(
    ([, code]) => `'sha256-${createHash('sha256').update(code!).digest('base64')}'`,
  );
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
    // The build writes brotli and gzip copies of its assets (client/vite.config.ts): sent to browsers
    // that accept them, the file itself to the rest.
    await app.register(fastifyStatic, {
      root: clientDir,
      index: false,
      wildcard: true,
      preCompressed: true,
      // Files not named after their content (index.html, the service worker) are asked for again
      // every time (send's own `max-age=0` replaced the `no-cache` sendIndex sets).
      setHeaders: (reply, file) => {
        reply.header(
          'cache-control',
          isHashedAsset(clientDir, file) ? HASHED_ASSETS_CACHE_CONTROL : 'no-cache',
        );
      },
    });
  }

  const boardHtml =
    hasRoot && existsSync(indexFile)
      ? boardPageHtml(clientDir, readFileSync(indexFile, 'utf8'))
      : null;

  function sendIndex(reply: FastifyReply, boardPage = false): FastifyReply {
    if (!hasRoot || !existsSync(indexFile)) {
      const { code, status } = ErrorCode.ClientNotBuilt;
      return reply
        .code(status)
        .send(
          errorBody(code, `The client is not built (no ${indexFile}). Run \`pnpm build\` first.`),
        );
    }
    reply.header('cache-control', 'no-cache');
    if (boardPage && boardHtml) return reply.type('text/html; charset=utf-8').send(boardHtml);
    return reply.sendFile('index.html');
  }

  app.get('/', (_request, reply) => sendIndex(reply));

  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const isPageRequest = request.method === 'GET' || request.method === 'HEAD';
    // A file of the build that is not there (a tab opened before a deploy asking for a chunk of
    // its own build) is a 404, never the page in its place: the browser reports the missing
    // script, and the offline shell does not keep a page under the file's name (cacheFirst).
    if (isPageRequest && !isApiPath(request.url) && !request.url.startsWith(`/${ASSETS_DIR}/`))
      return sendIndex(reply, request.url.startsWith('/b/'));
    return sendNotFound(request, reply);
  });
}

export default fp(staticPlugin, { name: 'weboard-static' });
