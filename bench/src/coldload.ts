import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { itemsMap, updateItem } from '@weboard/shared';
import * as Y from 'yjs';
import { BenchClient, REMOTE } from './clients';
import type { RoomRef } from './clients';
import { startServer } from './servers';
import type { RunningServer, TargetName } from './servers';
import { median, sleep } from './stats';
import { seedStickies } from './workload';

/** WeBoard's per-connection rate limits, raised to their maximum for writing the history. */
const SETUP_LIMITS = {
  MAX_MESSAGES_PER_SECOND: '1000000',
  MAX_BYTES_PER_SECOND: String(1024 ** 3),
};

export interface ColdLoadResult {
  target: string;
  items: number;
  /** Updates the board's history was written as (item creations + moves). */
  historyUpdates: number;
  seedS: number;
  mergedStateKB: number;
  /** Connect → sync step 2 received, on a freshly started server (board not in memory). */
  coldMs: number[];
  coldMedianMs: number | null;
  /** Connect → the server's sync step 1 (it has decoded the board and applies edits), cold. */
  coldReadyMs: number[];
  coldReadyMedianMs: number | null;
  /** Same, for a second client while the board is loaded. */
  warmMedianMs: number | null;
  /** Y.applyUpdate(new Y.Doc(), mergedState), measured in the load generator (median). */
  floorMs: number;
  ratio: number | null;
  error?: string;
}

export interface ColdLoadOptions {
  target: TargetName;
  items: number;
  history: number;
  runs: number;
  cpus: string | null;
  log: (line: string) => void;
}

interface SyncTiming {
  /** Until the whole board arrived (first sync step 2). */
  ms: number;
  /** Until the server's own sync step 1 arrived: the server has decoded the board. */
  readyMs: number;
  state?: Uint8Array;
}

/** Time until a new client has the whole board, and until the server has it decoded. */
async function timeSync(room: RoomRef, keep: boolean): Promise<SyncTiming> {
  const client = new BenchClient({ room, protocol: 'y-websocket', connectTimeoutMs: 120_000 });
  client.keepFirstStep2 = keep;
  const start = performance.now();
  await client.connect();
  const ms = client.syncedAt! - start;
  const deadline = performance.now() + 120_000;
  while (client.serverStep1At === null && performance.now() < deadline) await sleep(2);
  const readyMs = (client.serverStep1At ?? Number.NaN) - start;
  client.close();
  await client.closed();
  return keep && client.firstStep2 ? { ms, readyMs, state: client.firstStep2 } : { ms, readyMs };
}

/**
 * WeBoard only: writes a board with `items` items as a history of `history` small updates through
 * the real server, stops it, then times how long a client takes to get the board from a freshly
 * started server (cold: loaded from SQLite) against the in-process decode floor of the same state.
 */
export async function measureColdLoad(options: ColdLoadOptions): Promise<ColdLoadResult> {
  const { target, items, history, runs, cpus, log } = options;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'weboard-bench-cold-'));
  const result: ColdLoadResult = {
    target,
    items,
    historyUpdates: 0,
    seedS: 0,
    mergedStateKB: 0,
    coldMs: [],
    coldMedianMs: null,
    coldReadyMs: [],
    coldReadyMedianMs: null,
    warmMedianMs: null,
    floorMs: 0,
    ratio: null,
  };
  let server: RunningServer | null = null;
  try {
    // 1. History: one update per created item, then moves of random items, sent in batches with a
    // round trip after each so the server's queue stays bounded.
    // Writing the history is set-up, not what is measured: this one server instance gets its
    // per-connection rate limits lifted so 100k updates can go through one connection quickly.
    // The cold loads below run with default settings.
    server = await startServer(target, { cpus, dataDir, env: SETUP_LIMITS });
    const port = server.port;
    const room = await server.createRoom('cold');
    const doc = new Y.Doc();
    const writer = new BenchClient({ room, protocol: 'y-websocket', doc });
    let pending = 0;
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === REMOTE) return;
      writer.sendUpdate(update);
      result.historyUpdates++;
      pending++;
    });
    await writer.connect();
    const seedStart = performance.now();
    const flushBatch = async () => {
      if (pending >= 1000) {
        pending = 0;
        await writer.barrier(120_000);
      }
    };
    const ids: string[] = [];
    for (let i = 0; i < items; i++) {
      ids.push(...seedStickies(doc, 1, 'c', i));
      await flushBatch();
    }
    const moves = Math.max(0, history - items);
    for (let m = 0; m < moves; m++) {
      const id = ids[(m * 7919) % ids.length]!;
      updateItem(doc, id, { x: 1000 + m, y: 1000 - m });
      await flushBatch();
    }
    await writer.barrier(120_000);
    result.seedS = (performance.now() - seedStart) / 1000;
    log(`  wrote ${result.historyUpdates} updates in ${result.seedS.toFixed(1)} s`);
    writer.close();
    await writer.closed();
    // Graceful stop: WeBoard flushes open boards on SIGTERM.
    await sleep(500);
    await server.stop(30_000);

    // 2. The floor: decoding the merged state in-process (median of several runs, after warm-up).
    const merged = Y.encodeStateAsUpdate(doc);
    result.mergedStateKB = merged.byteLength / 1024;
    const floors: number[] = [];
    for (let i = 0; i < 4; i++) {
      const start = performance.now();
      Y.applyUpdate(new Y.Doc(), merged);
      const ms = performance.now() - start;
      if (i > 0) floors.push(ms);
    }
    result.floorMs = median(floors);

    // 3. Cold loads: fresh server on the same data directory, first client's time to synced.
    const warm: number[] = [];
    for (let run = 0; run < runs; run++) {
      server = await startServer(target, { cpus, dataDir, port });
      await sleep(300);
      const cold = await timeSync(room, run === 0);
      result.coldMs.push(cold.ms);
      result.coldReadyMs.push(cold.readyMs);
      if (cold.state) {
        const check = new Y.Doc();
        Y.applyUpdate(check, cold.state);
        const count = itemsMap(check).size;
        if (count !== items) throw new Error(`reloaded board holds ${count} items, not ${items}`);
      }
      warm.push((await timeSync(room, false)).ms);
      log(
        `  cold load ${run + 1}/${runs}: ${cold.ms.toFixed(1)} ms (server ready ${cold.readyMs.toFixed(1)} ms)`,
      );
      await server.stop(30_000);
      server = null;
    }
    result.coldMedianMs = median(result.coldMs);
    result.coldReadyMedianMs = median(result.coldReadyMs);
    result.warmMedianMs = median(warm);
    result.ratio = result.coldMedianMs / result.floorMs;
  } catch (err) {
    result.error = err instanceof Error ? err.message : String(err);
  } finally {
    await server?.stop(5_000);
    rmSync(dataDir, { recursive: true, force: true });
  }
  return result;
}
