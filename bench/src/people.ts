import { loadavg } from 'node:os';
import { addItem, itemsMap, makeSticky, newItemId, updateItem } from '@weboard/shared';
import * as Y from 'yjs';
import { BenchClient, REMOTE, connectAll } from './clients';
import type { RoomRef } from './clients';
import { makeMarker } from './marker';
import { layout } from './people-layout';
import { OpenLoops } from './people-loop';
import { makePerson, sendOwn } from './people-person';
import type { Person, RoomContext, RunState } from './people-person';
import { emptyPeopleResult } from './people-result';
import type { PeopleResult, PeopleTiming } from './people-result';
import { rssSampler, windowMeter } from './proc';
import type { RunningServer } from './servers';
import { Samples, sleep } from './stats';
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
 * One person is people-person.ts, where they sit people-layout.ts, the awareness bytes
 * people-wire.ts, the result people-result.ts.
 */

const MOVE_HZ = 20;
const EDIT_HZ = 1;
/** y-protocols awareness renews an unchanged local state after outdatedTimeout / 2. */
const RENEW_MS = 15_000;
const MB = 1024 * 1024;

/** Movers send their pointer at 20 Hz, editors move their sticky with a marker once a second, everyone renews. */
function startSending(people: Person[], loops: OpenLoops, run: RunState): void {
  for (const p of people) {
    if (p.mover) {
      loops.every(1000 / MOVE_HZ, (step) => {
        if (!p.client.open) return;
        sendOwn(p, step);
        if (run.phase === 'm') run.cursorSent++;
      });
    }
    if (p.doc) {
      const item = itemsMap(p.doc).get(p.itemId!)!;
      loops.every(1000 / EDIT_HZ, (step) => {
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
  loops.interval(3000, () => {
    const now = performance.now();
    for (const p of people) {
      if (p.client.open && now - p.lastOwnSendAt >= RENEW_MS) sendOwn(p);
    }
  });
}

/** The board: stickies seeded by a client that must leave before the people join. */
async function seedBoard(
  room: RoomRef,
  protocol: RoomContext['protocol'],
  items: number,
): Promise<BenchClient> {
  const seedDoc = new Y.Doc();
  const seeder = new BenchClient({ room, protocol, doc: seedDoc });
  seedDoc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== REMOTE) seeder.sendUpdate(update);
  });
  await seeder.connect();
  seedStickies(seedDoc, items, 'people ');
  await seeder.barrier();
  return seeder;
}

/** Editors add their own sticky (the one they will move). */
function addEditorStickies(people: Person[]): void {
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
}

/** (receiver, person) pairs where the receiver holds the person's newest presence. */
function delivered(people: Person[]): number {
  let count = 0;
  for (const receiver of people) {
    for (const person of people) {
      if (person !== receiver && receiver.known[person.index]! >= person.clock) count++;
    }
  }
  return count;
}

const traffic = (people: Person[]) => ({
  bytesIn: people.reduce((sum, p) => sum + p.client.bytesIn, 0),
  bytesOut: people.reduce((sum, p) => sum + p.client.bytesOut, 0),
  frames: people.reduce((sum, p) => sum + p.client.framesIn, 0),
});

/** Runs N people against one server: join, warm up, measure, settle. Errors land in `error`. */
export async function runPeople(
  server: RunningServer,
  n: number,
  timing: PeopleTiming,
  log: (line: string) => void,
): Promise<PeopleResult> {
  const protocol = server.info.protocol;
  const result = emptyPeopleResult(server.info.name, n);
  const run: RunState = {
    phase: 'w',
    cursorSamples: new Samples(),
    editSamples: new Samples(),
    editReceived: 0,
    windowStart: Infinity,
    cursorSent: 0,
    editSent: 0,
  };
  const people: Person[] = [];
  const loops = new OpenLoops();
  const connectStart = performance.now();
  try {
    const room = await server.createRoom(`people-${n}`);
    const seeder = await seedBoard(room, protocol, timing.items);
    const ctx: RoomContext = {
      room,
      protocol,
      n,
      echoes: protocol === 'y-websocket',
      people,
      run,
      result,
    };
    layout(n).forEach((place, i) => people.push(makePerson(i, place, ctx)));
    result.movers = people.filter((p) => p.mover).length;
    result.editors = people.filter((p) => p.editor).length;

    // Seeder leaves; people join (the stock providers connect as fast as the server lets them).
    seeder.close();
    await seeder.closed();
    await connectAll(
      people.map((p) => p.client),
      16,
    );
    addEditorStickies(people);
    await Promise.all(people.filter((p) => p.doc).map((p) => p.client.barrier(120_000)));
    result.connectS = (performance.now() - connectStart) / 1000;
    log(
      `  ${n} people joined in ${result.connectS.toFixed(1)} s (${result.movers} moving, ${result.editors} editing)`,
    );

    startSending(people, loops, run);
    await sleep(timing.warmupS * 1000);

    // Measured window.
    run.phase = 'm';
    loops.skipped = 0;
    const before = traffic(people);
    const rss = rssSampler(server.pid);
    const meter = windowMeter(server.pid);
    // Profiling (BENCH_SERVER_PROF): marks the window in the server's profile clock.
    if (process.env.BENCH_SERVER_PROF) await server.resetLag();
    const windowStart = performance.now();
    run.windowStart = windowStart;
    result.loadBefore = loadavg();
    await sleep(timing.durationS * 1000);
    // Movers and editors stop; what each person sent last is their newest state.
    loops.stop();
    const stoppedAt = performance.now();
    if (process.env.BENCH_SERVER_PROF) await server.lag();
    const windowS = (stoppedAt - windowStart) / 1000;
    result.loadDuring = loadavg();
    Object.assign(result, meter.stop(windowS));
    const after = traffic(people);
    result.bytesOutPerS = (after.bytesIn - before.bytesIn) / windowS;
    result.bytesOutPerPersonPerS = result.bytesOutPerS / n;
    result.bytesInPerS = (after.bytesOut - before.bytesOut) / windowS;
    result.framesOutPerS = (after.frames - before.frames) / windowS;
    result.cursorSent = run.cursorSent;
    result.editSent = run.editSent;
    result.editExpected = run.editSent * (n - 1);
    result.skippedMoves = loops.skipped;

    // Settle: everyone's newest presence must reach everyone (far cursors may come at a low rate).
    result.presencePairs = n * (n - 1);
    const settleEnd = stoppedAt + timing.settleS * 1000;
    for (;;) {
      result.presenceDelivered = delivered(people);
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
    loops.stop();
    for (const p of people) p.client?.close();
    await Promise.all(people.map((p) => p.client?.closed()));
  }
  return result;
}
