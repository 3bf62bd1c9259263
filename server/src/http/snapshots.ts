import { randomBytes } from 'node:crypto';
import { readItems, readMeta } from '@weboard/shared';
import type { FastifyInstance } from 'fastify';
import * as Y from 'yjs';
import { z } from 'zod';
import { AppError } from '../errors';
import type { SnapshotRecord } from '../storage/board-store';
import { badRequest } from './boards';

const createSnapshotBody = z.object({ name: z.string().trim().min(1).max(200) });

function snapshotJson(record: SnapshotRecord) {
  return { id: record.id, name: record.name, createdAt: record.createdAt };
}

/** Named snapshots of a board: create (editor), list and read (any role). Restore is still to come. */
export default async function snapshotRoutes(app: FastifyInstance): Promise<void> {
  app.post<{ Params: { id: string } }>('/api/boards/:id/snapshots', async (request, reply) => {
    const { board } = await app.access.authorize(request, request.params.id, 'editor');
    const parsed = createSnapshotBody.safeParse(request.body ?? {});
    if (!parsed.success) throw badRequest(parsed.error);
    const record: SnapshotRecord = {
      id: randomBytes(9).toString('base64url'),
      boardId: board.id,
      name: parsed.data.name,
      createdAt: new Date().toISOString(),
    };
    await app.store.saveSnapshot(record, await app.sync.stateOf(board.id));
    reply.code(201);
    return snapshotJson(record);
  });

  app.get<{ Params: { id: string } }>('/api/boards/:id/snapshots', async (request) => {
    const { board } = await app.access.authorize(request, request.params.id, 'viewer');
    return (await app.store.listSnapshots(board.id)).map(snapshotJson);
  });

  app.get<{ Params: { id: string; sid: string } }>(
    '/api/boards/:id/snapshots/:sid',
    async (request) => {
      const { board } = await app.access.authorize(request, request.params.id, 'viewer');
      const snapshot = await app.store.getSnapshot(board.id, request.params.sid);
      if (!snapshot) throw new AppError('NotFound', 'Snapshot not found');
      const doc = new Y.Doc();
      try {
        Y.applyUpdate(doc, snapshot.state);
        return { ...snapshotJson(snapshot.record), meta: readMeta(doc), items: readItems(doc) };
      } finally {
        doc.destroy();
      }
    },
  );
}
