import {
  addItems,
  indicesBetween,
  makeConnector,
  makeFrame,
  makeShape,
  makeSticky,
  makeText,
} from '@weboard/shared';
import type { BoardItem } from '@weboard/shared';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

/** Items per block: a frame around 30 stickies, 8 shapes, 5 texts and 6 connectors. */
const BLOCK_ITEMS = 50;
const CELL = 240;
const COLUMNS = 7;
const BLOCK_SIZE = COLUMNS * CELL + 160;
const COLORS = ['yellow', 'orange', 'red', 'pink', 'violet', 'blue', 'green'] as const;
const KINDS = ['rect', 'ellipse', 'diamond'] as const;

/** A board of `count` mixed items laid out in framed blocks, bottom first (frames under content). */
export function boardItems(count: number): BoardItem[] {
  const blocks = Math.ceil(count / BLOCK_ITEMS);
  const perRow = Math.ceil(Math.sqrt(blocks));
  const keys = indicesBetween(null, null, count);
  const items: BoardItem[] = [];
  const base = { createdBy: 'bench' };
  for (let b = 0; b < blocks && items.length < count; b++) {
    const ox = (b % perRow) * (BLOCK_SIZE + 200);
    const oy = Math.floor(b / perRow) * (BLOCK_SIZE + 200);
    const z = () => keys[items.length]!;
    items.push(
      makeFrame({
        ...base,
        id: `f${b}`,
        z: z(),
        x: ox,
        y: oy,
        w: BLOCK_SIZE,
        h: BLOCK_SIZE,
        title: `Team ${b}`,
      }),
    );
    const boxes: string[] = [];
    for (let slot = 0; slot < 43 && items.length < count; slot++) {
      const x = ox + 80 + (slot % COLUMNS) * CELL;
      const y = oy + 80 + Math.floor(slot / COLUMNS) * CELL;
      const id = `i${b}-${slot}`;
      const color = COLORS[(b + slot) % COLORS.length]!;
      if (slot < 30) {
        const text = `Story ${b}.${slot}: as a user I want the board to stay smooth`;
        items.push(makeSticky({ ...base, id, z: z(), x, y, color, text }));
        boxes.push(id);
      } else if (slot < 38) {
        const kind = KINDS[slot % KINDS.length]!;
        items.push(makeShape({ ...base, id, z: z(), x, y, w: 180, h: 120, kind, color }));
        boxes.push(id);
      } else {
        items.push(makeText({ ...base, id, z: z(), x, y, text: `Note ${b}.${slot}` }));
      }
    }
    for (let c = 0; c < 6 && items.length < count; c++) {
      const from = boxes[c * 2];
      const to = boxes[c * 2 + 8];
      if (!from || !to) break;
      items.push(
        makeConnector({
          ...base,
          id: `c${b}-${c}`,
          z: z(),
          from: { itemId: from, x: 0, y: 0 },
          to: { itemId: to, x: 0, y: 0 },
        }),
      );
    }
  }
  return items;
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
