import { generateKeyBetween } from 'fractional-indexing';
import { z } from 'zod';

/**
 * True when `key` is a well-formed fractional-index key. A malformed key sorts somewhere, but no
 * key can be generated next to it, so every later move beside it would fail: refuse it at the door.
 */
export function isIndexKey(key: string): boolean {
  try {
    generateKeyBetween(key, null);
    return true;
  } catch {
    return false;
  }
}

/** A well-formed fractional-index key (rank, lane order). */
export const indexKeyValidator = z
  .string()
  .min(1)
  .max(200)
  .refine(isIndexKey, 'not a fractional-index key');
