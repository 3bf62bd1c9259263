import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const server = 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
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
