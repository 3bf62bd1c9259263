import { config, z as zod } from 'zod';
import { lazySchemas } from './zod-lazy';

/*
 * zod as the client's browser build uses it: client/vite.config.ts puts this module in place of
 * `zod` for every importer but this one (the server imports zod itself and keeps its JIT). It is
 * configured jitless before any schema is built. The page's CSP forbids eval, so zod could never
 * compile its object parsers there anyway; but to find that out it tries `new Function('')` as
 * it builds its first object schema, which the browser refuses and reports as a CSP violation: a
 * console error on every page load, and 1-15 ms of the page's start. Jitless, zod parses exactly
 * as it did after that refusal.
 */
config({ jitless: true });

export * from 'zod';

/**
 * The client's `z`: its schema factories make schemas the first time they are used, not at import
 * (zod-lazy.ts). Named members, not zod's whole namespace (which would bring every locale into the
 * bundle): what shared/ and client/ use of `z` at run time (zod-lazy.test.ts checks the list).
 */
export const z = {
  ...lazySchemas({
    any: zod.any,
    array: zod.array,
    boolean: zod.boolean,
    discriminatedUnion: zod.discriminatedUnion,
    enum: zod.enum,
    literal: zod.literal,
    nullable: zod.nullable,
    number: zod.number,
    object: zod.object,
    optional: zod.optional,
    record: zod.record,
    string: zod.string,
    tuple: zod.tuple,
    union: zod.union,
    unknown: zod.unknown,
  }),
  length: zod.length,
  ZodDiscriminatedUnion: zod.ZodDiscriminatedUnion,
  ZodError: zod.ZodError,
  ZodLiteral: zod.ZodLiteral,
  ZodObject: zod.ZodObject,
  ZodType: zod.ZodType,
} as unknown as typeof zod; // the members above, typed as zod's `z` for the modules that import it
