import { loadavg } from 'node:os';
import { addItem, itemsMap, makeSticky, newItemId, updateItem } from '@weboard/shared';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { BenchClient, REMOTE, connectAll } from './clients';
import { makeMarker, scanMarkers } from './marker';
import type { MarkerSink, Phase } from './marker';
import { rssSampler, windowMeter } from './proc';
import type { RunningServer } from './servers';
import { Samples, sleep } from './stats';
import type { LatencySummary } from './stats';
import { seedStickies } from './workload';

/*
 * `pnpm bench:people`: N people on one board, the way a big planning session looks (see
 * bench/README.md). Every person has presence; 30 % move their pointer at 20 Hz; 10 % edit once a
 * second. People are lightweight protocol clients (BenchClient) that send what the stock
 * providers send:
 *  - y-websocket protocol (WeBoard, @y/websocket-server): y-websocket's `WebsocketProvider`
 *    applies every awareness message it receives and, for the entries whose clock advanced, sends
 *    `encodeAwarenessUpdate(awareness, changed)` straight back (its awareness 'update' handler
 *    does not look at the origin). The model does exactly that, byte for byte: it re-sends the
 *    advanced entries of each message it receives as one awareness message.
 *  - Hocuspocus: `HocuspocusProvider` skips updates it applied itself (origin check), so people
 *    there send only their own presence.
 * Both providers renew their own unchanged presence every 15 s (y-protocols awareness), which
 * keeps the still people alive on the servers; the model does the same.
 */

/** Awareness client ids are BASE_CLIENT_ID + person index. */
const BASE_CLIENT_ID = 100_000;
const MOVE_HZ = 20;
const EDIT_HZ = 1;
/** y-protocols awareness renews an unchanged local state after outdatedTimeout / 2. */
const RENEW_MS = 15_000;
/** Cursor states remembered per mover, by clock: far more than any latency we measure. */
const RING = 1024;
/** People per team; teams sit side by side on the board, each person looking at their team. */
const TEAM_SIZE = 7;
const TEAM_W = 2400;
const TEAM_H = 1500;
const VIEW_W = 1600;
const VIEW_H = 1000;
const COLORS = ['#e07a5f', '#3d405b', '#81b29a', '#f2cc8f', '#6d597a', '#355070', '#b56576'];

export interface PeopleTiming {
  warmupS: number;
  durationS: number;
  /** After the movers stop: how long everyone's newest state has to reach everyone. */
  settleS: number;
  /** Stickies on the board before people join. */
  items: number;
}

export interface PeopleResult {
  target: string;
  n: number;
  movers: number;
  editors: number;
  /** Cursor updates sent during the measured window. */
  cursorSent: number;
  /** Sender → receiver latency of cursor states, for receivers whose viewport holds the cursor. */
  cursorMs: LatencySummary;
  cursorSamples: number;
  editSent: number;
  editExpected: number;
  editReceived: number;
  editDeliveredPct: number;
  editMs: LatencySummary;
  /** (receiver, person) pairs where the receiver holds the person's newest presence after the settle window. */
  presencePairs: number;
  presenceDelivered: number;
  presenceDeliveredPct: number;
  /** How long after the movers stopped everyone had everyone's newest state (null: not within the settle window). */
  settleMs: number | null;
  /** Unexpected closes during the run, by close code. */
  closes: Record<string, number>;
  serverCpuPct: number | null;
  serverRssMB: number | null;
  serverRssPeakMB: number | null;
  /** Bytes the server sent to all people per second in the window (payload bytes, as received). */
  bytesOutPerS: number;
  bytesOutPerPersonPerS: number;
  /** Bytes all people sent to the server per second (their own presence, echoes, edits). */
  bytesInPerS: number;
  framesOutPerS: number;
  genCpuPct: number;
  genLagMs: { p50: number; p99: number; max: number };
  otherCpuPct: number | null;
  /** os.loadavg() at the start and at the end of the measured window. */
  loadBefore: number[];
  loadDuring: number[];
  connectS: number;
  skippedMoves: number;
  error?: string;
}

const MB = 1024 * 1024;

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Everything the run knows about one person (sender side and receiver side). */
interface Person {
  index: number;
  clientId: number;
  mover: boolean;
  editor: boolean;
  team: number;
  viewport: Box;
  client: BenchClient;
  /** Clock of this person's latest own presence. */
  clock: number;
  /** Receiver side: newest clock seen of every person (0: none yet). */
  known: Int32Array;
  /** Editors: their document and the sticky they move. */
  doc?: Y.Doc;
  itemId?: string;
  lastOwnSendAt: number;
  /** Mover side: send time and cursor of each clock, ring-indexed. */
  sentAt?: Float64Array;
  sentClock?: Int32Array;
  sentX?: Float64Array;
  sentY?: Float64Array;
}

/** The state a person shares, ~200 bytes as WeBoard's client shapes it, send time included. */
function presenceJson(p: Person, x: number, y: number, sentAt: number): string {
  const v = p.viewport;
  return (
    `{"user":{"name":"Person ${p.index}","color":"${COLORS[p.team % COLORS.length]}","role":"editor"},` +
    `"teamId":"team-${p.team}","cursor":{"x":${x.toFixed(1)},"y":${y.toFixed(1)}},` +
    `"selection":[],"viewport":{"x":${v.x},"y":${v.y},"w":${v.w},"h":${v.h}},"sentAt":${sentAt.toFixed(3)}}`
  );
}

export function encodeEntry(clientId: number, clock: number, json: string): Uint8Array {
  const enc = encoding.createEncoder();
  encoding.writeVarUint(enc, 1);
  encoding.writeVarUint(enc, clientId);
  encoding.writeVarUint(enc, clock);
  encoding.writeVarString(enc, json);
  return encoding.toUint8Array(enc);
}

/**
 * Walks an encoded awareness update (y-protocols `encodeAwarenessUpdate` bytes). `visit` sees each
 * entry and says whether it advanced what the receiver knew (a new client, or a newer clock).
 * With `echo`, returns what y-websocket's `WebsocketProvider` sends back after applying such a
 * message: one awareness update holding exactly the advanced entries (its awareness 'update'
 * handler re-encodes the changed clients whatever the origin), or null when nothing advanced.
 */
export function walkAwareness(
  payload: Uint8Array,
  visit: (clientId: number, clock: number) => boolean,
  echo: boolean,
): Uint8Array | null {
  const decoder = decoding.createDecoder(payload);
  const count = decoding.readVarUint(decoder);
  let advanced: Uint8Array[] | null = null;
  for (let e = 0; e < count; e++) {
    const entryStart = decoder.pos;
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    // The state (JSON) is skipped, not decoded: the generator must stay cheaper than the servers.
    const length = decoding.readVarUint(decoder);
    decoder.pos += length;
    if (visit(clientId, clock) && echo)
      (advanced ??= []).push(payload.subarray(entryStart, decoder.pos));
  }
  if (!advanced) return null;
  const enc = encoding.createEncoder();
  encoding.writeVarUint(enc, advanced.length);
  for (const entry of advanced) encoding.writeUint8Array(enc, entry);
  return encoding.toUint8Array(enc);
}

function layout(n: number): { team: number; viewport: Box }[] {
  const teams = Math.max(1, Math.ceil(n / TEAM_SIZE));
  const cols = Math.ceil(Math.sqrt(teams));
  return Array.from({ length: n }, (_, i) => {
    const team = i % teams;
    const ax = (team % cols) * TEAM_W;
    const ay = Math.floor(team / cols) * TEAM_H;
    // Each person looks at their team's area, a little off its centre (deterministic jitter).
    const jx = ((i * 7919) % 400) - 200;
    const jy = ((i * 104729) % 300) - 150;
    return {
      team,
      viewport: {
        x: ax + (TEAM_W - VIEW_W) / 2 + jx,
        y: ay + (TEAM_H - VIEW_H) / 2 + jy,
        w: VIEW_W,
        h: VIEW_H,
      },
    };
  });
}

const inside = (v: Box, x: number, y: number): boolean =>
  x >= v.x && x <= v.x + v.w && y >= v.y && y <= v.y + v.h;

class EditSink implements MarkerSink {
  now = 0;
  constructor(
    private readonly self: number,
    private readonly run: { phase: Phase; editReceived: number; editSamples: Samples },
  ) {}
  marker(measured: boolean, writer: number, sentAt: number): void {
    if (!measured || writer === this.self) return;
    this.run.editReceived++;
    this.run.editSamples.push(this.now - sentAt);
  }
}

export async function runPeople(
  server: RunningServer,
  n: number,
  timing: PeopleTiming,
  log: (line: string) => void,
): Promise<PeopleResult> {
  const protocol = server.info.protocol;
  // Only the stock y-websocket provider echoes (see the comment at the top).
  const echoes = protocol === 'y-websocket';
  const result: PeopleResult = {
    target: server.info.name,
    n,
    movers: 0,
    editors: 0,
    cursorSent: 0,
    cursorMs: { p50: null, p95: null, p99: null, max: null, mean: null },
    cursorSamples: 0,
    editSent: 0,
    editExpected: 0,
    editReceived: 0,
    editDeliveredPct: 0,
    editMs: { p50: null, p95: null, p99: null, max: null, mean: null },
    presencePairs: 0,
    presenceDelivered: 0,
    presenceDeliveredPct: 0,
    settleMs: null,
    closes: {},
    serverCpuPct: null,
    serverRssMB: null,
    serverRssPeakMB: null,
    bytesOutPerS: 0,
    bytesOutPerPersonPerS: 0,
    bytesInPerS: 0,
    framesOutPerS: 0,
    genCpuPct: 0,
    genLagMs: { p50: 0, p99: 0, max: 0 },
    otherCpuPct: null,
    loadBefore: loadavg(),
    loadDuring: [],
    connectS: 0,
    skippedMoves: 0,
  };
  const run = {
    phase: 'w' as Phase,
    cursorSamples: new Samples(),
    editSamples: new Samples(),
    editReceived: 0,
    /** performance.now() when the measured window began: earlier cursor states are not sampled. */
    windowStart: Infinity,
    cursorSent: 0,
    editSent: 0,
    skipped: 0,
  };
  const people: Person[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let running = true;
  const connectStart = performance.now();
  try {
    const room = await server.createRoom(`people-${n}`);

    // The board: stickies seeded by a client that leaves before the people join.
    const seedDoc = new Y.Doc();
    const seeder = new BenchClient({ room, protocol, doc: seedDoc });
    seedDoc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== REMOTE) seeder.sendUpdate(update);
    });
    await seeder.connect();
    seedStickies(seedDoc, timing.items, 'people ');
    await seeder.barrier();

    const places = layout(n);
    const byClientId = (clientId: number): number => {
      const index = clientId - BASE_CLIENT_ID;
      return index >= 0 && index < n ? index : -1;
    };

    for (let i = 0; i < n; i++) {
      const place = places[i]!;
      // Spread over the teams: 3 in 10 move, 1 in 10 edits.
      const mover = [0, 3, 6].includes(i % 10);
      const editor = i % 10 === 9;
      const clientId = BASE_CLIENT_ID + i;
      const doc = editor ? new Y.Doc() : undefined;
      if (doc) doc.clientID = clientId;
      const known = new Int32Array(n);
      const sink = new EditSink(i, run);
      const person: Person = {
        index: i,
        clientId,
        mover,
        editor,
        team: place.team,
        viewport: place.viewport,
        clock: 0,
        known,
        lastOwnSendAt: 0,
        client: undefined as unknown as BenchClient,
        ...(doc ? { doc } : {}),
        ...(mover
          ? {
              sentAt: new Float64Array(RING),
              sentClock: new Int32Array(RING).fill(-1),
              sentX: new Float64Array(RING),
              sentY: new Float64Array(RING),
            }
          : {}),
      };
      const onAwareness = (frame: Buffer, start: number, end: number): void => {
        const now = performance.now();
        const visit = (clientId: number, clock: number): boolean => {
          const from = byClientId(clientId);
          if (from < 0 || from === i || clock <= known[from]!) return false;
          known[from] = clock;
          const sender = people[from];
          if (run.phase === 'm' && sender?.sentClock) {
            const slot = clock % RING;
            if (
              sender.sentClock[slot] === clock &&
              sender.sentAt![slot]! >= run.windowStart &&
              inside(person.viewport, sender.sentX![slot]!, sender.sentY![slot]!)
            ) {
              run.cursorSamples.push(now - sender.sentAt![slot]!);
            }
          }
          return true;
        };
        const echo = walkAwareness(frame.subarray(start, end), visit, echoes);
        if (echo) person.client.sendAwareness(echo);
      };
      person.client = new BenchClient({
        room,
        protocol,
        ...(doc ? { doc, applyBoard: false } : {}),
        // What the providers do on open: send their own presence.
        onOpen: () => sendOwn(person),
        onAwareness,
        onFrame: (frame) => {
          sink.now = performance.now();
          scanMarkers(frame, sink);
        },
        onDrop: (code) => {
          result.closes[String(code)] = (result.closes[String(code)] ?? 0) + 1;
        },
        connectTimeoutMs: 120_000,
      });
      if (doc) {
        doc.on('update', (update: Uint8Array, origin: unknown) => {
          if (origin !== REMOTE) person.client.sendUpdate(update);
        });
      }
      people.push(person);
    }
    result.movers = people.filter((p) => p.mover).length;
    result.editors = people.filter((p) => p.editor).length;

    function cursorOf(p: Person, step: number): { x: number; y: number } {
      const v = p.viewport;
      const a = step / 15 + p.index;
      return {
        x: v.x + v.w / 2 + (v.w / 2 - 40) * Math.cos(a),
        y: v.y + v.h / 2 + (v.h / 2 - 40) * Math.sin(a * 1.3),
      };
    }

    function sendOwn(p: Person, step = 0): void {
      p.clock += 1;
      const now = performance.now();
      const { x, y } = cursorOf(p, step);
      if (p.sentClock) {
        const slot = p.clock % RING;
        p.sentClock[slot] = p.clock;
        p.sentAt![slot] = now;
        p.sentX![slot] = x;
        p.sentY![slot] = y;
      }
      p.lastOwnSendAt = now;
      p.client.sendAwareness(
        encodeEntry(p.clientId, p.clock, presenceJson(p, x, y, performance.timeOrigin + now)),
      );
    }

    // Seeder leaves; people join (the stock providers connect as fast as the server lets them).
    seeder.close();
    await seeder.closed();
    await connectAll(
      people.map((p) => p.client),
      16,
    );
    // Editors add their own sticky, then move it with a marker once a second.
    for (const p of people.filter((q) => q.doc)) {
      const id = newItemId();
      addItem(
        p.doc!,
        makeSticky(
          {
            id,
            x: p.viewport.x + 100,
            y: p.viewport.y + 100,
            z: `p${p.index}`,
            createdBy: `person ${p.index}`,
          },
          1_700_000_000_000,
        ),
      );
      p.itemId = id;
    }
    await Promise.all(people.filter((p) => p.doc).map((p) => p.client.barrier(120_000)));
    result.connectS = (performance.now() - connectStart) / 1000;
    log(
      `  ${n} people joined in ${result.connectS.toFixed(1)} s (${result.movers} moving, ${result.editors} editing)`,
    );

    // Open loop, random phases; a sender more than one period behind skips rather than bursts.
    const every = (periodMs: number, fn: (step: number) => void): void => {
      let next = performance.now() + Math.random() * periodMs;
      let step = 0;
      const tick = () => {
        timers.delete(timer);
        if (!running) return;
        const now = performance.now();
        if (now - next > periodMs) {
          const missed = Math.floor((now - next) / periodMs);
          run.skipped += missed;
          next += missed * periodMs;
          step += missed;
        }
        fn(++step);
        next += periodMs;
        timer = setTimeout(tick, Math.max(0, next - performance.now()));
        timers.add(timer);
      };
      let timer = setTimeout(tick, Math.max(0, next - performance.now()));
      timers.add(timer);
    };
    for (const p of people) {
      if (p.mover) {
        every(1000 / MOVE_HZ, (step) => {
          if (!p.client.open) return;
          sendOwn(p, step);
          if (run.phase === 'm') run.cursorSent++;
        });
      }
      if (p.doc) {
        const item = itemsMap(p.doc).get(p.itemId!)!;
        every(1000 / EDIT_HZ, (step) => {
          if (!p.client.open) return;
          const phase = run.phase;
          const sentAt = performance.now();
          p.doc!.transact(() => {
            updateItem(p.doc!, p.itemId!, { x: p.viewport.x + 100 + (step % 50) * 4 });
            item.set('bm', makeMarker(phase, p.index, sentAt));
          });
          if (phase === 'm') run.editSent++;
        });
      }
    }
    // Everyone's provider renews its own presence when it has not changed for 15 s.
    const renew = setInterval(() => {
      const now = performance.now();
      for (const p of people) {
        if (p.client.open && now - p.lastOwnSendAt >= RENEW_MS) sendOwn(p);
      }
    }, 3000);
    timers.add(renew as unknown as NodeJS.Timeout);

    await sleep(timing.warmupS * 1000);

    // Measured window.
    run.phase = 'm';
    run.skipped = 0;
    const bytesIn0 = people.reduce((sum, p) => sum + p.client.bytesIn, 0);
    const bytesOut0 = people.reduce((sum, p) => sum + p.client.bytesOut, 0);
    const frames0 = people.reduce((sum, p) => sum + p.client.framesIn, 0);
    const rss = rssSampler(server.pid);
    const meter = windowMeter(server.pid);
    const windowStart = performance.now();
    run.windowStart = windowStart;
    result.loadBefore = loadavg();
    await sleep(timing.durationS * 1000);
    // Movers and editors stop; what each person sent last is their newest state.
    running = false;
    for (const t of timers) clearTimeout(t);
    clearInterval(renew);
    timers.clear();
    const stoppedAt = performance.now();
    const windowS = (stoppedAt - windowStart) / 1000;
    result.loadDuring = loadavg();
    Object.assign(result, meter.stop(windowS));
    const bytesIn = people.reduce((sum, p) => sum + p.client.bytesIn, 0) - bytesIn0;
    const bytesOut = people.reduce((sum, p) => sum + p.client.bytesOut, 0) - bytesOut0;
    const frames = people.reduce((sum, p) => sum + p.client.framesIn, 0) - frames0;
    result.bytesOutPerS = bytesIn / windowS;
    result.bytesOutPerPersonPerS = result.bytesOutPerS / n;
    result.bytesInPerS = bytesOut / windowS;
    result.framesOutPerS = frames / windowS;
    result.cursorSent = run.cursorSent;
    result.editSent = run.editSent;
    result.editExpected = run.editSent * (n - 1);
    result.skippedMoves = run.skipped;

    // Settle: everyone's newest presence must reach everyone (far cursors may come at a low rate).
    const delivered = (): number => {
      let count = 0;
      for (const receiver of people) {
        for (const person of people) {
          if (person !== receiver && receiver.known[person.index]! >= person.clock) count++;
        }
      }
      return count;
    };
    result.presencePairs = n * (n - 1);
    const settleEnd = stoppedAt + timing.settleS * 1000;
    for (;;) {
      result.presenceDelivered = delivered();
      const complete =
        result.presenceDelivered === result.presencePairs &&
        run.editReceived >= result.editExpected;
      if (complete) {
        result.settleMs = performance.now() - stoppedAt;
        break;
      }
      if (performance.now() >= settleEnd) break;
      await sleep(100);
    }
    run.phase = 'w';
    rss.stop();
    const peak = rss.peak();
    result.serverRssPeakMB = peak === null ? null : peak / MB;
    result.presenceDeliveredPct =
      result.presencePairs > 0 ? (result.presenceDelivered / result.presencePairs) * 100 : 100;
    result.editReceived = run.editReceived;
    result.editDeliveredPct =
      result.editExpected > 0 ? (run.editReceived / result.editExpected) * 100 : 100;
    result.cursorMs = run.cursorSamples.summary();
    result.cursorSamples = run.cursorSamples.count;
    result.editMs = run.editSamples.summary();
  } catch (err) {
    result.error = err instanceof Error ? err.message : String(err);
  } finally {
    running = false;
    for (const t of timers) clearTimeout(t);
    for (const p of people) p.client?.close();
    await Promise.all(people.map((p) => p.client?.closed()));
  }
  return result;
}

/** Whether this result keeps the room: both p99 ≤ 100 ms, ≥ 99.9 % delivered, nobody closed. */
export function holds(r: PeopleResult): boolean {
  return (
    !r.error &&
    r.cursorMs.p99 !== null &&
    r.cursorMs.p99 <= 100 &&
    r.editMs.p99 !== null &&
    r.editMs.p99 <= 100 &&
    r.presenceDeliveredPct >= 99.9 &&
    r.editDeliveredPct >= 99.9 &&
    Object.keys(r.closes).length === 0
  );
}

/** The generator itself was the bottleneck: its numbers include its own queueing. */
export function generatorSaturated(r: PeopleResult): boolean {
  return r.genCpuPct >= 90 || r.genLagMs.p99 >= 50;
}
