import { cpSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
/** Where `pnpm bench:client` serves the pages from (git-ignored, outside the client bundle). */
export const outDir = join(here, '../.peer-build');

/** Excalidraw loads its fonts from window.EXCALIDRAW_ASSET_PATH: serve them here, not from a CDN. */
const excalidrawFonts = {
  name: 'excalidraw-fonts',
  closeBundle() {
    cpSync(
      join(here, 'node_modules/@excalidraw/excalidraw/dist/prod/fonts'),
      join(outDir, 'fonts'),
      { recursive: true },
    );
  },
};

export default defineConfig({
  root: here,
  // Bundling tldraw and Excalidraw warns about their "use client" directives, which is noise here.
  logLevel: 'error',
  plugins: [excalidrawFonts],
  build: {
    outDir,
    emptyOutDir: true,
    chunkSizeWarningLimit: 10_000,
    rollupOptions: {
      input: { tldraw: join(here, 'tldraw.html'), excalidraw: join(here, 'excalidraw.html') },
    },
  },
  preview: { host: '127.0.0.1', strictPort: true },
});
