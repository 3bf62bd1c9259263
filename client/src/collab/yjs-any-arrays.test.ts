import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rightSizedAnyArrays } from './yjs-any-arrays';

/** The ES module the client's build bundles (package.json `module`). */
const installedYjs = () => {
  const root = dirname(createRequire(import.meta.url).resolve('yjs/package.json'));
  return readFileSync(join(root, 'dist', 'yjs.mjs'), 'utf8');
};

describe("Yjs's reader of plain values, rewritten for the client's build", () => {
  it('finds the reader in the installed Yjs and reads one value into an array literal', () => {
    const rewritten = rightSizedAnyArrays(installedYjs());
    expect(rewritten).toContain('if (len === 1) return new ContentAny([decoder.readAny()])');
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
