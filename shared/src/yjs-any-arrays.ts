/*
 * Yjs 13.6's reader of plain values (`readContentAny`, private, in yjs/dist/yjs.mjs) collects each
 * item's values with `push` into an empty array, and V8 gives the first push room for 16 values:
 * ~150 bytes for the one value almost every item holds (a map's field: a note's x, its colour...).
 * At 10,000 notes that is 110,000 such arrays, 16.5 of the 66 MB the applied board keeps, which
 * the young-generation GC copies (twice) while the board opens. Both ends rewrite that reader so a
 * single value gets an array of its own size; every other case is read as before: the client's
 * build (client/vite.config.ts), and the server as Node loads Yjs (server/src/yjs-reader-hook.mjs),
 * so the stock servers the bench compares it with, which load the same Yjs, stay stock. Pinned to
 * the installed Yjs: the rewrite throws when the code is not found, failing the client's build and
 * the server's start (server/src/yjs-reader-hook.test.ts checks it against the installed Yjs).
 */

/** Yjs' reader as 13.6.33 ships it. */
const STOCK = `const readContentAny = decoder => {
  const len = decoder.readLen();
  const cs = [];`;

/** The same, with one value read straight into an array literal (one slot). */
const ONE_SLOT = `const readContentAny = decoder => {
  const len = decoder.readLen();
  if (len === 1) return new ContentAny([decoder.readAny()])
  const cs = [];`;

/** Yjs' ES module source with the reader rewritten; throws when Yjs no longer has it. */
export function rightSizedAnyArrays(source: string): string {
  const at = source.indexOf(STOCK);
  if (at < 0 || source.indexOf(STOCK, at + 1) >= 0) {
    throw new Error("Yjs's readContentAny changed; see shared/src/yjs-any-arrays.ts");
  }
  return source.slice(0, at) + ONE_SLOT + source.slice(at + STOCK.length);
}
