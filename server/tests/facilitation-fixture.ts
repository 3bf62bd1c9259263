import { makeSticky } from '@weboard/shared';
import type { ApiError } from '@weboard/shared';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import * as Y from 'yjs';
import { connectClient, startServer, tempDir, testConfig } from './helpers';
import type { TestBoard, TestClient, TestServer } from './helpers';

/*
 * One server for a file of facilitation tests (snapshots, board files, links, promotion, locks):
 * clients connected per test and closed after it, REST calls as a role, and the board as the
 * server holds it.
 */

/** A REST error with this status and stable code. */
export function expectError(
  response: { statusCode: number; json: <T>() => T },
  status: number,
  code: string,
) {
  expect(response.statusCode).toBe(status);
  expect(response.json<ApiError>()).toEqual({ error: { code, message: expect.any(String) } });
}

/** A sticky note with this text. */
export const note = (id: string, text: string, x = 0) =>
  makeSticky({ id, x, y: 0, z: 'a0', createdBy: 'test', text }, 1);

export interface SnapshotJson {
  id: string;
  name: string;
  kind: 'named' | 'auto';
  author: string;
  createdAt: string;
  hasThumbnail: boolean;
}

/** A 1×1 transparent PNG. */
export const PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

/** Starts the server before the file's tests (two automatic snapshots kept) and stops it after. */
export function useFacilitationServer() {
  const data = tempDir();
  const clients: TestClient[] = [];
  const f = {
    server: undefined as unknown as TestServer,
    async connect(board: TestBoard, role: keyof TestBoard['tokens']) {
      const client = await connectClient(f.server.wsUrl, board.id, board.tokens[role]);
      clients.push(client);
      return client;
    },
    /** A client leaves the board (closed now, not after the test). */
    leave(client: TestClient) {
      client.destroy();
      clients.splice(clients.indexOf(client), 1);
    },
    api(method: 'GET' | 'POST' | 'DELETE', url: string, token: string, payload?: unknown) {
      return f.server.app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${token}` },
        ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
      });
    },
    async snapshots(board: TestBoard): Promise<SnapshotJson[]> {
      const response = await f.api('GET', `/api/boards/${board.id}/snapshots`, board.tokens.viewer);
      return response.json<SnapshotJson[]>();
    },
    async boardState(board: TestBoard): Promise<Y.Doc> {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, await f.server.app.sync.stateOf(board.id));
      return doc;
    },
  };

  beforeAll(async () => {
    f.server = await startServer(testConfig(data.dir, { AUTO_SNAPSHOTS_KEEP: '2' }));
  });

  afterEach(() => {
    for (const client of clients.splice(0)) client.destroy();
  });

  afterAll(async () => {
    await f.server.close();
    data.remove();
  });

  return f;
}
