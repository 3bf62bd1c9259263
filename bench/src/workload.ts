import { addItem, itemsMap, makeSticky, newItemId, updateItem } from '@weboard/shared';
import { writeFileSync } from 'node:fs';
import * as Y from 'yjs';
import { BenchClient, REMOTE, connectAll } from './clients';
import type { RoomRef } from './clients';
import { makeMarker, scanMarkers } from './marker';
import type { MarkerSink, Phase } from './marker';
import { rssSampler, windowMeter } from './proc';
import type { RunningServer } from './servers';
import { Samples, sleep } from './stats';
import type { LatencySummary } from './stats';

export interface Scenario {
  name: string;
  rooms: number;
  clients: number;
  /** Writers per room (each also receives). */
  writers: number;
  /** Updates per second per writer. */
  rate: number;
}

export const SCENARIOS: readonly Scenario[] = [
  { name: 'planning', rooms: 20, clients: 25, writers: 2, rate: 10 },
  { name: 'bigroom', rooms: 1, clients: 200, writers: 5, rate: 20 },
  { name: 'heavy', rooms: 10, clients: 20, writers: 20, rate: 4 },
  { name: 'storm', rooms: 10, clients: 30, writers: 30, rate: 10 },
];

export interface Timing {
  warmupS: number;
  durationS: number;
  drainS: number;
  /** Items on each board before the scenario starts (the writers' own items included). */
  itemsPerRoom: number;
}

export interface ScenarioResult {
  target: string;
  scenario: string;
  rooms: number;
  clientsPerRoom: number;
  writersPerRoom: number;
  ratePerWriter: number;
  /** Updates sent by writers during the measured window. */
  sent: number;
  /** sent × (clients in room − 1), summed over rooms. */
  expected: number;
  /** Deliveries of measured updates that arrived before the end of the drain period. */
  received: number;
  deliveredPct: number;
  sentPerS: number;
  deliveredPerS: number;
  latencyMs: LatencySummary;
  serverCpuPct: number | null;
  serverRssMB: number | null;
  serverRssPeakMB: number | null;
  genCpuPct: number;
  /** Event-loop delay of the generator beyond the 5 ms sampling interval. */
  genLagMs: { p50: number; p99: number; max: number };
  /** Event-loop delay of the server process during the window (beyond 5 ms sampling). */
  serverLagMs: { p50: number; p99: number; max: number } | null;
  /**
   * The server's CPU during the window per kind of thread (% of one core): its event loop, the
   * engine's background threads (JIT compilation, GC helpers) and threads it started itself
   * (worker threads such as WeBoard's storage, libuv pool). Null where /proc is missing.
   */
  serverCpuSplitPct: { loop: number; helpers: number; other: number } | null;
  /** CPU used by everything else on the machine during the window (% of one core). */
  otherCpuPct: number | null;
  /** Sends the generator skipped because it fell more than one period behind schedule. */
  skippedSends: number;
  /** Clients whose socket closed unexpectedly during the run. */
  drops: number;
  connectS: number;
  /** Which round of a `--rounds` run this is (1-based); absent in a single-round run. */
  round?: number;
  error?: string;
}

const MB = 1024 * 1024;

class Recorder {
  phase: Phase = 'w';
  received = 0;
  samples = new Samples();
  /** With BENCH_SAMPLES_OUT: each measured delivery's send time (ms, the epoch's clock). */
  sentAt: Samples | null = null;
  drops = 0;
  skipped = 0;
}

/** Marker sink of one client: counts measured deliveries from others, records their latency. */
class ReceiverSink implements MarkerSink {
  now = 0;
  constructor(
    private readonly self: number,
    private readonly rec: Recorder,
  ) {}

  marker(measured: boolean, writer: number, sentAt: number): void {
    if (!measured || writer === this.self) return;
    this.rec.received++;
    this.rec.samples.push(this.now - sentAt);
    this.rec.sentAt?.push(performance.timeOrigin + sentAt);
  }
}

function makeClient(
  room: RoomRef,
  server: RunningServer,
  rec: Recorder,
  self: number,
  doc?: Y.Doc,
  applyBoard = true,
): BenchClient {
  const sink = new ReceiverSink(self, rec);
  return new BenchClient({
    room,
    protocol: server.info.protocol,
    ...(doc ? { doc, applyBoard } : {}),
    onFrame: (frame) => {
      sink.now = performance.now();
      scanMarkers(frame, sink);
    },
    onDrop: () => {
      rec.drops++;
    },
  });
}

interface Writer {
  index: number;
  client: BenchClient;
  doc: Y.Doc;
  room: RoomState;
  /** The sticky this writer created after joining and drags for the rest of the run. */
  itemId?: string;
}

interface RoomState {
  ref: RoomRef;
  clients: BenchClient[];
  sentMeasured: number;
}

/** Board content: `count` sticky notes spread over a grid; returns their ids. */
export function seedStickies(doc: Y.Doc, count: number, prefix = '', offset = 0): string[] {
  const ids: string[] = [];
  doc.transact(() => {
    for (let n = 0; n < count; n++) {
      const i = offset + n;
      const id = newItemId();
      ids.push(id);
      addItem(
        doc,
        makeSticky(
          {
            id,
            x: (i % 100) * 220,
            y: Math.floor(i / 100) * 220,
            z: `a${i.toString(36).padStart(5, '0')}`,
            createdBy: 'bench',
            text: `${prefix}note ${i}`,
          },
          1_700_000_000_000,
        ),
      );
    }
  });
  return ids;
}

export async function runScenario(
  server: RunningServer,
  sc: Scenario,
  timing: Timing,
  log: (line: string) => void,
): Promise<ScenarioResult> {
  const rec = new Recorder();
  const rooms: RoomState[] = [];
  const writers: Writer[] = [];
  const allClients: BenchClient[] = [];
  const connectStart = performance.now();

  const result: ScenarioResult = {
    target: server.info.name,
    scenario: sc.name,
    rooms: sc.rooms,
    clientsPerRoom: sc.clients,
    writersPerRoom: sc.writers,
    ratePerWriter: sc.rate,
    sent: 0,
    expected: 0,
    received: 0,
    deliveredPct: 0,
    sentPerS: 0,
    deliveredPerS: 0,
    latencyMs: { p50: null, p95: null, p99: null, max: null, mean: null },
    serverCpuPct: null,
    serverRssMB: null,
    serverRssPeakMB: null,
    genCpuPct: 0,
    genLagMs: { p50: 0, p99: 0, max: 0 },
    otherCpuPct: null,
    serverLagMs: null,
    serverCpuSplitPct: null,
    skippedSends: 0,
    drops: 0,
    connectS: 0,
  };

  const timers = new Set<NodeJS.Timeout>();
  try {
    // 1. Rooms, each seeded with `itemsPerRoom` stickies by its first client, which stays connected
    // as writer 0 (or as a receiver when the scenario has no writers).
    for (let r = 0; r < sc.rooms; r++) {
      const ref = await server.createRoom(`${sc.name}-${r}`);
      const room: RoomState = { ref, clients: [], sentMeasured: 0 };
      rooms.push(room);
      const doc = new Y.Doc();
      const seeder = makeClient(ref, server, rec, sc.writers > 0 ? writers.length : -1, doc);
      doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin !== REMOTE) seeder.sendUpdate(update);
      });
      await seeder.connect();
      seedStickies(doc, timing.itemsPerRoom, `${sc.name} `);
      await seeder.barrier();
      room.clients.push(seeder);
      allClients.push(seeder);
      if (sc.writers > 0) writers.push({ index: writers.length, client: seeder, doc, room });
      // 2. The room's other clients; the first `writers` of them (seeder included) write.
      for (let c = 1; c < sc.clients; c++) {
        const isWriter = c < sc.writers;
        const wdoc = isWriter ? new Y.Doc() : undefined;
        const index = isWriter ? writers.length : -1;
        const client = makeClient(ref, server, rec, index, wdoc, false);
        room.clients.push(client);
        allClients.push(client);
        if (wdoc) {
          wdoc.on('update', (update: Uint8Array, origin: unknown) => {
            if (origin !== REMOTE) client.sendUpdate(update);
          });
          writers.push({ index, client, doc: wdoc, room });
        }
      }
    }
    await connectAll(allClients.filter((c) => c.syncedAt === null));
    // Each writer puts its own sticky on the board (as a person adding a note before dragging it).
    for (const w of writers) {
      const id = newItemId();
      addItem(
        w.doc,
        makeSticky(
          { id, x: 1000, y: 1000, z: `b${w.index}`, createdBy: `writer ${w.index}` },
          1_700_000_000_000,
        ),
      );
      w.itemId = id;
    }
    await Promise.all(writers.map((w) => w.client.barrier()));
    result.connectS = (performance.now() - connectStart) / 1000;
    log(
      `  ${allClients.length} clients connected in ${result.connectS.toFixed(1)} s, ${writers.length} writers`,
    );

    // 3. Load: every writer drags its own item at `rate` per second, phases staggered.
    const period = 1000 / sc.rate;
    let running = true;
    const startWriter = (w: Writer) => {
      const itemId = w.itemId!;
      const item = itemsMap(w.doc).get(itemId)!;
      let next = performance.now() + Math.random() * period;
      let seq = 0;
      const tick = () => {
        timers.delete(timer);
        if (!running) return;
        const now = performance.now();
        if (now - next > period) {
          // More than a period behind: skip the missed sends rather than burst them.
          const missed = Math.floor((now - next) / period);
          rec.skipped += missed;
          next += missed * period;
        }
        seq++;
        const phase = rec.phase;
        const sentAt = performance.now();
        w.doc.transact(() => {
          updateItem(w.doc, itemId, {
            x: 1000 + 300 * Math.cos(seq / 10),
            y: 1000 + 300 * Math.sin(seq / 10),
          });
          item.set('bm', makeMarker(phase, w.index, sentAt));
        });
        if (phase === 'm') w.room.sentMeasured++;
        next += period;
        timer = setTimeout(tick, Math.max(0, next - performance.now()));
        timers.add(timer);
      };
      let timer = setTimeout(tick, Math.max(0, next - performance.now()));
      timers.add(timer);
    };
    for (const w of writers) startWriter(w);

    await sleep(timing.warmupS * 1000);

    // 4. Measured window.
    await server.resetLag();
    rec.phase = 'm';
    rec.received = 0;
    rec.samples = new Samples();
    rec.sentAt = process.env.BENCH_SAMPLES_OUT ? new Samples() : null;
    rec.skipped = 0;
    const rss = rssSampler(server.pid);
    const meter = windowMeter(server.pid);
    const windowStart = performance.now();
    await sleep(timing.durationS * 1000);
    running = false;
    rec.phase = 'w';
    for (const t of timers) clearTimeout(t);
    timers.clear();
    const windowS = (performance.now() - windowStart) / 1000;
    Object.assign(result, meter.stop(windowS));
    const serverLag = server.lag();

    result.serverLagMs = await serverLag;
    const threadCpu = server.threadCpuMs();
    if (threadCpu) {
      const pct = (ms: number) => (ms / (windowS * 1000)) * 100;
      result.serverCpuSplitPct = {
        loop: pct(threadCpu.loop),
        helpers: pct(threadCpu.helpers),
        other: pct(threadCpu.other),
      };
    }
    for (const room of rooms) {
      result.sent += room.sentMeasured;
      result.expected += room.sentMeasured * (room.clients.length - 1);
    }

    // 5. Drain: late deliveries still count, until everything arrived or the drain period ends.
    const drainEnd = performance.now() + timing.drainS * 1000;
    while (performance.now() < drainEnd && rec.received < result.expected) await sleep(25);
    rss.stop();
    const peak = rss.peak();
    result.serverRssPeakMB = peak === null ? null : peak / MB;

    result.received = rec.received;
    result.deliveredPct = result.expected > 0 ? (rec.received / result.expected) * 100 : 100;
    result.sentPerS = result.sent / windowS;
    result.deliveredPerS = rec.received / windowS;
    result.latencyMs = rec.samples.summary();
    if (rec.sentAt) {
      // Diagnostics (BENCH_SAMPLES_OUT=dir): every measured delivery as [sent at (epoch ms), latency
      // (ms)], to see the whole distribution and line slow deliveries up with the server's GC log.
      const file = `${process.env.BENCH_SAMPLES_OUT!}/${server.info.name}-${sc.name}-${server.pid}.json`;
      writeFileSync(
        file,
        JSON.stringify({ sentAt: rec.sentAt.values(), latency: rec.samples.values() }),
      );
    }
    result.skippedSends = rec.skipped;
    result.drops = rec.drops;
  } catch (err) {
    result.error = err instanceof Error ? err.message : String(err);
  } finally {
    for (const t of timers) clearTimeout(t);
    for (const c of allClients) c.close();
    await Promise.all(allClients.map((c) => c.closed()));
  }
  return result;
}
