/*
 * Two rewrites of Yjs 13.6's ES module (yjs/dist/yjs.mjs) for the client's build (vite.config.ts),
 * for a board that arrives whole (the server's first sync: 14 MB at 50,000 notes). Pinned to the
 * installed Yjs: each throws when its code is not found, failing the build (yjs-rewrites.test.ts).
 */

/** One rewrite: `stock` must occur exactly once and becomes `rewritten`. */
function rewrite(source: string, stock: string, rewritten: string, what: string): string {
  const at = source.indexOf(stock);
  if (at < 0 || source.indexOf(stock, at + 1) >= 0) {
    throw new Error(`Yjs's ${what} changed; see client/src/collab/yjs-rewrites.ts`);
  }
  return source.slice(0, at) + rewritten + source.slice(at + stock.length);
}

/** Yjs' struct search as 13.6.33 ships it. */
const SEARCH = `const findIndexSS = (structs, clock) => {
  let left = 0;`;

/** The same search behind a memo of the last answer. */
const MEMO = `let lastStructs = null;
let lastIndex = 0;
const findIndexSS = (structs, clock) => {
  if (structs === lastStructs) {
    const last = structs[lastIndex];
    if (last !== undefined && last.id.clock <= clock && clock < last.id.clock + last.length) return lastIndex
  }
  const index = searchIndexSS(structs, clock);
  lastStructs = structs;
  lastIndex = index;
  return index
};
const searchIndexSS = (structs, clock) => {
  let left = 0;`;

/** Where a document is destroyed: the memo lets go of its structs (a board left for another). */
const DESTROY = `  destroy () {
    this.isDestroyed = true;`;
const FORGET = `  destroy () {
    lastStructs = null;
    this.isDestroyed = true;`;

/**
 * `findIndexSS` finds the struct holding a clock in one client's structs by a search from scratch
 * each time. Applying the server's board, every field of an item looks up its item's map so
 * (`Item.getMissing`): at 50,000 notes 600,000 searches over 700,000 structs, ~0.1 s of the task
 * that opens the board, where the fields of one item ask for the same struct one after the other.
 * The memo of the last answer is used only while the struct found there still holds the clock:
 * structs are sorted and do not overlap, so it is then the answer whatever changed the array since.
 * A destroyed document's structs are forgotten, so the memo does not keep a board that was left.
 */
export function memoisedStructSearch(source: string): string {
  return rewrite(rewrite(source, SEARCH, MEMO, 'findIndexSS'), DESTROY, FORGET, 'Doc.destroy');
}

/** Where Yjs gives every shared type its own two lists of observers, and fills them. */
const HANDLERS: [stock: string, rewritten: string][] = [
  [
    'const createEventHandler = () => new EventHandler();',
    'const createEventHandler = () => new EventHandler();\nconst noEventHandlers = createEventHandler();',
  ],
  ['    this._eH = createEventHandler();', '    this._eH = noEventHandlers;'],
  ['    this._dEH = createEventHandler();', '    this._dEH = noEventHandlers;'],
  [
    '  observe (f) {\n    addEventHandlerListener(this._eH, f);',
    '  observe (f) {\n    if (this._eH === noEventHandlers) this._eH = createEventHandler();\n    addEventHandlerListener(this._eH, f);',
  ],
  [
    '  observeDeep (f) {\n    addEventHandlerListener(this._dEH, f);',
    '  observeDeep (f) {\n    if (this._dEH === noEventHandlers) this._dEH = createEventHandler();\n    addEventHandlerListener(this._dEH, f);',
  ],
];

/**
 * Every shared type (each item's map and text) gets two lists of observers when it is made, four
 * objects that the young-generation GC copies while the board opens (400,000 at 50,000 notes),
 * though almost none is ever observed. Here the types share one empty pair until one is observed.
 * Only `observe` and `observeDeep` add observers; everything else reads the lists (an empty one
 * calls nothing) or, unobserving what was never observed, leaves the shared lists empty.
 */
export function sharedEmptyObservers(source: string): string {
  return HANDLERS.reduce(
    (rewritten, [stock, lazy]) => rewrite(rewritten, stock, lazy, 'event handlers'),
    source,
  );
}

/** Yjs's module with both rewrites. */
export function yjsForOpening(source: string): string {
  return sharedEmptyObservers(memoisedStructSearch(source));
}
