import { randomBytes } from 'node:crypto';
import {
  ROLES,
  TEMPLATE_IDS,
  applyTemplate,
  boardTitleValidator,
  colorValidator,
  ensureLanes,
  initBoard,
  newItemId,
  setTeam,
} from '@weboard/shared';
import type { BoardInfo, CreateBoardResponse, Role } from '@weboard/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as Y from 'yjs';
import { z } from 'zod';
import { AppError } from '../errors';

const createBoardBody = z.object({
  title: boardTitleValidator,
  /** A board template from shared/ (`program-board`, `now-next-later`, `impact-effort`, `moscow`). */
  template: z.enum(TEMPLATE_IDS).optional(),
  /** The teams taking part; a template draws a swimlane for each. */
  teams: z
    .array(z.object({ name: z.string().trim().min(1).max(100), color: colorValidator }))
    .max(20)
    .optional(),
});

/** A random, unguessable board id: 128 bits as 22 base64url characters. */
export function newBoardId(): string {
  return randomBytes(16).toString('base64url');
}

/** Turns a zod failure into a 400 with a message naming the field. */
export function badRequest(error: z.ZodError): AppError {
  const issue = error.issues[0];
  const field = issue?.path.join('.') || 'body';
  return new AppError('BadRequest', `Invalid ${field}: ${issue?.message ?? 'invalid value'}`);
}

/** Origin used in links: PUBLIC_URL when configured, otherwise what the browser used to reach us. */
export function publicBase(app: FastifyInstance, request: FastifyRequest): string {
  return app.config.publicUrl ?? `${request.protocol}://${request.host}`;
}

/** `POST /api/boards` and `GET /api/boards/:id`. */
export default async function boardRoutes(app: FastifyInstance): Promise<void> {
  app.post('/api/boards', async (request, reply): Promise<CreateBoardResponse> => {
    const parsed = createBoardBody.safeParse(request.body ?? {});
    if (!parsed.success) throw badRequest(parsed.error);
    const { title, template } = parsed.data;
    const teams = (parsed.data.teams ?? []).map((team) => ({ id: newItemId(), ...team }));

    const doc = new Y.Doc();
    initBoard(doc, title);
    if (template) applyTemplate(doc, template, teams, { createdBy: 'template' });
    else for (const team of teams) setTeam(doc, team);
    ensureLanes(doc);
    const board = await app.store.createBoard({
      id: newBoardId(),
      title,
      createdAt: new Date().toISOString(),
      initialState: Y.encodeStateAsUpdate(doc),
    });
    doc.destroy();

    const base = publicBase(app, request);
    const links = Object.fromEntries(
      ROLES.map((role) => [
        role,
        `${base}/b/${board.id}?token=${app.access.tokenFor(board, role)}`,
      ]),
    ) as Record<Role, string>;
    request.log.info({ boardId: board.id }, 'board created');
    reply.code(201);
    return { id: board.id, title: board.title, links };
  });

  app.get<{ Params: { id: string } }>('/api/boards/:id', async (request): Promise<BoardInfo> => {
    const { board, role } = await app.access.authorize(request, request.params.id, 'viewer');
    return { id: board.id, title: board.title, createdAt: board.createdAt, role };
  });
}
