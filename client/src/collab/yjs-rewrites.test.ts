import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import type * as Y from 'yjs';
import { memoisedStructSearch, sharedEmptyObservers, yjsForOpening } from './yjs-rewrites';

/** The ES module the client's build bundles. */
const installedYjs = () => readFileSync(new URL(import.meta.resolve('yjs')), 'utf8');

interface Struct {
  id: { clock: number };
  length: number;
}

/** The rewritten search, cut out of the rewritten module, with its one helper. */
function rewrittenSearch(): (structs: Struct[], clock: number) => number {
  const source = memoisedStructSearch(installedYjs());
  const start = source.indexOf('let lastStructs = null;');
  const end = source.indexOf('\n};', source.indexOf('const searchIndexSS = ', start)) + 3;
  const make = new Function('math', 'error', `${source.slice(start, end)}; return findIndexSS;`);
  const unexpected = () => new Error('unexpected case');
  return make(Math, { unexpectedCase: unexpected }) as (structs: Struct[], clock: number) => number;
}

/** Structs of the given lengths, one after the other from clock 0. */
function structsOf(lengths: number[]): Struct[] {
  let clock = 0;
  return lengths.map((length) => {
    const struct = { id: { clock }, length };
    clock += length;
    return struct;
  });
}

/** The structs behind a proxy that counts the structs read. */
function counted(structs: Struct[]) {
  const reads = { count: 0 };
  const proxy = new Proxy(structs, {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) reads.count++;
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  return { proxy, reads };
}

describe("Yjs's struct search with a memo of its last answer", () => {
  it('finds the search in the installed Yjs, and adds only the memo', () => {
    const rewritten = memoisedStructSearch(installedYjs());
    expect(rewritten).toContain('const searchIndexSS = (structs, clock) => {');
    expect(rewritten.length).toBeGreaterThan(installedYjs().length);
  });

  it('forgets the memo when a document is destroyed, so that it does not keep that board', () => {
    const rewritten = memoisedStructSearch(installedYjs());
    const destroy = rewritten.indexOf('  destroy () {\n    lastStructs = null;\n');
    expect(destroy).toBeGreaterThan(rewritten.indexOf('class Doc extends'));
    expect(destroy).toBeLessThan(
      rewritten.indexOf('\n}\n', rewritten.indexOf('class Doc extends')),
    );
  });

  it('fails the build when Yjs no longer has the search as pinned', () => {
    expect(() => memoisedStructSearch('const findIndexSS = (s, c) => 0;')).toThrow(/yjs-rewrites/);
  });

  it('answers a second question about the same struct from the memo, reading one struct', () => {
    const findIndexSS = rewrittenSearch();
    const { proxy, reads } = counted(structsOf([1, 3, 1, 8, 1, 1, 2, 1, 1, 5, 1, 1]));
    expect(findIndexSS(proxy, 6)).toBe(3);
    reads.count = 0;
    expect(findIndexSS(proxy, 9)).toBe(3);
    expect(reads.count).toBe(1);
  });

  it('answers as a search from scratch whatever changed the structs since', () => {
    const findIndexSS = rewrittenSearch();
    const lengths = [1, 3, 1, 8, 1, 1, 2, 1, 1, 5, 1, 1];
    const structs = structsOf(lengths);
    const total = lengths.reduce((sum, length) => sum + length, 0);
    const expected = (clock: number) =>
      structs.findIndex((s) => s.id.clock <= clock && clock < s.id.clock + s.length);
    const askAll = () => {
      for (let clock = 0; clock < total; clock++) {
        expect(findIndexSS(structs, clock)).toBe(expected(clock));
        expect(findIndexSS(structs, total - 1 - clock)).toBe(expected(total - 1 - clock));
      }
    };
    askAll();
    // Yjs splits a struct in two (the memo's struct gets shorter, the rest comes after it)...
    findIndexSS(structs, 5);
    const split = structs[3]!;
    split.length = 2;
    structs.splice(4, 0, { id: { clock: 7 }, length: 6 });
    expect(findIndexSS(structs, 9)).toBe(4);
    askAll();
    // ...merges one into its left neighbour, or replaces one with another of the same range.
    findIndexSS(structs, 7);
    structs[3]!.length += structs[4]!.length;
    structs.splice(4, 1);
    expect(findIndexSS(structs, 9)).toBe(3);
    structs[3] = { id: { clock: 5 }, length: 8 };
    askAll();
    // Another client's structs: never answered from this one's memo.
    const other = structsOf([2, 2, 2]);
    findIndexSS(structs, 12);
    expect(findIndexSS(other, 3)).toBe(1);
  });
});

/**
 * The rewritten Yjs as a module of its own, written where its imports (lib0) resolve as Yjs's do.
 */
async function rewrittenYjs(): Promise<typeof Y> {
  const dir = new URL('../../node_modules/.cache/weboard-yjs-rewrites/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  const file = new URL(`yjs-${process.pid}.mjs`, dir);
  writeFileSync(file, yjsForOpening(installedYjs()));
  return (await import(/* @vite-ignore */ file.href)) as typeof Y;
}

describe("Yjs's shared types with observer lists made only when observed", () => {
  it('finds the code in the installed Yjs', () => {
    expect(() => sharedEmptyObservers(installedYjs())).not.toThrow();
    expect(() => sharedEmptyObservers('class AbstractType {}')).toThrow(/yjs-rewrites/);
  });

  it('gives the types of an applied board no lists of their own', async () => {
    const Yr = await rewrittenYjs();
    const board = new Yr.Doc();
    for (let i = 0; i < 3; i++) {
      const item = new Yr.Map<unknown>();
      item.set('text', new Yr.Text('note'));
      board.getMap('items').set(`n${i}`, item);
    }
    const applied = new Yr.Doc();
    Yr.applyUpdate(applied, Yr.encodeStateAsUpdate(board));
    const types = [...applied.getMap('items').values()].flatMap((item) => {
      const map = item as Y.Map<unknown>;
      return [map, map.get('text') as Y.Text];
    });
    const lists = new Set(types.flatMap((type) => [type._eH, type._dEH]));
    expect(types).toHaveLength(6);
    expect(lists.size).toBe(1);
    // The rewritten destroy (which forgets the struct search's memo) runs as stock.
    applied.destroy();
    expect(applied.isDestroyed).toBe(true);
  });

  it('calls observers as stock Yjs does, each type its own, and stops when unobserved', async () => {
    const Yr = await rewrittenYjs();
    const doc = new Yr.Doc();
    const items = doc.getMap<Y.Map<unknown>>('items');
    doc.transact(() => {
      for (const id of ['a', 'b']) items.set(id, new Yr.Map<unknown>());
    });
    const a = items.get('a')!;
    const b = items.get('b')!;
    const seen: string[] = [];
    const onA = (event: Y.YMapEvent<unknown>) => seen.push(`a:${[...event.keysChanged].join()}`);
    const deep = (events: Y.YEvent<Y.AbstractType<unknown>>[]) =>
      seen.push(`deep:${events.map((e) => e.path.join('/') || '.').join()}`);
    a.observe(onA);
    items.observeDeep(deep);
    b.set('x', 1);
    a.set('y', 2);
    expect(seen).toEqual(['deep:b', 'a:y', 'deep:a']);
    expect(b._eH).not.toBe(a._eH);
    a.unobserve(onA);
    items.unobserveDeep(deep);
    // Unobserving what was never observed leaves the shared lists empty.
    const never = () => seen.push('never');
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      b.unobserve(never);
    } finally {
      errors.mockRestore();
    }
    a.set('y', 3);
    b.set('x', 2);
    items.set('c', new Yr.Map<unknown>());
    expect(seen).toEqual(['deep:b', 'a:y', 'deep:a']);
    expect(b._eH.l).toHaveLength(0);
  });
});
