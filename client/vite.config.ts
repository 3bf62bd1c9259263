import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
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

export default defineConfig({
  plugins: [
    // Yjs's and y-protocols' `lib0/decoding`, and the shared schemas' `zod`.
    replaceImport('weboard-lib0-decoding', 'lib0/decoding', fastDecoding),
    replaceImport('weboard-zod-jitless', 'zod', jitlessZod),
    yjsAnyArrays,
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
