import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import type { Plugin } from 'vite';
import { compression } from 'vite-plugin-compression2';

const server = 'http://127.0.0.1:8080';

/** lib0's decoding with a faster reader of short strings (src/collab/lib0-decoding.ts). */
const fastDecoding = fileURLToPath(new URL('./src/collab/lib0-decoding.ts', import.meta.url));

/** zod configured for a page whose CSP forbids eval (shared/src/zod-jitless.ts). */
const jitlessZod = fileURLToPath(new URL('../shared/src/zod-jitless.ts', import.meta.url));

/** Every import of `zod` (the shared schemas') gets jitlessZod, except its own. */
function zodJitless(): Plugin {
  return {
    name: 'weboard-zod-jitless',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source !== 'zod' || importer === jitlessZod) return null;
      return jitlessZod;
    },
  };
}

/** Every import of `lib0/decoding` (Yjs's, y-protocols') gets fastDecoding, except its own. */
function lib0Decoding(): Plugin {
  return {
    name: 'weboard-lib0-decoding',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source !== 'lib0/decoding' || importer === fastDecoding) return null;
      return fastDecoding;
    },
  };
}

export default defineConfig({
  plugins: [
    lib0Decoding(),
    zodJitless(),
    react(),
    // Brotli and gzip copies beside each asset, which the server sends to browsers that accept them
    // (server/src/http/static.ts): the board page's code is ~1 MB, ~0.3 MB as brotli.
    compression({ algorithms: ['brotliCompress', 'gzip'], threshold: 1024 }),
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
