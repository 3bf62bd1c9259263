// Yjs's reader of plain values is rewritten before the server's modules import Yjs
// (shared/src/yjs-any-arrays.ts says why). Run from the TypeScript source (tsx: dev, tests, the
// bench), a module hook rewrites it as Node loads it; dist/main.js has Yjs bundled and rewritten by
// build.mjs, where a hook would cost a thread (and ~20 MB) of its own.
if (import.meta.url.endsWith('.ts')) (await import('./yjs-reader-hook.mjs')).registerYjsReader();
await import('./start');
