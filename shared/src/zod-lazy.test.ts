import { describe, expect, it } from 'vitest';
import { z as zod } from 'zod';
import { z } from './zod-jitless';
import { isStandIn, isUnbuilt } from './zod-lazy';

declare global {
  interface ImportMeta {
    /** Vite's (and so Vitest's) import.meta.glob, here for the sources' text. */
    glob(
      pattern: string[],
      options: { query: '?raw'; import: 'default'; eager: true },
    ): Record<string, string>;
  }
}

/** One schema written once, made with the client's `z` (lazy) or with zod's. */
function noteSchema(from: typeof zod) {
  const finite = from.number().finite();
  const shape = {
    id: from.string().min(1).max(64),
    x: finite,
    w: finite.positive(),
    tags: from.array(from.string().trim().min(1)).max(3).optional(),
  };
  return from.discriminatedUnion('type', [
    from.object({ ...shape, type: from.literal('sticky'), color: from.enum(['yellow', 'blue']) }),
    from.object({ ...shape, type: from.literal('text'), size: from.number().int() }).extend({
      bold: from.boolean().catch(false),
    }),
  ]);
}

const inputs: unknown[] = [
  { type: 'sticky', id: 'a', x: 1, w: 2, color: 'blue', extra: 1 },
  { type: 'sticky', id: '', x: 1, w: -2, color: 'red' },
  { type: 'text', id: 'b', x: 0, w: 1, size: 3.5, bold: 'yes', tags: [' t ', 'u'] },
  { type: 'text', id: 'b', x: Infinity, w: 1, size: 3, tags: ['1', '2', '3', '4'] },
  { type: 'image' },
  null,
];

describe("the client's lazy zod", () => {
  it('makes a schema only when it is used, and it then parses as zod does', () => {
    const lazy = noteSchema(z);
    const eager = noteSchema(zod);
    expect(isStandIn(lazy)).toBe(true);
    expect(isUnbuilt(lazy)).toBe(true);
    for (const input of inputs) {
      const got = lazy.safeParse(input);
      const want = eager.safeParse(input);
      expect(got.success).toBe(want.success);
      if (want.success) expect(got.data).toEqual(want.data);
      else expect(got.error?.issues).toEqual(want.error.issues);
    }
    expect(isUnbuilt(lazy)).toBe(false);
    expect(() => lazy.parse(null)).toThrow(zod.ZodError);
  });

  it('hands zod real schemas, never stand-ins, and answers instanceof as zod does', () => {
    const item = z.string().max(5);
    const object = z.object({ item, list: z.array(item) });
    expect(isUnbuilt(item)).toBe(true);
    expect(object instanceof zod.ZodObject).toBe(true);
    expect(isStandIn(object.shape.item)).toBe(false);
    expect(object.shape.item instanceof zod.ZodString).toBe(true);
    expect(isStandIn((object.shape.list as zod.ZodArray).element)).toBe(false);
    expect(Object.keys(object.shape)).toEqual(['item', 'list']);
    expect(object.safeParse({ item: 'abcdef', list: [] }).success).toBe(false);
  });

  it('has every member of z that shared/ and client/ use at run time', () => {
    const sources = import.meta.glob(
      [
        './**/*.ts',
        '!./**/*.test.ts',
        '../../client/src/**/*.{ts,tsx}',
        '!../../client/src/**/*.test.ts',
      ],
      { query: '?raw', import: 'default', eager: true },
    );
    const used = new Set<string>();
    for (const text of Object.values(sources))
      for (const match of text.matchAll(/\bz\.([A-Za-z]+)\b(?!\s*<)/g)) used.add(match[1]!);
    expect(Object.keys(sources).some((file) => file.includes('client/src/'))).toBe(true);
    const missing = [...used].filter((name) => !(name in z) && name !== 'infer');
    expect(used.has('object')).toBe(true);
    expect(missing).toEqual([]);
  });
});
