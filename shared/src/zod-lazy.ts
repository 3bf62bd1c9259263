/*
 * Schemas built on first use: the client's `z` (zod-jitless.ts) returns, from its schema factories
 * (z.object, z.string, …) and from the schema methods that make a new schema (.max, .optional, …),
 * a stand-in that records the call and makes the zod schema the first time anything else is asked
 * of it (parse, safeParse, _zod, shape, instanceof, …). The shared modules build ~600 schemas at
 * import, 20-40 ms of the board page's start; the board needs a few of them, later. A schema built
 * from stand-ins gets the real schemas in their place (arguments, the values of an object's
 * shape, the elements of a list), so what zod holds and runs is exactly what it would have built
 * at import; only the exported handles are stand-ins, which forward every operation to it.
 */

/** Schema methods that return a new schema from their receiver and arguments, and nothing else. */
const CHAINED = new Set([
  'and',
  'array',
  'catch',
  'catchall',
  'check',
  'default',
  'describe',
  'email',
  'endsWith',
  'extend',
  'finite',
  'gt',
  'gte',
  'includes',
  'int',
  'length',
  'lowercase',
  'lt',
  'lte',
  'max',
  'meta',
  'min',
  'multipleOf',
  'negative',
  'nonempty',
  'nonnegative',
  'nonpositive',
  'nullable',
  'nullish',
  'omit',
  'optional',
  'or',
  'partial',
  'pick',
  'pipe',
  'positive',
  'readonly',
  'refine',
  'regex',
  'required',
  'safeExtend',
  'startsWith',
  'strict',
  'strip',
  'superRefine',
  'toLowerCase',
  'toUpperCase',
  'transform',
  'trim',
  'uppercase',
  'url',
  'uuid',
]);

/** Each stand-in's real schema, made on first call. */
const standIns = new WeakMap<object, () => object>();

/** Whether each stand-in's schema has been made. */
const built = new WeakMap<object, boolean>();

/** Whether `value` is a stand-in (tests). */
export function isStandIn(value: unknown): boolean {
  return typeof value === 'object' && value !== null && standIns.has(value);
}

/** Whether `value` is a stand-in whose schema has not been asked for yet (tests). */
export function isUnbuilt(value: unknown): boolean {
  return isStandIn(value) && built.get(value as object) === false;
}

/** The real schema in place of a stand-in; other values as they are. */
function real(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  return standIns.get(value)?.() ?? value;
}

/** Arguments with stand-ins replaced, also one level inside plain objects and arrays. */
function realArgs(args: unknown[]): unknown[] {
  return args.map((arg) => {
    if (Array.isArray(arg)) return arg.map(real);
    if (typeof arg === 'object' && arg !== null && !standIns.has(arg)) {
      if (Object.getPrototypeOf(arg) !== Object.prototype) return arg;
      const copy: Record<string, unknown> = {};
      for (const key of Object.keys(arg)) copy[key] = real((arg as Record<string, unknown>)[key]);
      return copy;
    }
    return real(arg);
  });
}

function standIn(build: () => object): object {
  let schema: object | undefined;
  const force = () => {
    if (schema === undefined) {
      schema = build();
      built.set(proxy, true);
    }
    return schema;
  };
  // Methods are zod's prototype methods, which read `this`: bound to the schema once each.
  const bound = new Map<PropertyKey, unknown>();
  const proxy: object = new Proxy(
    {},
    {
      get(_target, key) {
        if (schema === undefined && typeof key === 'string' && CHAINED.has(key))
          return (...args: unknown[]) => {
            // meta() without arguments reads the registry; the rest make a schema.
            if (key === 'meta' && args.length === 0) return call(force(), key, args);
            return standIn(() => call(force(), key, realArgs(args)) as object);
          };
        const target = force();
        const value: unknown = Reflect.get(target, key, target);
        if (typeof value !== 'function') return value;
        let method = bound.get(key);
        if (method === undefined || (method as { origin?: unknown }).origin !== value) {
          const fn = value as (...args: unknown[]) => unknown;
          method = Object.assign(fn.bind(target), { origin: value });
          bound.set(key, method);
        }
        return method;
      },
      set: (_target, key, value) => Reflect.set(force(), key, value),
      has: (_target, key) => Reflect.has(force(), key),
      ownKeys: () => Reflect.ownKeys(force()),
      getOwnPropertyDescriptor(_target, key) {
        const descriptor = Reflect.getOwnPropertyDescriptor(force(), key);
        // The empty target holds nothing: a proxy may report its properties only as configurable.
        if (descriptor) descriptor.configurable = true;
        return descriptor;
      },
      defineProperty: (_target, key, descriptor) =>
        Reflect.defineProperty(force(), key, descriptor),
      deleteProperty: (_target, key) => Reflect.deleteProperty(force(), key),
      getPrototypeOf: () => Reflect.getPrototypeOf(force()),
    },
  );
  standIns.set(proxy, force);
  built.set(proxy, false);
  return proxy;
}

function call(target: object, key: string, args: unknown[]): unknown {
  const method = Reflect.get(target, key, target) as (...args: unknown[]) => unknown;
  return method.apply(target, args);
}

/** The same factories, returning stand-ins built on first use (see the top of this file). */
export function lazySchemas<T extends object>(factories: T): T {
  const lazy: Record<string, unknown> = {};
  for (const [name, factory] of Object.entries(factories)) {
    const make = factory as unknown as (...args: unknown[]) => object;
    lazy[name] = (...args: unknown[]) => standIn(() => make(...realArgs(args)));
  }
  return lazy as T;
}
