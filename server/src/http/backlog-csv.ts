import {
  applyImportPlan,
  checkBacklogCsv,
  exportBacklogCsv,
  readMeta,
  planBacklogImport,
} from '@weboard/shared';
import type { BacklogRowError } from '@weboard/shared';
import { TextDecoder } from 'node:util';
import * as Y from 'yjs';
import { AppError } from '../errors';

/*
 * The ranked backlog as CSV, both ways. Import rules (documented in the README):
 * - the body is the file's bytes: UTF-8 (with or without BOM), UTF-16 with a BOM, or whatever
 *   `charset=` the Content-Type names; undecodable bytes are refused with 415, never guessed;
 * - rows with errors are reported and not created; the valid rows are created (201). A file in
 *   which no row is valid creates nothing (422). `?mode=strict` creates nothing unless every row is
 *   valid, for scripts that want all or nothing.
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

export interface CsvImportOptions {
  /** Team for rows without one. */
  teamId?: string;
  /** Shown as the items' source. */
  fileName: string;
  createdBy: string;
  strict: boolean;
}

export interface CsvImportResult {
  created: number;
  itemIds: string[];
  errors: BacklogRowError[];
}

/** Checks and imports CSV text into the live document `doc` (inside a server change). */
export function importCsvInto(
  doc: Y.Doc,
  text: string,
  options: CsvImportOptions,
): CsvImportResult {
  const checked = checkBacklogCsv(doc, text);
  const total = checked.rows.length + new Set(checked.errors.map((e) => e.row)).size;
  if (total > MAX_CSV_ROWS)
    throw new AppError(
      'PayloadTooLarge',
      `The file has ${total} rows; an import takes at most ${MAX_CSV_ROWS}. Split it into smaller files.`,
    );
  if (checked.rows.length === 0 || (options.strict && checked.errors.length > 0)) {
    const message =
      checked.rows.length === 0
        ? checked.errors.length === 0
          ? 'The file has no item rows'
          : 'No row of the file can be imported'
        : `${new Set(checked.errors.map((e) => e.row)).size} row(s) have errors; nothing was imported`;
    throw new AppError('ImportInvalid', message, checked.errors);
  }
  const plan = planBacklogImport(doc, checked.rows, {
    source: { kind: 'csv', name: options.fileName },
    createdBy: options.createdBy,
    ...(options.teamId ? { teamId: options.teamId } : {}),
  });
  const itemIds = applyImportPlan(doc, plan);
  return { created: itemIds.length, itemIds, errors: checked.errors };
}
