import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { rightSizedAnyArrays } from '@weboard/shared/yjs-any-arrays';
import { describe, expect, it } from 'vitest';
import { load } from './yjs-reader-hook.mjs';

/** The ES module the server (Node's `import` condition) and the client's build load. */
const yjsUrl = import.meta.resolve('yjs');
const installedYjs = () => readFileSync(new URL(yjsUrl), 'utf8');
const ONE_VALUE = 'if (len === 1) return new ContentAny([decoder.readAny()])';

describe("Yjs's reader of plain values, rewritten for the client's build and the server", () => {
  it('finds the reader in the installed Yjs and reads one value into an array literal', () => {
    const rewritten = rightSizedAnyArrays(installedYjs());
    expect(rewritten).toContain(ONE_VALUE);
    // Everything else stays as it was: only that line is added.
    expect(rewritten.replace(/\n {2}if \(len === 1\)[^\n]*/, '')).toBe(installedYjs());
  });

  it('fails the build when Yjs no longer has the reader as pinned', () => {
    expect(() => rightSizedAnyArrays('const readContentAny = (d) => [];')).toThrow(
      /yjs-any-arrays/,
    );
  });

  it('reads no values, one value and several as stock Yjs does', () => {
    // The reader itself, cut out of the rewritten module and run on a decoder of given values.
    const source = rightSizedAnyArrays(installedYjs());
    const start = source.indexOf('const readContentAny = ');
    const body = source.slice(start, source.indexOf('\n};', start) + 3);
    class ContentAny {
      constructor(readonly arr: unknown[]) {}
    }
    const read = new Function('ContentAny', `${body}; return readContentAny;`) as (
      ...args: unknown[]
    ) => (decoder: unknown) => ContentAny;
    const readContentAny = read(ContentAny);
    for (const values of [[], [12.5], ['a', null, { b: 1 }]]) {
      let next = 0;
      const decoder = { readLen: () => values.length, readAny: () => values[next++] };
      const content = readContentAny(decoder);
      expect(content).toBeInstanceOf(ContentAny);
      expect(content.arr).toEqual(values);
      expect(next).toBe(values.length);
    }
  });
});

describe("the server's module hook", () => {
  const stockLoad = (source: string | Uint8Array) => async () => ({ format: 'module', source });

  it("rewrites Yjs's module as Node loads it, as text or bytes, and nothing else", async () => {
    const stock = installedYjs();
    for (const source of [stock, new TextEncoder().encode(stock)]) {
      const loaded = await load(yjsUrl, {}, stockLoad(source));
      expect(loaded.source).toBe(rightSizedAnyArrays(stock));
    }
    const other = 'export const x = [];';
    const loaded = await load(import.meta.resolve('lib0/decoding'), {}, stockLoad(other));
    expect(loaded.source).toBe(other);
  });

  it('reads a one-value field of an applied board into a one-slot array in a server process', async () => {
    // A Node process that registers the hook as main.ts does (or not), then applies a board the
    // way a board applies a client's update, and asks V8 how many slots the array holding one
    // field's value has. Stock Yjs pushes onto an empty array (17 slots, 144 bytes of a number
    // field's 16 unused); the rewritten reader makes a one-slot array. Counting slots, not heap
    // bytes: the heap after a GC differs by ±30 bytes a field from run to run on a busy machine.
    const child = `
      const hook = process.argv[1];
      if (hook) (await import(hook)).registerYjsReader();
      const Y = await import('yjs');
      const board = new Y.Doc();
      board.transact(() => {
        for (let i = 0; i < 100; i++) board.getMap('items').set('f' + i, i + 0.5);
      });
      const applied = new Y.Doc();
      Y.applyUpdate(applied, Y.encodeStateAsUpdate(board));
      const field = applied.getMap('items')._map.get('f7');
      if (JSON.stringify(field.content.arr) !== '[7.5]') throw new Error('wrong value');
      new Function('arr', '%DebugPrint(arr)')(field.content.arr);
    `;
    const slots = async (hook: string) => {
      const args = [
        ...['--allow-natives-syntax', '--import', 'tsx', '--input-type=module'],
        ...['-e', child, hook],
      ];
      const { stdout } = await promisify(execFile)(process.execPath, args, {
        cwd: fileURLToPath(new URL('..', import.meta.url)),
        timeout: 60_000,
      });
      const elements = /- elements: \S+ <Fixed(?:Double)?Array\[(\d+)\]>/.exec(stdout);
      expect(elements, stdout).not.toBeNull();
      return Number(elements?.[1]);
    };
    const hook = new URL('./yjs-reader-hook.mjs', import.meta.url).href;
    const [stock, rewritten] = await Promise.all([slots(''), slots(hook)]);
    expect({ stock, rewritten }).toEqual({ stock: 17, rewritten: 1 });
  });
});
