import {
  BOARD_FILE_MAPS,
  boardFileToDoc,
  exportBoardFile,
  parseBoardFile,
  reconcileBoard,
} from '@weboard/shared';
import type { FastifyInstance } from 'fastify';
import * as Y from 'yjs';
import { AppError } from '../errors';
import type { BoardRecord } from '../storage/board-store';
import { saveSnapshot } from './snapshots';

/*
 * The JSON board file (format and version documented in shared/src/doc/board-file.ts and the
 * README). Import makes the board equal to the file as one change, after an automatic snapshot, so
 * it can be undone like a restore; a file that does not parse changes nothing.
 */

/** File name suffix of a board file. */
export const BOARD_JSON_EXTENSION = 'weboard.json';

/** The board as a pretty-printed board file. */
export async function boardJsonOf(app: FastifyInstance, board: BoardRecord): Promise<string> {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, await app.sync.stateOf(board.id));
    return JSON.stringify(exportBoardFile(doc), null, 2);
  } finally {
    doc.destroy();
  }
}

/** Makes the board equal to the file in `body`; a 400 AppError, and no change, when it is not valid. */
export async function importBoardJson(
  app: FastifyInstance,
  board: BoardRecord,
  body: unknown,
): Promise<{ format: 'json'; items: number }> {
  const parsed = parseBoardFile(body);
  if (!parsed.ok) throw new AppError('BadRequest', `Cannot import this file: ${parsed.error}`);
  const target = boardFileToDoc(parsed.file);
  try {
    await saveSnapshot(app, board.id, {
      name: 'Before import',
      kind: 'auto',
      author: '',
      state: await app.sync.stateOf(board.id),
    });
    await app.sync.change(board.id, 'import', (doc) =>
      reconcileBoard(doc, target, { only: BOARD_FILE_MAPS }),
    );
  } finally {
    target.destroy();
  }
  return { format: 'json', items: parsed.file.items.length };
}
