import * as Y from 'yjs';
import { z } from 'zod';
import type { ZodType } from 'zod';
import { SCHEMA_VERSION, itemValidator } from '../schema';
import { laneValidator, teamValidator } from '../schema/team';
import { followValidator, summonValidator, timerValidator } from '../schema/session';
import { AGENDA_KEY, agendaValidator } from '../schema/agenda';
import { decisionValidator, isDecisionKey } from '../schema/decision';
import { confidenceBallotValidator, confidenceRoundFields } from '../planning/confidence';
import { milestoneValidator } from '../planning/milestones';
import { objectiveValidator } from '../planning/objectives';
import { riskValidator } from '../planning/roam';
import { ITEM_FIELD, MAP, META_FIELD, SESSION_KEY } from './keys';
import { capacityAt } from '../schema/capacity';
import { agreementValidator } from '../schema/agreement';
import { privateRoundValidator } from '../schema/private-round';
import { reactionValidator } from '../schema/reaction';
import { commentThreadValidator, commentValidator, parseCommentKey } from '../schema/comment';

/*
 * What every record of a board document must look like, map by map: the one place that says which
 * validator checks which entry, how an entry is stored, and how an entry that fails is read. Both
 * the readers (which skip an invalid entry) and the server's shape guard (which undoes it) use it.
 *
 *   items, teams, lanes, votes:  key -> Y.Map of fields   (the record's id is its key)
 *   members, session,
 *   capacity, agreements:        key -> one plain JSON record
 *   meta, voteSession:           the top-level map is one record, one field per key
 *   objectives, risks, milestones: key -> Y.Map of fields (program-planning records)
 *   confidenceVotes:             user id -> one plain ballot; confidenceRound: one record
 *   reactions:                   "<itemId>/<userId>" -> one plain record of that person's emojis
 *   comments:                    "<threadId>" -> a thread, "<threadId>/<commentId>" -> a comment
 */

/** The top-level maps whose entries have a schema. Other top-level maps are not ours and are left alone. */
export const SHAPED_MAPS = [
  MAP.meta,
  MAP.items,
  MAP.teams,
  MAP.lanes,
  MAP.members,
  MAP.votes,
  MAP.voteSession,
  MAP.session,
  MAP.objectives,
  MAP.risks,
  MAP.milestones,
  MAP.confidenceRound,
  MAP.confidenceVotes,
  MAP.capacity,
  MAP.agreements,
  MAP.reactions,
  MAP.comments,
] as const;
export type ShapedMap = (typeof SHAPED_MAPS)[number];

/** The mark put where an over-long text was cut, so that a reader sees it is not the whole text. */
export const CUT_MARK = '…';

const recordId = z.string().min(1).max(64);
const userId = z.string().min(1).max(200);

/** A member of the board: who a user id is and the team they picked. */
export const memberValidator = z.object({
  name: z.string().max(200),
  teamId: recordId.nullable().optional(),
});

/** The votes on one item: user id -> number of votes. */
export const itemVotesValidator = z.record(userId, z.number().int().nonnegative().max(1_000_000));

/** The fields of `meta`. Both are required; a newer schema version than this code knows is refused. */
const metaFields: Record<string, ZodType> = {
  schemaVersion: z.number().int().min(1).max(SCHEMA_VERSION),
  title: z.string().max(200),
};
const META_REQUIRED = new Set<string>([META_FIELD.schemaVersion, META_FIELD.title]);

/** The fields of `voteSession`, each optional (a board that never voted has none). */
const voteSessionFields: Record<string, ZodType> = {
  id: z.string().max(64),
  state: z.enum(['idle', 'running', 'ended', 'revealed']),
  budget: z.number().int().min(0).max(1000),
  teamWeights: z.record(recordId, z.number().finite().nonnegative()),
  startedBy: z.string().max(200),
  startedAt: z.number().finite(),
};

/** The top-level maps that are one record each, one field per key. */
export type SingleMap = typeof MAP.meta | typeof MAP.voteSession | typeof MAP.confidenceRound;

const singleFields: Readonly<Record<SingleMap, Record<string, ZodType>>> = {
  [MAP.meta]: metaFields,
  [MAP.voteSession]: voteSessionFields,
  [MAP.confidenceRound]: confidenceRoundFields,
};

const sessionRecords: Record<string, ZodType> = {
  [SESSION_KEY.timer]: timerValidator,
  [SESSION_KEY.summon]: summonValidator,
  [SESSION_KEY.follow]: followValidator,
  [SESSION_KEY.privateRound]: privateRoundValidator,
  [AGENDA_KEY]: agendaValidator,
};

/** How the entries of one shaped map are stored and checked. */
export interface RecordKind {
  map: ShapedMap;
  /**
   * `fields`: each key holds a Y.Map of fields; `plain`: each key holds one plain JSON value;
   * `single`: the map itself is one record and each key is one of its fields.
   */
  storage: 'fields' | 'plain' | 'single';
  /** Fields kept as Y.Text (so concurrent typing merges); read as strings. */
  textFields: ReadonlySet<string>;
}

export const RECORD_KINDS: Readonly<Record<ShapedMap, RecordKind>> = {
  [MAP.meta]: { map: MAP.meta, storage: 'single', textFields: new Set() },
  [MAP.items]: { map: MAP.items, storage: 'fields', textFields: new Set([ITEM_FIELD.text]) },
  [MAP.teams]: { map: MAP.teams, storage: 'fields', textFields: new Set() },
  [MAP.lanes]: { map: MAP.lanes, storage: 'fields', textFields: new Set() },
  [MAP.members]: { map: MAP.members, storage: 'plain', textFields: new Set() },
  [MAP.votes]: { map: MAP.votes, storage: 'fields', textFields: new Set() },
  [MAP.voteSession]: { map: MAP.voteSession, storage: 'single', textFields: new Set() },
  [MAP.session]: { map: MAP.session, storage: 'plain', textFields: new Set() },
  [MAP.objectives]: { map: MAP.objectives, storage: 'fields', textFields: new Set() },
  [MAP.risks]: { map: MAP.risks, storage: 'fields', textFields: new Set() },
  [MAP.milestones]: { map: MAP.milestones, storage: 'fields', textFields: new Set() },
  [MAP.confidenceRound]: { map: MAP.confidenceRound, storage: 'single', textFields: new Set() },
  [MAP.confidenceVotes]: { map: MAP.confidenceVotes, storage: 'plain', textFields: new Set() },
  [MAP.capacity]: { map: MAP.capacity, storage: 'plain', textFields: new Set() },
  [MAP.agreements]: { map: MAP.agreements, storage: 'plain', textFields: new Set() },
  [MAP.reactions]: { map: MAP.reactions, storage: 'plain', textFields: new Set() },
  [MAP.comments]: { map: MAP.comments, storage: 'plain', textFields: new Set() },
};

/** Stands in for a nested shared type where a record expects plain data, so validation fails. */
const NESTED_TYPE = Symbol('nested shared type');

/** One stored value as readers see it: a Y.Text as its string, other shared types as invalid. */
export function plainValue(value: unknown): unknown {
  if (value instanceof Y.Text) return value.toString();
  if (value instanceof Y.AbstractType) return NESTED_TYPE;
  return value;
}

/** Fields stored as Y.Text (items' `text`); anywhere else a Y.Text is no valid value. */
const TEXT_FIELDS = new Set<string>([ITEM_FIELD.text]);

/** One field of a Y.Map record as readers see it. */
export function fieldValue(key: string, value: unknown): unknown {
  return value instanceof Y.Text && !TEXT_FIELDS.has(key) ? NESTED_TYPE : plainValue(value);
}

/** The fields of a Y.Map record as readers see them. */
export function fieldsOf(map: Y.Map<unknown>): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  // forEach, not entries(): no iterator objects and [key, value] pairs per field (a large board's
  // opening reads some 150,000 fields).
  map.forEach((value, key) => {
    record[key] = fieldValue(key, value);
  });
  return record;
}

/**
 * The record with its key as its id, as the schemas of keyed records want it (a function of the
 * module rather than a closure made per call: the shape guard calls this once per update).
 */
function recordWithId(record: unknown, key: string): unknown {
  return typeof record === 'object' && record !== null && !Array.isArray(record)
    ? { ...(record as Record<string, unknown>), id: key }
    : record;
}

/**
 * The validator of the record stored under `key` of a `fields` or `plain` map, and the record to
 * validate (its id added where the schema wants one); null when no record may live under `key`.
 */
export function recordCheck(
  map: ShapedMap,
  key: string,
  record: unknown,
): { validator: ZodType; value: unknown } | null {
  switch (map) {
    case MAP.items:
      return { validator: itemValidator, value: recordWithId(record, key) };
    case MAP.teams:
      return { validator: teamValidator, value: recordWithId(record, key) };
    case MAP.lanes:
      return { validator: laneValidator, value: recordWithId(record, key) };
    case MAP.members:
      return key.length > 0 && key.length <= 200
        ? { validator: memberValidator, value: record }
        : null;
    case MAP.votes:
      return key.length > 0 && key.length <= 64
        ? { validator: itemVotesValidator, value: record }
        : null;
    case MAP.session: {
      const validator = Object.hasOwn(sessionRecords, key)
        ? sessionRecords[key]
        : isDecisionKey(key)
          ? decisionValidator
          : undefined;
      return validator ? { validator, value: record } : null;
    }
    case MAP.objectives:
      return { validator: objectiveValidator, value: recordWithId(record, key) };
    case MAP.risks:
      return { validator: riskValidator, value: recordWithId(record, key) };
    case MAP.milestones:
      return { validator: milestoneValidator, value: recordWithId(record, key) };
    case MAP.confidenceVotes:
      return key.length > 0 && key.length <= 200
        ? { validator: confidenceBallotValidator, value: record }
        : null;
    case MAP.capacity:
      return key.length > 0 && key.length <= 129
        ? { validator: capacityAt(key), value: record }
        : null;
    case MAP.agreements:
      return key.length > 0 && key.length <= 64
        ? { validator: agreementValidator, value: record }
        : null;
    case MAP.reactions: {
      // "<itemId>/<userId>": the record must be about the item its key names.
      const itemId = key.slice(0, key.indexOf('/'));
      return key.length <= 265 && itemId.length > 0
        ? { validator: reactionValidator.refine((r) => r.itemId === itemId), value: record }
        : null;
    }
    case MAP.comments: {
      // A thread, or a comment whose record must name the thread its key names.
      const parsed = parseCommentKey(key);
      if (!parsed) return null;
      if (parsed.kind === 'thread') return { validator: commentThreadValidator, value: record };
      return {
        validator: commentValidator.refine((c) => c.threadId === parsed.threadId),
        value: record,
      };
    }
    case MAP.meta:
    case MAP.voteSession:
    case MAP.confidenceRound:
      return null;
  }
}

/** The validator of one field of a `single` record; null for a field the schema does not know. */
export function fieldCheck(map: SingleMap, field: string): ZodType | null {
  const fields = singleFields[map];
  return Object.hasOwn(fields, field) ? fields[field]! : null;
}

/** Whether a field of a `single` record may be absent. */
export function fieldRequired(map: SingleMap, field: string): boolean {
  return map === MAP.meta && META_REQUIRED.has(field);
}

/** A string cut to `max` characters, the last of them the cut mark (never half a surrogate pair). */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - CUT_MARK.length);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return text.slice(0, end) + CUT_MARK;
}

/**
 * Fields that are free text, cut when too long. Others (ids, index keys, colours) are never cut:
 * a cut id or rank would be another, wrong value.
 */
const TEXT_TO_CUT = new Set([
  'text',
  'title',
  'label',
  'name',
  'createdBy',
  'by',
  'startedBy',
  'note',
  'requestedBy',
  'answeredBy',
]);

/** Where a too-long string is in a record, and its limit. */
export interface TooLong {
  path: PropertyKey[];
  max: number;
}

/**
 * The over-long free texts a failed validation found (see TEXT_TO_CUT); `field` names the value
 * when it is one field rather than a record.
 */
export function tooLongStrings(error: z.ZodError, field?: string): TooLong[] {
  const found: TooLong[] = [];
  for (const issue of error.issues) {
    if (
      issue.code === 'too_big' &&
      issue.origin === 'string' &&
      typeof issue.maximum === 'number' &&
      TEXT_TO_CUT.has(String(issue.path.length > 0 ? issue.path[issue.path.length - 1] : field))
    )
      found.push({ path: issue.path, max: Number(issue.maximum) });
  }
  return found;
}

/** A deep copy of plain JSON-like data with the string at `path` cut; unchanged if it is not there. */
export function withCut(value: unknown, path: readonly PropertyKey[], max: number): unknown {
  if (path.length === 0) return typeof value === 'string' ? cutText(value, max) : value;
  if (typeof value !== 'object' || value === null) return value;
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    const copy = [...(value as unknown[])];
    if (typeof head === 'number' && head < copy.length) copy[head] = withCut(copy[head], rest, max);
    return copy;
  }
  const copy = { ...(value as Record<string, unknown>) };
  if (typeof head === 'string' && Object.hasOwn(copy, head))
    copy[head] = withCut(copy[head], rest, max);
  return copy;
}

/**
 * Validates a record; when the only trouble is over-long strings, cuts them (with the mark) and
 * validates again. `value` is the input as it should be stored (cut where it had to be).
 */
export function parseWithCuts<T>(
  validator: ZodType<T>,
  value: unknown,
  field?: string,
):
  | { ok: true; data: T; value: unknown; cut: TooLong[] }
  | { ok: false; error: z.ZodError; cut: TooLong[] } {
  const first = validator.safeParse(value);
  if (first.success) return { ok: true, data: first.data, value, cut: [] };
  const long = tooLongStrings(first.error, field);
  if (long.length === 0) return { ok: false, error: first.error, cut: [] };
  let cut = value;
  for (const { path, max } of long) cut = withCut(cut, path, max);
  const second = validator.safeParse(cut);
  return second.success
    ? { ok: true, data: second.data, value: cut, cut: long }
    : { ok: false, error: second.error, cut: long };
}

/** A board entry a reader skipped or the server undid. */
export interface InvalidRecord {
  map: string;
  key: string;
  /** What was wrong, in a few words (the first validation issue). */
  reason: string;
}

type InvalidRecordListener = (record: InvalidRecord) => void;

/*
 * Readers are pure functions called deep inside shared and client code; threading a reporter
 * through every call would touch them all. A process-wide listener lets the server count and log
 * what its readers skip without that. Nothing listens in the browser.
 */
const listeners = new Set<InvalidRecordListener>();

/** Calls `listener` for every invalid entry a shared reader skips; returns the unsubscribe. */
export function onInvalidRecord(listener: InvalidRecordListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Tells the listeners that a reader skipped an invalid entry. */
export function reportInvalidRecord(record: InvalidRecord): void {
  for (const listener of listeners) listener(record);
}

/** The first issue of a failed validation, as a few words for a log line. */
export function describeIssue(error: z.ZodError | string): string {
  if (typeof error === 'string') return error;
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const where = issue.path.map(String).join('.');
  return where ? `${where}: ${issue.message}` : issue.message;
}
