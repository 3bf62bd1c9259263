import * as Y from 'yjs';
import type { ZodType } from 'zod';
import { describeIssue, fieldsOf, parseWithCuts, reportInvalidRecord } from './records';

/*
 * Reading and writing records stored as id → Y.Map of fields (one map key per field, so two people
 * changing different fields of one record both win): teams, lanes, objectives, risks, milestones.
 */

/**
 * Every valid record of a top-level map; an invalid one is skipped (and reported). `quick`, when
 * given, is a hand-written check that returns the parsed record when it can vouch for it and null
 * otherwise (then `validator` decides): see quick-lane.ts.
 */
export function readFieldRecords<T>(
  doc: Y.Doc,
  name: string,
  validator: ZodType<T>,
  quick?: (fields: Readonly<Record<string, unknown>>, id: string) => T | null,
): T[] {
  const records: T[] = [];
  for (const [id, map] of doc.getMap<unknown>(name).entries()) {
    if (!(map instanceof Y.Map)) {
      reportInvalidRecord({ map: name, key: id, reason: 'not a map of fields' });
      continue;
    }
    const fields = fieldsOf(map as Y.Map<unknown>);
    const vouched = quick?.(fields, id);
    if (vouched) {
      records.push(vouched);
      continue;
    }
    const parsed = parseWithCuts(validator, { ...fields, id });
    if (parsed.ok) records.push(parsed.data);
    else reportInvalidRecord({ map: name, key: id, reason: describeIssue(parsed.error) });
  }
  return records;
}

/**
 * Writes fields of the record `id` (creating it when absent); `null` deletes a field. Only fields
 * whose value changes are written.
 */
export function writeRecordFields(doc: Y.Doc, name: string, id: string, fields: object): void {
  const parent = doc.getMap<unknown>(name);
  let map = parent.get(id);
  if (!(map instanceof Y.Map)) {
    map = new Y.Map<unknown>();
    parent.set(id, map);
  }
  const record = map as Y.Map<unknown>;
  for (const [key, value] of Object.entries(fields as Record<string, unknown>)) {
    if (value === null || value === undefined) {
      if (record.has(key)) record.delete(key);
    } else if (record.get(key) !== value) record.set(key, value);
  }
}

/** The record `id` as stored, or null when there is none (valid or not). */
export function recordFields(doc: Y.Doc, name: string, id: string): Record<string, unknown> | null {
  const map = doc.getMap<unknown>(name).get(id);
  return map instanceof Y.Map ? fieldsOf(map as Y.Map<unknown>) : null;
}

/**
 * Validates the record `id` with `patch` applied (`null` clears a field) and returns the fields of
 * the patch as they should be stored (trimmed by the validator; null for cleared ones). Null when
 * there is no such record; throws when the result would be invalid.
 */
export function patchedFields<T extends object>(
  doc: Y.Doc,
  name: string,
  id: string,
  patch: object,
  validator: ZodType<T>,
): Record<string, unknown> | null {
  const current = recordFields(doc, name, id);
  if (!current) return null;
  const next = Object.fromEntries(
    Object.entries({ ...current, ...patch, id }).filter(([, value]) => value !== null),
  );
  const parsed = validator.parse(next) as Record<string, unknown>;
  return Object.fromEntries(Object.keys(patch).map((key) => [key, parsed[key] ?? null]));
}
