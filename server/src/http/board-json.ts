import {
  BOARD_FILE_MAPS,
  applyBoardMerge,
  boardFileToDoc,
  exportBoardFile,
  parseBoardFile,
  migrateBoard,
  planBoardMerge,
  readTeams,
  reconcileBoard,
} from '@weboard/shared';
import type { FastifyInstance } from 'fastify';
import * as Y from 'yjs';
import { AppError } from '../errors';
import type { BoardRecord } from '../storage/board-store';
import { attachBlobs, storeFileBlobs } from './board-json-blobs';
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
    return JSON.stringify(await attachBlobs(app, board.id, exportBoardFile(doc)), null, 2);
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
  const target = boardFileToDoc(await storeFileBlobs(app, board.id, parsed.file));
  // A file written by an older WeBoard lands on the board as this version stores it.
  migrateBoard(target);
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

export interface BoardMergeResult {
  created: number;
  itemIds: string[];
  /** The frame wrapping the merged board (to show it). */
  frameId: string;
  teamId: string;
  source: string;
  /** Lanes of the source board this board lacks; their cards came in without a lane. */
  droppedLanes: string[];
}

/**
 * Adds another board's file into the swimlane of `teamId` (see shared/src/doc/board-merge.ts);
 * nothing on the board changes or moves. A 400 AppError, and no change, when the file or team is
 * not valid.
 */
export async function mergeBoardJson(
  app: FastifyInstance,
  board: BoardRecord,
  body: unknown,
  options: { teamId: string; name?: string; createdBy: string },
): Promise<BoardMergeResult> {
  const parsed = parseBoardFile(body);
  if (!parsed.ok) throw new AppError('BadRequest', `Cannot import this file: ${parsed.error}`);
  const file = await storeFileBlobs(app, board.id, parsed.file);
  if (file.items.length === 0) throw new AppError('BadRequest', 'The board file has no items');
  const sourceName = file.meta.title.trim() || options.name || 'board';
  return app.sync.change(board.id, 'board-merge', (doc) => {
    if (!readTeams(doc).some((t) => t.id === options.teamId))
      throw new AppError('BadRequest', `This board has no team "${options.teamId}"`);
    const plan = planBoardMerge(doc, file, {
      teamId: options.teamId,
      sourceName,
      createdBy: options.createdBy,
    });
    applyBoardMerge(doc, plan);
    return {
      created: plan.items.length + 1,
      itemIds: plan.cardIds,
      frameId: plan.frame.id,
      teamId: options.teamId,
      source: sourceName.slice(0, 200),
      droppedLanes: plan.droppedLanes,
    };
  });
}
