import * as Y from 'yjs';
import { z } from 'zod';
import type { ZodType } from 'zod';
import { fieldValue } from './records';
import type { RecordKind } from './records';
import { knownField } from './shape-writes';

/*
 * Per-field validators derived from a record's zod schema (which stays the one source of truth),
 * so the shape guard can check only the fields an update changed in a record that was valid
 * before it (see BoardShape.checkChanged). That is exact only for a schema without whole-record
 * rules: a plain object (unknown keys stripped, no refinement across fields), or a discriminated
 * union of such objects whose discriminator did not change. Anything else is validated whole.
 */

/** The validators of one record's fields, and the fields that must send it to a whole check. */
export interface FieldShape {
  fields: Readonly<Record<string, ZodType>>;
  /** The discriminator of a union (a change to it picks another schema): checked whole. */
  discriminator: string | null;
}

/**
 * What a schema allows a field-by-field check of, worked out once per schema: a plain object's
 * field shape, a discriminated union's field shape per discriminator value, or null (neither).
 */
type Derived =
  | { kind: 'object'; shape: FieldShape }
  | { kind: 'union'; discriminator: string; byValue: Map<unknown, FieldShape> }
  | null;
const derived = new WeakMap<ZodType, Derived>();

function hasChecks(schema: ZodType): boolean {
  const { checks } = schema.def as { checks?: readonly unknown[] };
  return checks !== undefined && checks.length > 0;
}

function objectShape(schema: ZodType, discriminator: string | null): FieldShape | null {
  if (!(schema instanceof z.ZodObject) || hasChecks(schema)) return null;
  // A catchall (strict or typed) judges the keys the shape does not name: check it whole.
  if (schema.def.catchall !== undefined) return null;
  return { fields: schema.shape as Record<string, ZodType>, discriminator };
}

function unionShape(schema: ZodType): Derived {
  if (!(schema instanceof z.ZodDiscriminatedUnion) || hasChecks(schema)) return null;
  const discriminator = schema.def.discriminator;
  const byValue = new Map<unknown, FieldShape>();
  for (const option of schema.options as readonly ZodType[]) {
    const shape = objectShape(option, discriminator);
    const literal = shape?.fields[discriminator];
    if (!shape || !(literal instanceof z.ZodLiteral)) return null;
    for (const value of literal.values) {
      // Two options for one value: zod's choice is not ours to guess.
      if (byValue.has(value)) return null;
      byValue.set(value, shape);
    }
  }
  return { kind: 'union', discriminator, byValue };
}

function derive(schema: ZodType): Derived {
  if (schema instanceof z.ZodObject) {
    const shape = objectShape(schema, null);
    return shape ? { kind: 'object', shape } : null;
  }
  return unionShape(schema);
}

/**
 * The per-field validators that decide whether `record` (valid as a whole under `schema`) is still
 * valid after some of its fields changed; null when only a whole check can tell.
 */
export function fieldShape(schema: ZodType, record: Record<string, unknown>): FieldShape | null {
  let found = derived.get(schema);
  if (found === undefined) derived.set(schema, (found = derive(schema)));
  if (found === null) return null;
  if (found.kind === 'object') return found.shape;
  return found.byValue.get(record[found.discriminator]) ?? null;
}

/**
 * Whether a `fields` record, valid as a whole when `cached` (its value then) was taken and changed
 * since only in `fields`, is still valid: each changed field by its own validator. When it is,
 * `cached` is brought up to date. False also when only a whole check can tell (the discriminator
 * changed, a nested type under an unknown name, a schema with whole-record rules): the caller
 * then checks the record whole, which also finds and repairs what is wrong.
 */
export function changedFieldsValid(
  kind: RecordKind,
  schema: ZodType,
  record: Y.Map<unknown>,
  cached: Record<string, unknown>,
  fields: Iterable<string>,
): boolean {
  const shape = fieldShape(schema, cached);
  if (!shape) return false;
  for (const field of fields) {
    if (field === shape.discriminator) return false;
    const now: unknown = record.get(field);
    if (now instanceof Y.AbstractType && !knownField(kind, field)) return false;
    // The record's id is its key (recordCheck puts it in); a stored `id` field is never read.
    if (field === 'id') continue;
    const validator = Object.hasOwn(shape.fields, field) ? shape.fields[field] : undefined;
    if (validator && !validator.safeParse(fieldValue(field, now)).success) return false;
  }
  for (const field of fields) {
    if (!record.has(field)) Reflect.deleteProperty(cached, field);
    else {
      const now: unknown = record.get(field);
      cached[field] = now instanceof Y.Text ? now.toString() : now;
    }
  }
  return true;
}
