import { randomBytes } from 'node:crypto';
import { readItems, readMeta, reconcileBoard } from '@weboard/shared';
import type { FastifyInstance } from 'fastify';
import * as Y from 'yjs';
import { z } from 'zod';
import { AppError } from '../errors';
import type { SnapshotKind, SnapshotRecord } from '../storage/board-store';
import { badRequest } from './boards';

/** Largest thumbnail accepted (the client renders a small PNG; this leaves ample room). */
const MAX_THUMBNAIL_BYTES = 512 * 1024;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const PNG_DATA_URL = /^data:image\/png;base64,([A-Za-z0-9+/]+={0,2})$/;

const createSnapshotBody = z.object({
  name: z.string().trim().min(1).max(200),
  author: z.string().trim().max(200).optional(),
  /** A PNG as a `data:image/png;base64,…` URL (what Konva's `stage.toDataURL()` returns). */
  thumbnail: z
    .string()
    .max(Math.ceil((MAX_THUMBNAIL_BYTES * 4) / 3) + 100)
    .optional(),
});

/**
 * The optional body of a restore (and of a reveal): what the board looks like now, for the
 * automatic snapshot taken before it changes.
 */
export const restoreBody = z.object({ thumbnail: createSnapshotBody.shape.thumbnail }).optional();

/**
 * The name of the automatic snapshot taken before restoring `name`. Restoring a "Before
 * restoring …" snapshot names the original one, so names never nest.
 */
export function beforeRestoreName(name: string): string {
  let original = name;
  for (;;) {
    const inner = /^Before restoring “(.*)”$/s.exec(original);
    if (!inner) break;
    original = inner[1]!;
  }
  return `Before restoring “${original}”`;
}

/** What the API shows of a snapshot. */
export function snapshotJson(record: SnapshotRecord) {
  return {
    id: record.id,
    name: record.name,
    kind: record.kind,
    author: record.author,
    createdAt: record.createdAt,
    hasThumbnail: record.hasThumbnail,
  };
}

export function decodeThumbnail(dataUrl: string): Uint8Array {
  const match = PNG_DATA_URL.exec(dataUrl);
  const png = match ? Buffer.from(match[1]!, 'base64') : Buffer.alloc(0);
  if (png.length < 8 || PNG_SIGNATURE.some((byte, i) => png[i] !== byte)) {
    throw new AppError('BadRequest', 'Invalid thumbnail: expected a data:image/png;base64 URL');
  }
  if (png.length > MAX_THUMBNAIL_BYTES) {
    throw new AppError('BadRequest', `Invalid thumbnail: larger than ${MAX_THUMBNAIL_BYTES} bytes`);
  }
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}

/** Stores a snapshot of `state`; automatic ones beyond `AUTO_SNAPSHOTS_KEEP` are pruned. */
export async function saveSnapshot(
  app: FastifyInstance,
  boardId: string,
  fields: {
    name: string;
    kind: SnapshotKind;
    author: string;
    state: Uint8Array;
    thumbnail?: Uint8Array;
  },
): Promise<SnapshotRecord> {
  const record = {
    id: randomBytes(9).toString('base64url'),
    boardId,
    name: fields.name,
    kind: fields.kind,
    author: fields.author,
    createdAt: new Date().toISOString(),
  };
  await app.store.saveSnapshot(record, fields.state, fields.thumbnail);
  if (fields.kind === 'auto')
    await app.store.pruneAutoSnapshots(boardId, app.config.autoSnapshotsKeep);
  return { ...record, hasThumbnail: fields.thumbnail !== undefined };
}

/**
 * Snapshots of a board: save and delete (facilitator), list, read and thumbnail (any role), restore
 * (facilitator; preceded by an automatic snapshot). A board that changed is also snapshotted
 * automatically when the last person leaves it.
 */
export default async function snapshotRoutes(app: FastifyInstance): Promise<void> {
  app.sync.onBoardIdle(async ({ boardId, changed, state }) => {
    if (!changed) return;
    await saveSnapshot(app, boardId, {
      name: 'When everyone had left',
      kind: 'auto',
      author: '',
      state,
    });
  });

  // A board repaired on load keeps what it held before as an automatic snapshot, so nothing the
  // repair removed is beyond reach.
  app.sync.onBoardRepaired(async ({ boardId, before }) => {
    await saveSnapshot(app, boardId, {
      name: 'Before repair',
      kind: 'auto',
      author: '',
      state: before,
    });
  });

  app.post<{ Params: { id: string } }>('/api/boards/:id/snapshots', async (request, reply) => {
    const { board } = await app.access.authorize(request, request.params.id, 'facilitator');
    const parsed = createSnapshotBody.safeParse(request.body ?? {});
    if (!parsed.success) throw badRequest(parsed.error);
    const { name, author, thumbnail } = parsed.data;
    const record = await saveSnapshot(app, board.id, {
      name,
      kind: 'named',
      author: author ?? '',
      state: await app.sync.stateOf(board.id),
      ...(thumbnail ? { thumbnail: decodeThumbnail(thumbnail) } : {}),
    });
    request.log.info({ boardId: board.id, snapshotId: record.id }, 'snapshot saved');
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
        return {
          ...snapshotJson(snapshot.record),
          meta: readMeta(doc),
          items: readItems(doc),
          // The whole document, for clients that read it with the shared doc helpers.
          state: Buffer.from(snapshot.state).toString('base64'),
        };
      } finally {
        doc.destroy();
      }
    },
  );

  app.get<{ Params: { id: string; sid: string } }>(
    '/api/boards/:id/snapshots/:sid/thumbnail',
    async (request, reply) => {
      const { board } = await app.access.authorize(request, request.params.id, 'viewer');
      const png = await app.store.getSnapshotThumbnail(board.id, request.params.sid);
      if (!png) throw new AppError('NotFound', 'This snapshot has no thumbnail');
      return reply
        .type('image/png')
        .header('cache-control', 'private, max-age=86400, immutable')
        .send(Buffer.from(png));
    },
  );

  app.delete<{ Params: { id: string; sid: string } }>(
    '/api/boards/:id/snapshots/:sid',
    async (request, reply) => {
      const { board } = await app.access.authorize(request, request.params.id, 'facilitator');
      if (!(await app.store.deleteSnapshot(board.id, request.params.sid))) {
        throw new AppError('NotFound', 'Snapshot not found');
      }
      return reply.code(204).send();
    },
  );

  app.post<{ Params: { id: string; sid: string } }>(
    '/api/boards/:id/snapshots/:sid/restore',
    async (request) => {
      const { board } = await app.access.authorize(request, request.params.id, 'facilitator');
      const body = restoreBody.safeParse(request.body ?? undefined);
      if (!body.success) throw badRequest(body.error);
      const thumbnail = body.data?.thumbnail ? decodeThumbnail(body.data.thumbnail) : undefined;
      const snapshot = await app.store.getSnapshot(board.id, request.params.sid);
      if (!snapshot) throw new AppError('NotFound', 'Snapshot not found');
      const target = new Y.Doc();
      try {
        Y.applyUpdate(target, snapshot.state);
      } catch {
        target.destroy();
        throw new AppError('Internal', 'The stored snapshot cannot be read');
      }
      try {
        // Saved first, from the live board, so the restore can be undone by restoring it.
        const before = await saveSnapshot(app, board.id, {
          name: beforeRestoreName(snapshot.record.name),
          kind: 'auto',
          author: '',
          state: await app.sync.stateOf(board.id),
          ...(thumbnail ? { thumbnail } : {}),
        });
        await app.sync.change(board.id, 'restore', (doc) => reconcileBoard(doc, target));
        request.log.info(
          { boardId: board.id, snapshotId: snapshot.record.id },
          'snapshot restored',
        );
        return { restored: snapshotJson(snapshot.record), autoSnapshot: snapshotJson(before) };
      } finally {
        target.destroy();
      }
    },
  );
}
