import { config } from 'zod';

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
