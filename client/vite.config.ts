import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { build, defineConfig } from 'vite';
import type { Plugin } from 'vite';
import { compression } from 'vite-plugin-compression2';
import { rightSizedAnyArrays } from '../shared/src/yjs-any-arrays';
import { yjsForOpening } from './src/collab/yjs-rewrites';

const server = 'http://127.0.0.1:8080';

/** lib0's decoding with a faster reader of short strings (src/collab/lib0-decoding.ts). */
const fastDecoding = fileURLToPath(new URL('./src/collab/lib0-decoding.ts', import.meta.url));

/** zod configured for a page whose CSP forbids eval (shared/src/zod-jitless.ts). */
const jitlessZod = fileURLToPath(new URL('../shared/src/zod-jitless.ts', import.meta.url));

/** Every import of `source` gets `replacement` instead, except the replacement's own. */
function replaceImport(name: string, source: string, replacement: string): Plugin {
  return {
    name,
    enforce: 'pre',
    resolveId(imported, importer) {
      if (imported !== source || importer === replacement) return null;
      return replacement;
    },
  };
}

/**
 * Yjs with its reader of plain values giving one-value arrays their own size
 * (shared/src/yjs-any-arrays.ts), a memo in its struct search and observer lists made only when
 * needed (src/collab/yjs-rewrites.ts).
 */
const yjsAnyArrays: Plugin = {
  name: 'weboard-yjs-any-arrays',
  transform(code, id) {
    return /[\\/]yjs[\\/]dist[\\/]yjs\.mjs$/.test(id)
      ? yjsForOpening(rightSizedAnyArrays(code))
      : null;
  },
};

/** The board page's boot script (src/boot-inline.ts). */
const bootScript = fileURLToPath(new URL('./src/boot-inline.ts', import.meta.url));

/**
 * Builds src/boot-inline.ts on its own (one small script, no imports left) and inlines it into
 * index.html's head, before its stylesheet (an inline script waits for the stylesheets above it)
 * and its module script: it opens a board's websocket as the page is parsed, ~150 ms before the
 * page's first chunk could (it waits for its own download and its imports').
 */
const inlineBootScript: Plugin = {
  name: 'weboard-inline-boot-script',
  apply: 'build',
  async transformIndexHtml(html) {
    const built = await build({
      configFile: false,
      logLevel: 'warn',
      publicDir: false,
      plugins: [replaceImport('weboard-zod-jitless', 'zod', jitlessZod)],
      build: {
        write: false,
        minify: true,
        lib: { entry: bootScript, formats: ['iife'], name: 'weboardBoot' },
      },
    });
    const outputs = Array.isArray(built) ? built : [built];
    const chunk = outputs
      .flatMap((output) => ('output' in output ? output.output : []))
      .find((file) => file.type === 'chunk');
    if (!chunk || chunk.type !== 'chunk') throw new Error('the boot script did not build');
    if (chunk.imports.length > 0 || /<\/script/i.test(chunk.code))
      throw new Error('the boot script must be one inline script with no imports');
    if (!html.includes('<title>'))
      throw new Error('index.html has no <title> to put the boot script before');
    return html.replace('<title>', `<script>${chunk.code.trim()}</script>\n    <title>`);
  },
};

export default defineConfig({
  plugins: [
    // Yjs's and y-protocols' `lib0/decoding`, and the shared schemas' `zod`.
    replaceImport('weboard-lib0-decoding', 'lib0/decoding', fastDecoding),
    replaceImport('weboard-zod-jitless', 'zod', jitlessZod),
    yjsAnyArrays,
    inlineBootScript,
    react(),
    // Brotli and gzip copies beside each asset, which the server sends to browsers that accept them
    // (server/src/http/static.ts): the board page's code is ~1 MB, ~0.3 MB as brotli. Every asset,
    // however small: splitting the panels off (app/panels.ts) left a few small chunks that the board
    // page and the panels share, and the page gets all of its code compressed.
    compression({ algorithms: ['brotliCompress', 'gzip'], threshold: 0 }),
  ],
  // Konva without the shapes and filters the board never draws (src/canvas/konva-lean.ts).
  resolve: {
    alias: [
      {
        find: /^konva$/,
        replacement: fileURLToPath(new URL('./src/canvas/konva-lean.ts', import.meta.url)),
      },
    ],
  },
  // The manifest tells the server which files a board page needs (server/src/http/static.ts).
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, manifest: true },
  server: {
    proxy: {
      '/api': server,
      '/healthz': server,
      '/sync': { target: server, ws: true },
    },
  },
});
