// Compiles the server for production: one ES module, dist/main.js, with @weboard/shared (whose
// package exports TypeScript source) bundled in and every other dependency left to node_modules,
// so native better-sqlite3 and the single copy of yjs load as they do in development. The SQLite
// worker is plain JavaScript run in a thread from its own file: it is bundled on its own (with the
// sqlite-*.mjs modules it imports) beside main.js, where sqlite-store finds it by URL. `pnpm dev`
// and the tests run the TypeScript source through tsx.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const manifest = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const external = Object.keys(manifest.dependencies).filter((name) => name !== '@weboard/shared');

rmSync('dist', { recursive: true, force: true });
mkdirSync('dist');
const options = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // Subpath imports (lib0/decoding, y-protocols/awareness) are external like their packages.
  external: external.flatMap((name) => [name, `${name}/*`]),
  sourcemap: true,
  logLevel: 'warning',
};
// Split: what the server loads only when configured (the PostgreSQL store, the Redis relay) goes in
// chunks of its own, so pg and ioredis are imported only by a server that uses them.
await build({
  ...options,
  entryPoints: ['src/main.ts'],
  outdir: 'dist',
  splitting: true,
  // Beside main.js, so a module's import.meta.url resolves the same wherever esbuild puts it.
  chunkNames: '[name]-[hash]',
});
await build({
  ...options,
  entryPoints: ['src/storage/sqlite-worker.mjs'],
  outfile: 'dist/sqlite-worker.mjs',
});
