// Yjs as the server runs it from its TypeScript source: its reader of plain values rewritten so a
// field's one value gets an array of its own size (shared/src/yjs-any-arrays.ts says why). Every
// update a board applies keeps such arrays until the field changes again, so each young-generation
// collection copies ~120 bytes less per field. A module hook, registered by main.ts before anything
// imports Yjs, rather than a patched Yjs: the one copy of Yjs in node_modules stays the one every
// package imports (y-protocols; the stock servers the bench compares with stay stock). dist/ does
// the same at build time (build.mjs bundles Yjs with the same rewrite).
import { register } from 'node:module';
import { rightSizedAnyArrays } from '@weboard/shared/yjs-any-arrays';

const YJS_MODULE = /[\\/]yjs[\\/]dist[\\/]yjs\.mjs$/;

/** Rewrites Yjs's ES module for every import of it after this call (this file is the hook). */
export function registerYjsReader() {
  register(new URL(import.meta.url));
}

/**
 * Node's `load` hook: Yjs's module with the reader rewritten; anything else untouched. Throws (so
 * the import of Yjs, and the server's start, fail) when Yjs no longer has the reader as pinned.
 * @param {string} url
 * @param {object} context
 * @param {(url: string, context: object) => Promise<{ format?: string | null, source?: string | ArrayBuffer | ArrayBufferView | null }>} nextLoad
 */
export async function load(url, context, nextLoad) {
  const loaded = await nextLoad(url, context);
  if (!YJS_MODULE.test(url) || loaded.source == null) return loaded;
  const source =
    typeof loaded.source === 'string' ? loaded.source : new TextDecoder().decode(loaded.source);
  return { ...loaded, source: rightSizedAnyArrays(source) };
}
