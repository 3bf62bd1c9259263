import * as Y from 'yjs';
import {
  RECORD_KINDS,
  SHAPED_MAPS,
  describeIssue,
  fieldCheck,
  fieldRequired,
  fieldsOf,
  parseWithCuts,
  recordCheck,
  tooLongStrings,
} from './records';
import type { RecordKind, ShapedMap, SingleMap } from './records';
import { changedFieldsValid } from './shape-fields';
import { touchedBy } from './shape-touched';
import type { Touched } from './shape-touched';
import { cutField, hasNestedUnknown, knownField, writeField, writeRecord } from './shape-writes';

/*
 * The server is the authority on the board's shape. Every change a client sends is applied and
 * then, in the same transaction, each record it touched is checked against the schema: an
 * over-long text is cut (with a visible mark), a field that does not fit is put back as it was,
 * and a record that still does not fit is restored to its last valid value, or deleted when it is
 * new. Nobody, the sender included, ever sees or stores the invalid value (see guard.ts for why
 * undoing beats dropping an update).
 *
 * Restoring needs the last valid value of a record, which Yjs no longer has once the change is
 * integrated; this keeps a copy of every valid record, refreshed only for the records each
 * transaction touches, so a check costs O(records touched), never O(board).
 */

/** What the shape guard did to one record. */
export interface ShapeRepair {
  map: ShapedMap;
  key: string;
  /** `cut`: texts shortened; `restored`: fields or the whole record put back; `removed`: deleted. */
  action: 'cut' | 'restored' | 'removed';
  reason: string;
}

/** A valid record's value as it is cached: texts as strings, anything else as stored. */
function recordJson(value: Y.Map<unknown>): Record<string, unknown> {
  const json: Record<string, unknown> = {};
  for (const [key, field] of value.entries())
    json[key] = field instanceof Y.Text ? field.toString() : field;
  return json;
}

/**
 * The shape guard of one document (the server's copy of a board). Create it once the stored
 * state is applied; `invalid()` then lists what was stored invalid, `repair` fixes it, and
 * `enforce` checks a transaction in progress.
 */
export class BoardShape {
  /** The last valid value of every record: per key (a field for meta and voteSession). */
  private readonly valid = new Map<ShapedMap, Map<string, unknown>>();
  /** Records that failed the initial reading, until repaired. */
  private readonly stored: Touched[] = [];
  /**
   * Record maps whose cached valid value is exactly their content (with the key it is cached
   * under): a change to some of their fields needs only those fields checked (see checkChanged).
   */
  private readonly exact = new WeakMap<object, string>();
  /** The top-level maps found so far (see `top`). */
  private readonly tops = new Map<ShapedMap, Y.Map<unknown>>();
  /** The transaction `enforce` already brought up to date; its afterTransaction is skipped. */
  private enforced: Y.Transaction | null = null;

  constructor(private readonly doc: Y.Doc) {
    for (const map of SHAPED_MAPS) {
      const cache = new Map<string, unknown>();
      this.valid.set(map, cache);
      const top = this.top(map);
      if (!top) continue;
      for (const key of top.keys()) {
        if (!this.read({ map, key })) this.stored.push({ map, key });
      }
    }
    doc.on('afterTransaction', this.onTransaction);
  }

  /** The records that were invalid when this guard was created (stored before it existed). */
  invalid(): readonly Touched[] {
    return this.stored;
  }

  /** Repairs what `invalid()` lists, in one transaction with `origin`; returns what it did. */
  repair(origin: unknown): ShapeRepair[] {
    const repairs: ShapeRepair[] = [];
    if (this.stored.length === 0) return repairs;
    this.doc.transact((transaction) => {
      for (const touched of this.stored.splice(0)) this.check(touched, repairs);
      this.enforced = transaction;
    }, origin);
    return repairs;
  }

  /**
   * Checks every record `transaction` touched and repairs what does not fit, inside it. Call it
   * from within the transaction, after the change is applied.
   */
  enforce(transaction: Y.Transaction): ShapeRepair[] {
    const repairs: ShapeRepair[] = [];
    for (const touched of touchedBy(transaction)) this.check(touched, repairs);
    this.enforced = transaction;
    return repairs;
  }

  destroy(): void {
    this.doc.off('afterTransaction', this.onTransaction);
  }

  /** Keeps the copy current after transactions nobody enforced (loads, relays). */
  private readonly onTransaction = (transaction: Y.Transaction): void => {
    if (transaction === this.enforced) {
      this.enforced = null;
      return;
    }
    for (const touched of touchedBy(transaction)) this.read(touched);
  };

  private top(map: ShapedMap): Y.Map<unknown> | null {
    // Once a map, a top-level type stays that map: looked up once (checks ask several times each).
    let top = this.tops.get(map);
    if (top) return top;
    // A peer may have created a top-level type of the same name as something else than a map.
    try {
      top = this.doc.getMap(map);
    } catch {
      return null;
    }
    this.tops.set(map, top);
    return top;
  }

  /** Caches the record when it is valid as it is; true when it is (or is absent). */
  private read({ map, key }: Touched): boolean {
    const kind = RECORD_KINDS[map];
    const top = this.top(map);
    const cache = this.valid.get(map)!;
    if (!top) return true;
    const value = top.get(key);
    if (kind.storage === 'single') {
      const validator = fieldCheck(map as SingleMap, key);
      if (!validator) return true;
      if (value === undefined) {
        cache.delete(key);
        return !fieldRequired(map as SingleMap, key);
      }
      if (value instanceof Y.AbstractType || !validator.safeParse(value).success) return false;
      cache.set(key, value);
      return true;
    }
    if (value instanceof Y.Map) this.exact.delete(value);
    if (value === undefined) {
      cache.delete(key);
      return true;
    }
    const valid = this.validRecord(kind, key, value);
    if (valid === null) return false;
    cache.set(key, valid);
    if (value instanceof Y.Map) this.exact.set(value, key);
    return true;
  }

  /** The record's cacheable value when it is valid as stored; null otherwise. */
  private validRecord(kind: RecordKind, key: string, value: unknown): unknown {
    if (kind.storage === 'fields') {
      if (!(value instanceof Y.Map)) return null;
      const check = recordCheck(kind.map, key, fieldsOf(value));
      if (!check || !check.validator.safeParse(check.value).success) return null;
      if (hasNestedUnknown(kind, value)) return null;
      return recordJson(value);
    }
    if (value instanceof Y.AbstractType) return null;
    const check = recordCheck(kind.map, key, value);
    return check && check.validator.safeParse(check.value).success ? value : null;
  }

  /** Checks one record and repairs it in the current transaction. */
  private check(touched: Touched, repairs: ShapeRepair[]): void {
    const { map } = touched;
    const kind = RECORD_KINDS[map];
    let cached = false;
    if (kind.storage === 'fields' && this.checkChanged(touched)) return;
    if (kind.storage === 'single') this.checkField(touched, repairs);
    else if (kind.storage === 'plain') cached = this.checkPlain(touched, repairs);
    else cached = this.checkFields(touched, repairs);
    // A record valid as it came needs no second validation to be cached (checks run per update).
    if (!cached) this.read(touched);
  }

  /**
   * The fast path of a `fields` record that was valid before, whose changed fields are known: true
   * when the record is still valid (see changedFieldsValid) and its cached value was updated.
   */
  private checkChanged({ map, key, fields }: Touched): boolean {
    if (!fields) return false;
    const value = this.top(map)?.get(key);
    if (!(value instanceof Y.Map) || this.exact.get(value) !== key) return false;
    const cached = this.valid.get(map)!.get(key) as Record<string, unknown> | undefined;
    const schema = recordCheck(map, key, null)?.validator;
    return (
      !!cached && !!schema && changedFieldsValid(RECORD_KINDS[map], schema, value, cached, fields)
    );
  }

  private checkField({ map, key }: Touched, repairs: ShapeRepair[]): void {
    const single = map as SingleMap;
    const top = this.top(map);
    const validator = fieldCheck(single, key);
    if (!top || !validator) return;
    const cache = this.valid.get(map)!;
    const value = top.get(key);
    if (value === undefined) {
      if (fieldRequired(single, key) && cache.has(key)) {
        top.set(key, cache.get(key));
        repairs.push({ map, key, action: 'restored', reason: 'a required field was deleted' });
      }
      return;
    }
    const parsed =
      value instanceof Y.AbstractType
        ? ({ ok: false, error: 'a shared type where a plain value belongs', cut: [] } as const)
        : parseWithCuts(validator, value, key);
    if (parsed.ok) {
      if (parsed.cut.length > 0) {
        top.set(key, parsed.value);
        repairs.push({ map, key, action: 'cut', reason: 'text over its limit' });
      }
      return;
    }
    const reason = describeIssue(parsed.error);
    if (cache.has(key)) {
      top.set(key, cache.get(key));
      repairs.push({ map, key, action: 'restored', reason });
    } else {
      top.delete(key);
      repairs.push({ map, key, action: 'removed', reason });
    }
  }

  /** True when the record was valid as it is and is cached already (see `check`). */
  private checkPlain({ map, key }: Touched, repairs: ShapeRepair[]): boolean {
    const top = this.top(map);
    if (!top) return false;
    const value = top.get(key);
    if (value === undefined) return false;
    const check = value instanceof Y.AbstractType ? null : recordCheck(map, key, value);
    if (!check) {
      this.restore(map, key, 'not a record of this map', repairs);
      return false;
    }
    const parsed = parseWithCuts(check.validator, check.value);
    if (parsed.ok) {
      if (parsed.cut.length > 0) {
        top.set(key, parsed.value);
        repairs.push({ map, key, action: 'cut', reason: 'text over its limit' });
        return false;
      }
      this.valid.get(map)!.set(key, value);
      return true;
    }
    this.restore(map, key, describeIssue(parsed.error), repairs);
    return false;
  }

  /** True when the record was valid as it is and is cached already (see `check`). */
  private checkFields({ map, key }: Touched, repairs: ShapeRepair[]): boolean {
    const kind = RECORD_KINDS[map];
    const top = this.top(map);
    if (!top) return false;
    const value = top.get(key);
    if (value === undefined) return false;
    if (!(value instanceof Y.Map)) {
      this.restore(map, key, 'not a map of fields', repairs);
      return false;
    }
    // No field of any record is a nested map, array or XML: such a value under a field the schema
    // does not know is junk (and could nest deep enough to hurt whoever reads it).
    let nested = false;
    for (const [field, fieldValue] of [...value.entries()]) {
      if (fieldValue instanceof Y.AbstractType && !knownField(kind, field)) {
        value.delete(field);
        nested = true;
        repairs.push({ map, key, action: 'restored', reason: `${field}: a nested shared type` });
      }
    }
    const check = () => recordCheck(map, key, fieldsOf(value));
    let current = check();
    if (!current) {
      this.restore(map, key, 'no record may have this key', repairs);
      return false;
    }
    let result = current.validator.safeParse(current.value);
    if (result.success) {
      if (nested) return false;
      this.valid.get(map)!.set(key, recordJson(value));
      this.exact.set(value, key);
      return true;
    }
    const long = tooLongStrings(result.error);
    if (long.length > 0) {
      for (const { path, max } of long) cutField(value, path, max);
      repairs.push({ map, key, action: 'cut', reason: 'text over its limit' });
      current = check()!;
      result = current.validator.safeParse(current.value);
      if (result.success) return false;
    }
    const reason = describeIssue(result.error);
    const fields = new Set<string>();
    let whole = false;
    for (const issue of result.error.issues) {
      const field = issue.path[0];
      if (typeof field !== 'string' || field === 'id') whole = true;
      else fields.add(field);
    }
    if (!whole) {
      const cached = this.valid.get(map)!.get(key) as Record<string, unknown> | undefined;
      for (const field of fields) {
        if (cached && Object.hasOwn(cached, field))
          writeField(value, field, cached[field], kind.textFields);
        else if (value.has(field)) value.delete(field);
      }
      current = check()!;
      if (current.validator.safeParse(current.value).success) {
        repairs.push({ map, key, action: 'restored', reason });
        return false;
      }
    }
    this.restore(map, key, reason, repairs);
    return false;
  }

  /** Puts a whole record back as it last was valid, or deletes it when it never was. */
  private restore(map: ShapedMap, key: string, reason: string, repairs: ShapeRepair[]): void {
    const top = this.top(map)!;
    const cached = this.valid.get(map)!.get(key);
    if (cached === undefined) {
      if (top.has(key)) top.delete(key);
      repairs.push({ map, key, action: 'removed', reason });
      return;
    }
    const kind = RECORD_KINDS[map];
    if (kind.storage === 'fields') writeRecord(top, key, cached as Record<string, unknown>, kind);
    else top.set(key, cached);
    repairs.push({ map, key, action: 'restored', reason });
  }
}
