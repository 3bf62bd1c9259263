import type { FastifyError, FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError, handleError } from '../errors';
import { parseCsv } from '@weboard/shared';
import {
  MAX_CSV_BYTES,
  backlogCsvOf,
  csvFileName,
  decodeCsv,
  importRecordsInto,
} from './backlog-file';
import { BOARD_JSON_EXTENSION, boardJsonOf, importBoardJson, mergeBoardJson } from './board-json';
import { XLSX_TYPES, readWorkbook } from './spreadsheet';

const exportQuery = z.object({ format: z.enum(['csv', 'json']).default('csv') });
const importQuery = z.object({
  teamId: z.string().min(1).max(64).optional(),
  name: z.string().trim().min(1).max(200).optional(),
  mode: z.enum(['partial', 'strict']).default('partial'),
  unknown: z.enum(['create', 'empty']).default('create'),
});

const CSV_TYPES = ['text/csv', 'application/csv', 'text/comma-separated-values'];

/**
 * Largest board file (JSON) accepted: it carries its images as base64, so it is allowed well past
 * the REST body limit, and past twice the image limit whatever that is set to.
 */
export function maxBoardFileBytes(maxImageBytes: number): number {
  return Math.max(64 * 1024 * 1024, 2 * maxImageBytes);
}

function fileTooLarge(limit: number): AppError {
  return new AppError(
    'PayloadTooLarge',
    `The file is larger than ${Math.round(limit / 1024 / 1024)} MB; split it into smaller files`,
  );
}

/**
 * `GET /api/boards/:id/export?format=…` and `POST /api/boards/:id/import`. The format is chosen
 * by the query (export) or the Content-Type (import); each format lives in its own module. A board
 * file with `?teamId=` is merged into that team's swimlane instead of replacing the board.
 */
export default async function importExportRoutes(app: FastifyInstance): Promise<void> {
  app.addContentTypeParser(
    [...CSV_TYPES, ...XLSX_TYPES],
    { parseAs: 'buffer', bodyLimit: MAX_CSV_BYTES },
    (_request, body, done) => done(null, body),
  );

  app.get<{ Params: { id: string } }>('/api/boards/:id/export', async (request, reply) => {
    const { board } = await app.access.authorize(request, request.params.id, 'viewer');
    const query = exportQuery.safeParse(request.query ?? {});
    if (!query.success)
      throw new AppError('BadRequest', 'Unknown export format; supported: format=csv, format=json');
    switch (query.data.format) {
      case 'json':
        return reply
          .type('application/json; charset=utf-8')
          .header('Content-Disposition', `attachment; filename="${jsonFileName(board.title)}"`)
          .send(await boardJsonOf(app, board));
      case 'csv': {
        const state = await app.sync.stateOf(board.id);
        return reply
          .type('text/csv; charset=utf-8')
          .header('Content-Disposition', `attachment; filename="${csvFileName(state)}"`)
          .send(backlogCsvOf(state));
      }
    }
  });

  const boardFileLimit = maxBoardFileBytes(app.config.maxImageBytes);
  app.post<{ Params: { id: string } }>('/api/boards/:id/import', {
    // The route's limit is the board file's (a spreadsheet's is checked in the handler).
    bodyLimit: boardFileLimit,
    // A body over the limit is refused before the route runs; say how big a file may be.
    errorHandler(error: FastifyError, request, reply) {
      if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        const type = (request.headers['content-type'] ?? '').toLowerCase();
        const limit = type.startsWith('application/json') ? boardFileLimit : MAX_CSV_BYTES;
        return handleError(fileTooLarge(limit), request, reply);
      }
      return handleError(error, request, reply);
    },
    handler: async (request, reply) => {
      const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (type === 'application/json' && hasTeamId(request.query)) {
        // Another board brought into one team's swimlane only adds items, as a CSV import does.
        const { board } = await app.access.authorize(request, request.params.id, 'editor');
        const query = importQuery.safeParse(request.query ?? {});
        if (!query.success || !query.data.teamId)
          throw new AppError('BadRequest', 'Invalid import options');
        const result = await mergeBoardJson(app, board, request.body, {
          teamId: query.data.teamId,
          createdBy: 'Board import',
          ...(query.data.name ? { name: query.data.name } : {}),
        });
        request.log.info({ boardId: board.id, created: result.created }, 'board merged into team');
        reply.code(201);
        return result;
      }
      if (type === 'application/json') {
        // A board file replaces the whole board, so it is the facilitator's call.
        const { board } = await app.access.authorize(request, request.params.id, 'facilitator');
        const result = await importBoardJson(app, board, request.body);
        request.log.info({ boardId: board.id, ...result }, 'board file imported');
        return { imported: result };
      }
      const { board } = await app.access.authorize(request, request.params.id, 'editor');
      const query = importQuery.safeParse(request.query ?? {});
      if (!query.success) throw new AppError('BadRequest', 'Invalid import options');
      if (CSV_TYPES.includes(type) || XLSX_TYPES.includes(type)) {
        if (!Buffer.isBuffer(request.body) || request.body.length === 0)
          throw new AppError('BadRequest', 'The file is empty');
        if (request.body.length > MAX_CSV_BYTES) throw fileTooLarge(MAX_CSV_BYTES);
        const body = request.body;
        const parsed = CSV_TYPES.includes(type)
          ? parseCsv(decodeCsv(body, request.headers['content-type']))
          : { records: await readWorkbook(body), errors: [] };
        const fallbackName = CSV_TYPES.includes(type) ? 'import.csv' : 'import.xlsx';
        const result = await app.sync.change(board.id, 'csv-import', (doc) =>
          importRecordsInto(
            doc,
            parsed.records,
            {
              fileName: query.data.name ?? fallbackName,
              createdBy: 'CSV import',
              strict: query.data.mode === 'strict',
              unknown: query.data.unknown,
              ...(query.data.teamId ? { teamId: query.data.teamId } : {}),
            },
            parsed.errors,
          ),
        );
        request.log.info(
          { boardId: board.id, created: result.created, updated: result.updated },
          'backlog imported',
        );
        reply.code(201);
        return result;
      }
      throw new AppError(
        'BadRequest',
        'Send a board file with Content-Type: application/json, a CSV file with text/csv, or an ' +
          'Excel workbook with application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
    },
  });
}

function hasTeamId(query: unknown): boolean {
  return typeof query === 'object' && query !== null && 'teamId' in query;
}

/** File name of a board file, from the board title, safe in a Content-Disposition header. */
function jsonFileName(title: string): string {
  const base =
    title
      .replace(/[^\w\- ]+/g, '')
      .trim()
      .replace(/\s+/g, '-') || 'board';
  return `${base.slice(0, 80)}.${BOARD_JSON_EXTENSION}`;
}
