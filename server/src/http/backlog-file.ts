import {
  applyImportPlan,
  checkBacklogRecords,
  exportBacklogCsv,
  planBacklogImport,
  readMeta,
} from '@weboard/shared';
import type { BacklogRowError, UnknownChoice, UnknownValue } from '@weboard/shared';
import { TextDecoder } from 'node:util';
import * as Y from 'yjs';
import { AppError } from '../errors';

/*
 * The ranked backlog as a file, both ways: CSV out; CSV or an Excel workbook in. Import rules
 * (documented in the README):
 * - the body is the file's bytes: UTF-8 (with or without BOM), UTF-16 with a BOM, or whatever
 *   `charset=` the Content-Type names; undecodable bytes are refused with 415, never guessed;
 * - rows with errors are reported and not created; the valid rows are created (201). A file in
 *   which no row is valid creates nothing (422). `?mode=strict` creates nothing unless every row is
 *   valid, for scripts that want all or nothing;
 * - a row with the source key of a card on the board updates that card instead of adding one;
 * - team and lane names the board does not know are created (`?unknown=create`, the default) or
 *   left empty (`?unknown=empty`); rows naming them are never refused for it.
 */

/** Largest CSV body accepted (bytes). */
export const MAX_CSV_BYTES = 5 * 1024 * 1024;

/** Most item rows one import may create; a board is a meeting, not a database. */
export const MAX_CSV_ROWS = 5000;

/** Decodes the uploaded bytes, or explains which encoding the file should have been saved in. */
export function decodeCsv(body: Buffer, contentType: string | undefined): string {
  const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1]?.toLowerCase();
  let encoding = charset ?? 'utf-8';
  let bytes: Uint8Array = body;
  if (!charset && body[0] === 0xff && body[1] === 0xfe) encoding = 'utf-16le';
  else if (!charset && body[0] === 0xfe && body[1] === 0xff) encoding = 'utf-16be';
  if (encoding === 'utf-16le' || encoding === 'utf-16be') bytes = body.subarray(2);
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding, { fatal: true });
  } catch {
    throw new AppError('UnsupportedEncoding', `Unknown character set "${encoding}"`);
  }
  try {
    return decoder.decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new AppError(
      'UnsupportedEncoding',
      `The file is not valid ${encoding.toUpperCase()} text. Save it as "CSV UTF-8", or send ` +
        'its character set in the Content-Type (e.g. text/csv; charset=windows-1252).',
    );
  }
}

/** The board's ranked backlog as CSV text. */
export function backlogCsvOf(state: Uint8Array): string {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    return exportBacklogCsv(doc);
  } finally {
    doc.destroy();
  }
}

/** A file name for the export, from the board title. */
export function csvFileName(state: Uint8Array): string {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    const title =
      readMeta(doc)
        .title.replace(/[^\w\- ]+/g, '')
        .trim() || 'board';
    return `${title.replace(/\s+/g, '-')}-backlog.csv`;
  } finally {
    doc.destroy();
  }
}

export interface BacklogImportOptions {
  /** Team for rows without one. */
  teamId?: string;
  /** Shown as the items' source. */
  fileName: string;
  createdBy: string;
  strict: boolean;
  /** What happens to team and lane names the board does not know. */
  unknown: 'create' | 'empty';
}

export interface BacklogImportResult {
  created: number;
  updated: number;
  itemIds: string[];
  /** Lanes and teams the import added, by name. */
  createdLanes: string[];
  createdTeams: string[];
  /** The unknown names of the file and how many rows named each. */
  unknown: { lanes: UnknownValue[]; teams: UnknownValue[] };
  errors: BacklogRowError[];
  warnings: BacklogRowError[];
}

/** Checks and imports a file's records into the live document `doc` (inside a server change). */
export function importRecordsInto(
  doc: Y.Doc,
  records: readonly (readonly string[])[],
  options: BacklogImportOptions,
  parseErrors: readonly BacklogRowError[] = [],
): BacklogImportResult {
  const checked = checkBacklogRecords(doc, records);
  const errors = [...parseErrors, ...checked.errors].sort((a, b) => a.row - b.row);
  const total = checked.rows.length + new Set(errors.map((e) => e.row)).size;
  if (total > MAX_CSV_ROWS)
    throw new AppError(
      'PayloadTooLarge',
      `The file has ${total} rows; an import takes at most ${MAX_CSV_ROWS}. Split it into smaller files.`,
    );
  if (checked.rows.length === 0 || (options.strict && errors.length > 0)) {
    const message =
      checked.rows.length === 0
        ? errors.length === 0
          ? 'The file has no item rows'
          : 'No row of the file can be imported'
        : `${new Set(errors.map((e) => e.row)).size} row(s) have errors; nothing was imported`;
    throw new AppError('ImportInvalid', message, errors);
  }
  const choice: UnknownChoice = { action: options.unknown };
  const every = (values: readonly UnknownValue[]) =>
    Object.fromEntries(values.map((v) => [v.name, choice]));
  const plan = planBacklogImport(doc, checked.rows, {
    source: { kind: 'csv', name: options.fileName },
    createdBy: options.createdBy,
    choices: { lanes: every(checked.unknown.lanes), teams: every(checked.unknown.teams) },
    ...(options.teamId ? { teamId: options.teamId } : {}),
  });
  const itemIds = applyImportPlan(doc, plan);
  return {
    created: itemIds.length,
    updated: plan.updates.length,
    itemIds,
    createdLanes: plan.lanes.map((l) => l.name),
    createdTeams: plan.teams.map((t) => t.name),
    unknown: checked.unknown,
    errors,
    warnings: checked.warnings,
  };
}
