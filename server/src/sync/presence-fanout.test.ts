import * as decoding from 'lib0/decoding';
import { describe, expect, it } from 'vitest';
import { readAwarenessEntries } from './limits';
import {
  FAR_REFRESH_MS,
  PRESENCE_BUDGET_BYTES_PER_SECOND,
  PRESENCE_PHASES,
  PRESENCE_TICK_MS,
  PresenceFanout,
} from './presence-fanout';

/** What one simulated person received: per client id, when each entry came and the newest one. */
interface Inbox {
  bytes: number;
  messages: number;
  got: Map<number, { times: number[]; clock: number; json: Uint8Array }>;
}

function inbox(): Inbox {
  return { bytes: 0, messages: 0, got: new Map() };
}

function receive(box: Inbox, message: Uint8Array, at: number): void {
  box.bytes += message.byteLength;
  box.messages += 1;
  const decoder = decoding.createDecoder(message);
  if (decoding.readVarUint(decoder) !== 1) throw new Error('not an awareness message');
  for (const entry of readAwarenessEntries(decoding.readVarUint8Array(decoder))) {
    const got = box.got.get(entry.clientId);
    if (got && got.times.at(-1) === at) throw new Error('an entry twice in one tick');
    if (got) {
      got.times.push(at);
      got.clock = entry.clock;
      got.json = entry.jsonBytes;
    } else {
      box.got.set(entry.clientId, { times: [at], clock: entry.clock, json: entry.jsonBytes });
    }
  }
}

/** The newest state `box` holds of `clientId`. */
function stateIn(box: Inbox, clientId: number): Record<string, unknown> | null | undefined {
  const got = box.got.get(clientId);
  return got
    ? (JSON.parse(new TextDecoder().decode(got.json)) as Record<string, unknown>)
    : undefined;
}

/** A presence state the size WeBoard's client sends (about 200 bytes). */
function stateOf(id: number, x: number, y: number, extra: Record<string, unknown> = {}) {
  return {
    user: { name: `Person ${id} of the room`, color: '#e11d48', role: 'editor' },
    cursor: { x, y },
    selection: [],
    viewport: { x: x - 800, y: y - 450, w: 1600, h: 900 },
    teamId: `team-${id % 7}`,
    ...extra,
  };
}

/**
 * A room of `count` people in a fake clock; person i sits at `place(i)`. Each is a receiver and owns
 * client id 1000 + i.
 */
function room(count: number, place: (i: number) => { x: number; y: number }) {
  const fanout = new PresenceFanout<number>();
  const boxes = Array.from({ length: count }, inbox);
  const clocks = new Array<number>(count).fill(0);
  let now = 0;
  for (let i = 0; i < count; i++) {
    fanout.addReceiver(i, (message) => receive(boxes[i]!, message, now), now);
  }
  const move = (i: number, dx = 0, extra: Record<string, unknown> = {}) => {
    const { x, y } = place(i);
    clocks[i]! += 1;
    fanout.set(1000 + i, clocks[i]!, stateOf(i, x + dx, y, extra), i, false);
  };
  for (let i = 0; i < count; i++) move(i);
  const tick = () => {
    now += PRESENCE_TICK_MS;
    fanout.tick(now);
  };
  return {
    fanout,
    boxes,
    clocks,
    move,
    tick,
    get now() {
      return now;
    },
  };
}

describe('PresenceFanout', () => {
  it('gives near cursors every tick, far ones at the low rate, and stays within the budget with 200 movers', () => {
    // Person 0's viewport is around (0, 0); people 1–5 are near it, everyone else far away.
    const r = room(200, (i) => (i <= 5 ? { x: i * 100, y: 0 } : { x: 20_000 + i * 500, y: 9000 }));
    // Everyone's join goes out at once, over the budget; let that settle first.
    for (let t = 0; t < 20; t++) r.tick();
    r.boxes.forEach((box) => (box.bytes = 0));
    const seconds = 4;
    const ticks = (seconds * 1000) / PRESENCE_TICK_MS;
    const started = r.now;
    for (let t = 0; t < ticks; t++) {
      for (let i = 0; i < 200; i++) r.move(i, t % 50);
      r.tick();
    }
    const got = r.boxes[0]!.got;
    const during = (id: number) => (got.get(id)?.times ?? []).filter((at) => at > started);
    for (let near = 1; near <= 5; near++) {
      // Full rate: one per tick (a tick may carry an entry at most once).
      expect(during(1000 + near).length).toBe(ticks);
    }
    for (let far = 6; far < 200; far++) {
      const times = during(1000 + far);
      // About every FAR_REFRESH_MS: never faster, never much slower.
      expect(times.length).toBeGreaterThanOrEqual(
        Math.floor((seconds * 1000) / FAR_REFRESH_MS) - 1,
      );
      expect(times.length).toBeLessThanOrEqual(Math.ceil((seconds * 1000) / FAR_REFRESH_MS) + 1);
      for (let k = 1; k < times.length; k++) {
        expect(times[k]! - times[k - 1]!).toBeGreaterThanOrEqual(FAR_REFRESH_MS);
        expect(times[k]! - times[k - 1]!).toBeLessThanOrEqual(
          FAR_REFRESH_MS + 4 * PRESENCE_TICK_MS,
        );
      }
    }
    // Nobody downloads more than the budget (plus one burst).
    for (const box of r.boxes) {
      expect(box.bytes).toBeLessThanOrEqual(PRESENCE_BUDGET_BYTES_PER_SECOND * seconds + 16_384);
    }
    // The nearest people are measured too: person 0 gets a healthy share, not a trickle.
    expect(r.boxes[0]!.bytes / seconds).toBeGreaterThan(20_000);
  });

  it('shares the budget fairly when everyone is near, and the newest state of everyone arrives', () => {
    // Everyone in one spot: all near everyone, far more than the budget carries at 20 Hz.
    const r = room(120, () => ({ x: 0, y: 0 }));
    r.tick();
    const seconds = 4;
    const ticks = (seconds * 1000) / PRESENCE_TICK_MS;
    r.boxes.forEach((box) => (box.bytes = 0));
    for (let t = 0; t < ticks; t++) {
      for (let i = 0; i < 120; i++) r.move(i, t);
      r.tick();
    }
    for (const box of r.boxes) {
      expect(box.bytes).toBeLessThanOrEqual(PRESENCE_BUDGET_BYTES_PER_SECOND * seconds + 16_384);
      expect(box.messages).toBeLessThanOrEqual(ticks);
    }
    // Everyone stops; within a few seconds everyone has everyone's newest state.
    for (let t = 0; t < (3 * FAR_REFRESH_MS) / PRESENCE_TICK_MS; t++) r.tick();
    expect(r.fanout.busyAt(r.now)).toBe(false);
    r.boxes.forEach((box, me) => {
      for (let i = 0; i < 120; i++) {
        if (i === me) {
          expect(box.got.has(1000 + i)).toBe(false);
          continue;
        }
        expect(box.got.get(1000 + i)?.clock).toBe(r.clocks[i]);
      }
    });
  });

  it('delivers joins, leaves and name changes at once to everyone, however busy', () => {
    const r = room(100, () => ({ x: 0, y: 0 }));
    r.tick();
    for (let t = 0; t < 10; t++) {
      for (let i = 0; i < 100; i++) r.move(i, t);
      r.tick();
    }
    r.fanout.set(1000 + 7, r.clocks[7]!, null, null, false);
    r.move(8, 0, { user: { name: 'Renamed', color: '#000', role: 'editor' } });
    r.fanout.set(5555, 1, stateOf(5555, 40_000, 40_000), null, false);
    for (let i = 0; i < 100; i++) if (i !== 7 && i !== 8) r.move(i, 99);
    r.tick();
    r.boxes.forEach((box, me) => {
      if (me !== 7) {
        expect(box.got.get(1007)?.times.at(-1)).toBe(r.now);
        expect(stateIn(box, 1007)).toBeNull();
      }
      if (me !== 8) {
        expect(box.got.get(1008)?.times.at(-1)).toBe(r.now);
        expect((stateIn(box, 1008)?.user as { name: string }).name).toBe('Renamed');
      }
      expect(box.got.get(5555)?.times.at(-1)).toBe(r.now);
    });
  });

  it('keeps the facilitator and the followed person at full rate, wherever they are', () => {
    const r = room(50, (i) => (i === 0 ? { x: 0, y: 0 } : { x: 50_000 + i * 1000, y: 0 }));
    r.fanout.setFollowed(1000 + 10);
    let clock = 0;
    const moveFacilitator = () =>
      r.fanout.set(1000 + 20, ++clock + 100, stateOf(20, 90_000, 90_000), 20, true);
    r.tick();
    const started = r.now;
    const ticks = 40;
    for (let t = 0; t < ticks; t++) {
      r.move(10, t);
      moveFacilitator();
      r.move(30, t);
      r.tick();
    }
    const count = (id: number) =>
      (r.boxes[0]!.got.get(id)?.times ?? []).filter((at) => at > started).length;
    expect(count(1010)).toBe(ticks);
    expect(count(1020)).toBe(ticks);
    // An ordinary far mover: the low rate.
    expect(count(1030)).toBeLessThanOrEqual(3);
  });

  it('matches cursors to viewports as people pan, zoom out and follow someone far away', () => {
    // Person 0 looks at (0, 0); person 1 moves near there; person 2 moves far away.
    const places = [
      { x: 0, y: 0 },
      { x: 300, y: 200 },
      { x: 40_000, y: 40_000 },
    ];
    const r = room(3, (i) => places[i]!);
    let clock = 100;
    const look = (extra: Record<string, unknown>) =>
      r.fanout.set(1000, ++clock, { ...stateOf(0, 0, 0), ...extra }, 0, false);
    const during = (id: number, from: number) =>
      (r.boxes[0]!.got.get(id)?.times ?? []).filter((at) => at > from).length;
    const run = (ticks: number) => {
      const from = r.now;
      for (let t = 0; t < ticks; t++) {
        r.move(1, t);
        r.move(2, t);
        r.tick();
      }
      return { near: during(1001, from), far: during(1002, from) };
    };
    for (let t = 0; t < 5; t++) r.tick();
    expect(run(30)).toMatchObject({ near: 30 });
    expect(run(30).far).toBeLessThanOrEqual(2);
    // Panned to the far one: it is near now, the other is not.
    look({ viewport: { x: 39_200, y: 39_500, w: 1600, h: 900 } });
    const panned = run(30);
    expect(panned.far).toBe(30);
    expect(panned.near).toBeLessThanOrEqual(2);
    // Zoomed far out (a viewport over a thousand grid cells): both are near.
    look({ viewport: { x: -50_000, y: -50_000, w: 100_000, h: 100_000 } });
    expect(run(30)).toEqual({ near: 30, far: 30 });
    // Back at (0, 0) but following the far one: both at full rate again.
    look({ following: 1002 });
    expect(run(30)).toEqual({ near: 30, far: 30 });
    look({});
    expect(run(30).far).toBeLessThanOrEqual(2);
  });

  it('serves a big room by group in turn: one message per person per tick period, and a removal reaches every group before its slot is reused', () => {
    const count = 100;
    const fanout = new PresenceFanout<number>();
    const boxes = Array.from({ length: count }, inbox);
    let now = 0;
    for (let i = 0; i < count; i++) {
      fanout.addReceiver(i, (message) => receive(boxes[i]!, message, now), now);
    }
    const clocks = new Array<number>(count).fill(0);
    // People sit in fours, each four far from the others: three near cursors each, well within
    // the budget, so only the turns decide who gets what when.
    const move = (i: number, dx: number) =>
      fanout.set(1000 + i, ++clocks[i]!, stateOf(i, Math.floor(i / 4) * 10_000 + dx, 0), i, false);
    const step = PRESENCE_TICK_MS / PRESENCE_PHASES;
    let phase = 0;
    /** One group's tick; returns how many people got a message in it. */
    const tick = () => {
      now += step;
      const before = boxes.map((box) => box.messages);
      fanout.tick(now, phase);
      phase = (phase + 1) % PRESENCE_PHASES;
      return boxes.filter((box, i) => box.messages > before[i]!).length;
    };
    for (let i = 0; i < count; i++) move(i, 0);
    for (let t = 0; t < 2 * PRESENCE_PHASES; t++) tick();
    boxes.forEach((box) => (box.messages = 0));

    // Everyone moves all the time: each tick serves one group, a fifth of the room.
    const rounds = 20;
    for (let t = 0; t < rounds * PRESENCE_PHASES; t++) {
      for (let i = 0; i < count; i++) move(i, t + 1);
      expect(tick()).toBe(count / PRESENCE_PHASES);
    }
    // One message per person per PRESENCE_TICK_MS, carrying the near cursors at full rate.
    for (const box of boxes) expect(box.messages).toBe(rounds);
    const last = now;
    for (let t = 0; t < PRESENCE_PHASES; t++) tick();
    // Whatever changed before a round reached everyone within that round (PRESENCE_TICK_MS).
    boxes.forEach((box, me) => {
      const other = me ^ 1;
      expect(box.got.get(1000 + other)?.clock).toBe(clocks[other]);
      expect(box.got.get(1000 + other)!.times.at(-1)!).toBeLessThanOrEqual(last + PRESENCE_TICK_MS);
    });

    // Person 0 leaves, and someone new joins right after the first group's turn: the new person
    // must not take the slot before every group got the removal.
    fanout.set(1000, ++clocks[0]!, null, null, false);
    tick();
    fanout.set(9999, 1, stateOf(9999, 0, 0), null, false);
    for (let t = 0; t < 2 * PRESENCE_PHASES; t++) tick();
    boxes.forEach((box, me) => {
      if (me === 0) return;
      expect(stateIn(box, 1000)).toBeNull();
      expect(box.got.get(9999)?.clock).toBe(1);
    });
  });

  it('keeps the groups even as people come and go: someone joining takes the smallest group', () => {
    const fanout = new PresenceFanout<number>();
    const boxes: (Inbox | undefined)[] = [];
    let now = 0;
    const join = (i: number) => {
      boxes[i] = inbox();
      fanout.addReceiver(i, (message) => receive(boxes[i]!, message, now), now);
    };
    for (let i = 0; i < 2 * PRESENCE_PHASES; i++) join(i);
    let clock = 0;
    // One person far from everyone moves all the time, followed by all: everyone is owed it.
    const mover = 5000;
    const move = () => fanout.set(mover, ++clock, stateOf(mover, clock, 0), null, true);
    const step = PRESENCE_TICK_MS / PRESENCE_PHASES;
    /** Who got a message in group `phase`'s tick. */
    const served = (phase: number) => {
      move();
      now += step;
      const before = boxes.map((box) => box?.messages ?? 0);
      fanout.tick(now, phase);
      return boxes.flatMap((box, i) => (box && box.messages > before[i]! ? [i] : []));
    };
    const groupOf = new Map<number, number>();
    for (let phase = 0; phase < PRESENCE_PHASES; phase++) {
      const got = served(phase);
      expect(got).toHaveLength(2);
      for (const i of got) groupOf.set(i, phase);
    }
    // Both people of one group leave; the next two to join fill that group, not the next in turn.
    const emptied = groupOf.get(2 * PRESENCE_PHASES - 1)!;
    const leaving = [...groupOf].filter(([, phase]) => phase === emptied).map(([i]) => i);
    for (const i of leaving) {
      fanout.removeReceiver(i);
      boxes[i] = undefined;
    }
    join(100);
    join(101);
    for (let phase = 0; phase < PRESENCE_PHASES; phase++) {
      const got = served(phase);
      expect(got).toHaveLength(2);
      if (phase === emptied) expect(got).toEqual([100, 101]);
    }
  });

  it("greets a newcomer with everyone's newest state, as sent, and nobody who left", () => {
    const fanout = new PresenceFanout<string>();
    expect(fanout.everyone()).toBeNull();
    fanout.set(1, 1, stateOf(1, 0, 0), 'a', false);
    fanout.set(2, 1, stateOf(2, 10, 10), 'b', false);
    fanout.set(3, 4, stateOf(3, 20, 20), 'c', false);
    // Relayed as the client sent it (its own key order), not serialised again.
    const sent = new TextEncoder().encode('{"cursor":{"x":5,"y":6},"user":{"name":"Two"}}');
    fanout.set(2, 2, { user: { name: 'Two' }, cursor: { x: 5, y: 6 } }, 'b', false, sent);
    fanout.set(3, 5, null, 'c', false);
    const greeting = fanout.everyone()!;
    // One websocket frame (binary, final) around the message.
    expect(greeting.frame[0]).toBe(0x82);
    expect(
      greeting.frame.subarray(greeting.frame.byteLength - greeting.message.byteLength),
    ).toEqual(greeting.message);
    const box = inbox();
    receive(box, greeting.message, 0);
    expect([...box.got.keys()].sort((a, b) => a - b)).toEqual([1, 2]);
    expect(box.got.get(1)!.clock).toBe(1);
    expect(stateIn(box, 1)).toEqual(stateOf(1, 0, 0));
    expect(box.got.get(2)!.clock).toBe(2);
    expect(box.got.get(2)!.json).toEqual(sent);
  });
});
