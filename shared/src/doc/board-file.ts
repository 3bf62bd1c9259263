import * as Y from 'yjs';
import { z } from 'zod';
import { IMAGE_MIME_TYPES, SCHEMA_VERSION, blobHashValidator, itemValidator } from '../schema';
import type { BoardItem, BoardMeta, ImageMimeType } from '../schema';
import type { Votes } from '../planning/votes';
import type { Lane, Team } from '../schema/team';
import { addItem, metaMap, readItems, readMeta } from './board-doc';
import { MAP, META_FIELD } from './keys';
import { lanesMap, readLanes } from './lanes';
import { readMembers } from './members';
import { readTeams } from './teams';
import { readVotes } from './votes';
import { cellKey } from '../planning/capacity';
import { readAgreements } from './agreements-doc';
import { readCapacities } from './capacity-doc';
import { commentRecords, readCommentThreads } from './comments-doc';

/*
 * ◆ The board file: the whole board as one versioned JSON document, written by
 * `GET /api/boards/:id/export?format=json` and accepted back by `POST /api/boards/:id/import`.
 *
 *   { format: 'weboard', version: 1, exportedAt, meta: {schemaVersion, title},
 *     items: BoardItem[] (sorted by id), teams?: {id: {...}}, lanes?: {id: {...}},
 *     members?: {userId: {name, teamId}}, votes?: {itemId: {userId: n}},
 *     capacity?: {"teamId/laneId": {teamId, laneId, points}}, agreements?: {connectorId: {...}},
 *     comments?: {"threadId": thread, "threadId/commentId": comment},
 *     blobs?: {sha256: {type, data: base64}} }
 *
 * `blobs` carries the picture of every image item (keyed by the item's `src`), so a file moved to
 * another server brings its images; the server fills it in on export and stores it on import.
 *
 * `version` is the file format's version (bumped when the file changes incompatibly); the board
 * schema version travels in `meta.schemaVersion`. A reader refuses files newer than it knows.
 */

export const BOARD_FILE_FORMAT = 'weboard';
export const BOARD_FILE_VERSION = 1;

/** Top-level record maps besides `items` that a board file carries: id → map of fields. */
const RECORD_MAPS = [MAP.teams, MAP.lanes] as const;
/** Top-level maps whose entries are plain records (written whole by one person). */
const PLAIN_MAPS = [MAP.members, MAP.capacity, MAP.agreements, MAP.comments] as const;
const VOTES = MAP.votes;

/**
 * Every top-level map a board file covers; an import replaces exactly these (the vote session and
 * the meeting's session state stay as they are).
 */
export const BOARD_FILE_MAPS: readonly string[] = [
  MAP.meta,
  MAP.items,
  ...RECORD_MAPS,
  ...PLAIN_MAPS,
  VOTES,
];

const jsonRecord = z.record(z.string(), z.unknown());
const recordMapValidator = z.record(z.string().min(1).max(64), jsonRecord);
const votesValidator = z.record(
  z.string().min(1).max(64),
  z.record(z.string().min(1).max(200), z.number().int().nonnegative()),
);

export const boardFileValidator = z.object({
  format: z.literal(BOARD_FILE_FORMAT),
  version: z.literal(BOARD_FILE_VERSION),
  exportedAt: z.string().optional(),
  meta: z.object({
    schemaVersion: z.number().int().positive().max(SCHEMA_VERSION),
    title: z.string().max(200),
  }),
  items: z.array(z.unknown()),
  teams: recordMapValidator.optional(),
  lanes: recordMapValidator.optional(),
  members: recordMapValidator.optional(),
  votes: votesValidator.optional(),
  capacity: z.record(z.string().min(1).max(129), jsonRecord).optional(),
  agreements: recordMapValidator.optional(),
  comments: z.record(z.string().min(1).max(129), jsonRecord).optional(),
  blobs: z
    .record(blobHashValidator, z.object({ type: z.enum(IMAGE_MIME_TYPES), data: z.string() }))
    .optional(),
});

/** A board as a file. */
export interface BoardFile {
  format: typeof BOARD_FILE_FORMAT;
  version: typeof BOARD_FILE_VERSION;
  exportedAt?: string;
  meta: BoardMeta;
  items: BoardItem[];
  teams?: Record<string, Record<string, unknown>>;
  lanes?: Record<string, Record<string, unknown>>;
  members?: Record<string, Record<string, unknown>>;
  votes?: Votes;
  capacity?: Record<string, Record<string, unknown>>;
  agreements?: Record<string, Record<string, unknown>>;
  comments?: Record<string, Record<string, unknown>>;
  /** Image bytes by hash, base64 (see the format note above). */
  blobs?: Record<string, { type: ImageMimeType; data: string }>;
}

/** What a reader learns from a file: the board, or one sentence saying why not. */
export type BoardFileResult = { ok: true; file: BoardFile } | { ok: false; error: string };

/** The board in `doc` as a file: only valid records (a reader skips and reports the others). */
export function exportBoardFile(doc: Y.Doc, exportedAt = new Date().toISOString()): BoardFile {
  const file: BoardFile = {
    format: BOARD_FILE_FORMAT,
    version: BOARD_FILE_VERSION,
    exportedAt,
    meta: readMeta(doc),
    items: readItems(doc).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  };
  const byId = <T extends { id: string }>(records: readonly T[]) =>
    Object.fromEntries(records.map(({ id, ...fields }) => [id, fields]));
  const teams = readTeams(doc);
  if (teams.length > 0) file.teams = byId(teams);
  // readLanes answers the defaults for a board that never stored lanes; the file keeps that apart.
  if (doc.share.has(MAP.lanes) && lanesMap(doc).size > 0) {
    const lanes = readLanes(doc);
    if (lanes.length > 0) file.lanes = byId(lanes);
  }
  const members = Object.entries(readMembers(doc));
  if (members.length > 0)
    file.members = Object.fromEntries(members.map(([id, member]) => [id, { ...member }]));
  const votes = readVotes(doc);
  if (Object.keys(votes).length > 0) file.votes = votes;
  const capacities = readCapacities(doc);
  if (capacities.length > 0)
    file.capacity = Object.fromEntries(
      capacities.map((c) => [cellKey(c.teamId, c.laneId), { ...c }]),
    );
  const agreements = readAgreements(doc);
  if (agreements.size > 0)
    file.agreements = Object.fromEntries(
      [...agreements].map(([id, agreement]) => [id, { ...agreement }]),
    );
  const itemIds = new Set(file.items.map((item) => item.id));
  const threads = readCommentThreads(doc, (id) => itemIds.has(id));
  if (threads.length > 0) file.comments = commentRecords(threads);
  return file;
}

/** Checks a parsed JSON value; never throws. Newer files and invalid items are refused with a reason. */
export function parseBoardFile(json: unknown): BoardFileResult {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, error: 'A board file is a JSON object' };
  }
  const head = json as Record<string, unknown>;
  if (head.format !== BOARD_FILE_FORMAT) {
    return { ok: false, error: `Not a WeBoard file (format must be "${BOARD_FILE_FORMAT}")` };
  }
  if (typeof head.version === 'number' && head.version > BOARD_FILE_VERSION) {
    return {
      ok: false,
      error: `This file has format version ${head.version}; this server reads up to version ${BOARD_FILE_VERSION}`,
    };
  }
  const meta = head.meta as Record<string, unknown> | undefined;
  if (typeof meta?.schemaVersion === 'number' && meta.schemaVersion > SCHEMA_VERSION) {
    return {
      ok: false,
      error: `This board was written with schema version ${meta.schemaVersion}; this server knows up to ${SCHEMA_VERSION}`,
    };
  }
  const parsed = boardFileValidator.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      error: `Invalid ${issue?.path.join('.') || 'file'}: ${issue?.message ?? 'invalid value'}`,
    };
  }
  const items: BoardItem[] = [];
  const ids = new Set<string>();
  for (const [index, raw] of parsed.data.items.entries()) {
    const item = itemValidator.safeParse(raw);
    if (!item.success) {
      const issue = item.error.issues[0];
      const where = [index, ...(issue?.path ?? [])].join('.');
      return { ok: false, error: `Invalid items.${where}: ${issue?.message ?? 'invalid item'}` };
    }
    if (ids.has(item.data.id)) return { ok: false, error: `Duplicate item id ${item.data.id}` };
    ids.add(item.data.id);
    items.push(item.data);
  }
  return { ok: true, file: { ...parsed.data, items } as BoardFile };
}

/**
 * A fresh document holding exactly the file's board: items as field-level maps (texts as Y.Text),
 * teams and lanes as id → map of fields, votes as item → map of voter → count.
 */
export function boardFileToDoc(file: BoardFile): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    const meta = metaMap(doc);
    meta.set(META_FIELD.schemaVersion, file.meta.schemaVersion);
    meta.set(META_FIELD.title, file.meta.title);
    for (const item of file.items) addItem(doc, item);
    for (const name of RECORD_MAPS) {
      const records = file[name];
      if (!records) continue;
      const map = doc.getMap<Y.Map<unknown>>(name);
      for (const [id, fields] of Object.entries(records)) map.set(id, fieldMap(fields));
    }
    for (const name of PLAIN_MAPS) {
      const records = file[name];
      if (!records) continue;
      const map = doc.getMap(name);
      for (const [id, fields] of Object.entries(records)) map.set(id, fields);
    }
    if (file.votes) {
      const votes = doc.getMap<Y.Map<unknown>>(VOTES);
      for (const [itemId, byVoter] of Object.entries(file.votes)) {
        votes.set(itemId, fieldMap(byVoter));
      }
    }
  });
  return doc;
}

function fieldMap(fields: Readonly<Record<string, unknown>>): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(fields)) map.set(key, value);
  return map;
}

/**
 * What the diff compares: the items and the votes of a board, and the teams and lanes so that a
 * change reads with their names (absent: names unknown, the diff says "a team" / "a lane").
 */
export interface BoardContent {
  items: BoardItem[];
  votes: Votes;
  teams?: readonly Team[];
  lanes?: readonly Lane[];
}

export function readBoardContent(doc: Y.Doc): BoardContent {
  return {
    items: readItems(doc),
    votes: doc.share.has(VOTES) ? (doc.getMap(VOTES).toJSON() as Votes) : {},
    teams: readTeams(doc),
    lanes: readLanes(doc),
  };
}
