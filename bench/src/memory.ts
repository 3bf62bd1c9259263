import * as Y from 'yjs';
import { itemsMap } from '@weboard/shared';
import { BenchClient } from './clients';
import type { RoomRef } from './clients';
import { rssBytes } from './proc';
import type { RunningServer } from './servers';
import { sleep } from './stats';
import { seedStickies } from './workload';

export interface MemoryResult {
  target: string;
  boards: number;
  itemsPerBoard: number;
  /** Size of one board's merged state (what a client downloads), for scale. */
  boardStateKB: number;
  rssBeforeMB: number | null;
  rssAfterMB: number | null;
  perBoardMB: number | null;
  error?: string;
}

const MB = 1024 * 1024;

/**
 * The content every board gets: `items` sticky notes, built once and sent as updates of
 * `chunk` items each (as a client pasting or importing them in batches would).
 */
export function buildBoardUpdates(items: number, chunk = 500): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (let done = 0; done < items; done += chunk) {
    seedStickies(doc, Math.min(chunk, items - done), 'b', done);
  }
  return updates;
}

/**
 * Opens `boards` boards on a fresh server, each holding `updates` (10k items), each kept open by
 * one connected client, and reports (RSS after − RSS before) / boards once the server is idle.
 */
export async function measureMemory(
  server: RunningServer,
  boards: number,
  itemsPerBoard: number,
  updates: Uint8Array[],
  settleMs: number,
  log: (line: string) => void,
): Promise<MemoryResult> {
  const state = Y.mergeUpdates(updates);
  const result: MemoryResult = {
    target: server.info.name,
    boards,
    itemsPerBoard,
    boardStateKB: state.byteLength / 1024,
    rssBeforeMB: null,
    rssAfterMB: null,
    perBoardMB: null,
  };
  const clients: BenchClient[] = [];
  let lastRoom: RoomRef | undefined;
  try {
    await sleep(settleMs);
    await server.collectGarbage();
    const before = rssBytes(server.pid);
    for (let b = 0; b < boards; b++) {
      const room = await server.createRoom(`mem-${b}`);
      lastRoom = room;
      // No document on this side: the client only uploads the board and keeps it open.
      const client = new BenchClient({ room, protocol: server.info.protocol });
      clients.push(client);
      await client.connect();
      for (const update of updates) client.sendUpdate(update);
      await client.barrier();
      log(`  board ${b + 1}/${boards} loaded`);
    }
    await sleep(settleMs);
    await server.collectGarbage();
    const after = rssBytes(server.pid);
    if (before !== null && after !== null) {
      result.rssBeforeMB = before / MB;
      result.rssAfterMB = after / MB;
      result.perBoardMB = (after - before) / boards / MB;
    }
    // Sanity check: a fresh client of the last board receives every item.
    if (lastRoom) {
      const doc = new Y.Doc();
      const check = new BenchClient({ room: lastRoom, protocol: server.info.protocol, doc });
      await check.connect();
      check.close();
      const count = itemsMap(doc).size;
      if (count !== itemsPerBoard)
        throw new Error(`a board holds ${count} items, not ${itemsPerBoard}`);
    }
  } catch (err) {
    result.error = err instanceof Error ? err.message : String(err);
  } finally {
    for (const c of clients) c.close();
    await Promise.all(clients.map((c) => c.closed()));
  }
  return result;
}
