import { randomBytes } from 'node:crypto';
import { ROLES, boardTitleValidator, initBoard } from '@weboard/shared';
import type { BoardInfo, CreateBoardResponse, Role } from '@weboard/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as Y from 'yjs';
import { z } from 'zod';
import { AppError } from '../errors';

const createBoardBody = z.object({ title: boardTitleValidator });

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
    const { title } = parsed.data;

    const doc = new Y.Doc();
    initBoard(doc, title);
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
