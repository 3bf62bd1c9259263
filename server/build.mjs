// Compiles the server for production: one ES module, dist/main.js, with @weboard/shared (whose
// package exports TypeScript source) bundled in and every other dependency left to node_modules,
// so native better-sqlite3 loads as it does in development. Except Yjs, bundled with its reader of
// plain values rewritten (shared/src/yjs-any-arrays.ts; from the source, src/yjs-reader-hook.mjs
// rewrites it as Node loads it), and y-protocols with it, so one copy of Yjs runs. The SQLite
// worker is plain JavaScript run in a thread from its own file: it is bundled on its own (with the
// sqlite-*.mjs modules it imports) beside main.js, where sqlite-store finds it by URL. `pnpm dev`
// and the tests run the TypeScript source through tsx.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const manifest = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const BUNDLED = ['@weboard/shared', 'yjs', 'y-protocols'];
const external = Object.keys(manifest.dependencies).filter((name) => !BUNDLED.includes(name));

// The rewrite is TypeScript: compiled first, in memory, to run here.
const [rewrite] = (
  await build({
    entryPoints: ['../shared/src/yjs-any-arrays.ts'],
    bundle: true,
    format: 'esm',
    write: false,
    logLevel: 'warning',
  })
).outputFiles;
const { rightSizedAnyArrays } = await import(
  `data:text/javascript;base64,${Buffer.from(rewrite.contents).toString('base64')}`
);
/** Yjs's module files as each build loaded them; rewritten, or the build throws. */
const yjsModules = [];
const yjsReader = {
  name: 'weboard-yjs-reader',
  setup(bundler) {
    bundler.onLoad({ filter: /[\\/]yjs[\\/]dist[\\/]yjs\.mjs$/ }, ({ path }) => {
      yjsModules.push(path);
      return { contents: rightSizedAnyArrays(readFileSync(path, 'utf8')), loader: 'js' };
    });
  },
};

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
  plugins: [yjsReader],
  metafile: true,
};
// Split: what the server loads only when configured (the PostgreSQL store, the Redis relay) goes in
// chunks of its own, so pg and ioredis are imported only by a server that uses them.
const server = await build({
  ...options,
  entryPoints: ['src/main.ts'],
  outdir: 'dist',
  splitting: true,
  // Beside main.js, so a module's import.meta.url resolves the same wherever esbuild puts it.
  chunkNames: '[name]-[hash]',
});
const worker = await build({
  ...options,
  entryPoints: ['src/storage/sqlite-worker.mjs'],
  outfile: 'dist/sqlite-worker.mjs',
});
// One copy of Yjs per build (the worker is a thread of its own), rewritten, and none from node_modules.
const importsYjs = ({ metafile }) =>
  Object.values(metafile.outputs).some((output) =>
    output.imports.some(({ path, external }) => external && /^(yjs|y-protocols)(\/|$)/.test(path)),
  );
if (
  yjsModules.length !== 2 ||
  new Set(yjsModules).size !== 1 ||
  [server, worker].some(importsYjs)
) {
  throw new Error(`build.mjs: expected one rewritten Yjs per build, got ${yjsModules.join(', ')}`);
}
