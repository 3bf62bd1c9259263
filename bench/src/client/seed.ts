import { addItems, indicesBetween, makeSticky } from '@weboard/shared';
import type { BoardItem } from '@weboard/shared';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { noteGrid } from './grid';

/** The bench grid (grid.ts) as WeBoard sticky notes, ids as in the grid. */
export function boardItems(count: number): BoardItem[] {
  const keys = indicesBetween(null, null, count);
  return noteGrid(count).map((note, i) =>
    makeSticky({
      id: note.id,
      z: keys[i]!,
      x: note.x,
      y: note.y,
      color: note.color.weboard,
      text: note.text,
      createdBy: 'bench',
    }),
  );
}

/** A stock y-websocket client in Node (what any script or integration would use). */
export function connect(serverUrl: string, boardId: string, token: string, doc = new Y.Doc()) {
  const provider = new WebsocketProvider(`${serverUrl.replace(/^http/, 'ws')}/sync`, boardId, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) resolve();
    else provider.once('sync', () => resolve());
  });
  return { doc, provider, synced };
}

/** Polls until `check` holds, or fails after `timeoutMs`. */
export async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Writes `count` items into the board through one client, then confirms with a second, fresh
 * client that the server holds them all (the server, not our socket buffer, is the truth).
 */
export async function seedBoard(serverUrl: string, boardId: string, token: string, count: number) {
  const writer = connect(serverUrl, boardId, token);
  await writer.synced;
  addItems(writer.doc, boardItems(count));
  const reader = connect(serverUrl, boardId, token);
  const items = reader.doc.getMap('items');
  await until(() => items.size >= count, 180_000, `${count} items on the server`);
  reader.provider.destroy();
  return writer;
}
