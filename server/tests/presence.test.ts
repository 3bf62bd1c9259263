import { CloseCode } from '@weboard/shared';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider as ProviderV3 } from 'y-websocket';
import { WebsocketProvider as ProviderV1 } from 'y-websocket-v1';
import { WebsocketProvider as ProviderV2 } from 'y-websocket-v2';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { decodeAwarenessEntries } from '../src/sync/limits';
import { awarenessFrame, openSocket, sample } from './raw';
import { connectClient, createBoard, useTestServers, waitFor, waitForAsync } from './helpers';
import type { TestServer } from './helpers';

/** What the three stock providers have in common, as these tests use them. */
interface StockProvider {
  awareness: {
    clientID: number;
    setLocalStateField(field: string, value: unknown): void;
    getStates(): Map<number, Record<string, unknown>>;
  };
  wsconnected: boolean;
  synced: boolean;
  on(event: 'connection-close', listener: (event: { code: number } | null) => void): void;
  destroy(): void;
}

type ProviderClass = new (
  url: string,
  room: string,
  doc: Y.Doc,
  options: Record<string, unknown>,
) => StockProvider;

const PROVIDERS: [string, ProviderClass][] = [
  ['1.5', ProviderV1 as unknown as ProviderClass],
  ['2.x', ProviderV2 as unknown as ProviderClass],
  ['3.x', ProviderV3 as unknown as ProviderClass],
];

describe('presence in a busy room', () => {
  const { cleanups, server } = useTestServers();

  async function metric(started: TestServer, series: string): Promise<number> {
    return sample((await started.app.inject({ url: '/metrics' })).body, series);
  }

  it('never charges echoes: a client sending back everything it receives, many times, stays', async () => {
    const started = await server();
    const board = await createBoard(started.app);
    const mover = openSocket(started.wsUrl, board.id, board.tokens.editor);
    const echoer = openSocket(started.wsUrl, board.id, board.tokens.editor);
    await Promise.all([mover.opened, echoer.opened]);
    await waitFor(
      () => mover.messages.length > 0 && echoer.messages.length > 0,
      5000,
      'the greetings',
    );
    let echoed = 0;
    let newestSeen = 0;
    echoer.socket.on('message', (data: Buffer) => {
      if (data[0] !== 1) return;
      const decoder = decoding.createDecoder(new Uint8Array(data));
      decoding.readVarUint(decoder);
      for (const entry of decodeAwarenessEntries(decoding.readVarUint8Array(decoder))) {
        if (entry.clientId === 77) newestSeen = Math.max(newestSeen, entry.clock);
      }
      // Ten times what a stock client would send back.
      for (let i = 0; i < 10; i++) echoer.socket.send(data);
      echoed += 10;
    });
    const moves = 100;
    for (let clock = 1; clock <= moves; clock++) {
      mover.socket.send(awarenessFrame([{ clientId: 77, clock, json: `{"cursor":${clock}}` }]));
    }
    await waitFor(() => newestSeen === moves, 5000, 'the newest presence to reach the echoer');
    // Every echo reaches the server and is counted as one; none of it is charged.
    await waitForAsync(
      async () => (await metric(started, 'weboard_presence_echo_messages_total')) === echoed,
      5000,
      'the server to read every echo',
    );
    expect(await metric(started, 'weboard_presence_entries_total{kind="charged"}')).toBe(moves);
    const rejected = await metric(
      started,
      'weboard_connections_rejected_total{reason="rate_limited"}',
    );
    expect(rejected).toBe(0);
    expect(echoer.socket.readyState).toBe(WebSocket.OPEN);
    expect(mover.socket.readyState).toBe(WebSocket.OPEN);
    mover.socket.close();
    echoer.socket.close();
  });

  it('keeps 50 stock clients all moving at 20 Hz for 20 s connected while five type, and everyone ends with everyone and every edit', async () => {
    // Updates wait for each person's presence turn however few they are (see UpdateBroadcast).
    const started = await server({ HOLD_UPDATES_FROM_WRITES_PER_SECOND: '0' });
    const board = await createBoard(started.app);
    const people = await Promise.all(
      Array.from({ length: 50 }, () => connectClient(started.wsUrl, board.id, board.tokens.editor)),
    );
    for (const person of people) cleanups.push(person.destroy);
    const closes: number[] = [];
    for (const person of people) {
      person.provider.on('connection-close', (event) => closes.push(event?.code ?? 0));
    }
    people.forEach((person, i) =>
      person.provider.awareness.setLocalState({
        user: { name: `Person ${i}`, color: '#e11d48', role: 'editor' },
        cursor: { x: 0, y: 0 },
        selection: [],
      }),
    );
    // Everyone moves their pointer at the client's own rate (CURSOR_INTERVAL_MS, 20 Hz).
    let step = 0;
    const moving = setInterval(() => {
      step += 1;
      people.forEach((person, i) =>
        person.provider.awareness.setLocalStateField('cursor', { x: step, y: i }),
      );
    }, 50);
    cleanups.push(() => clearInterval(moving));
    // Five of them type a line a second meanwhile: this room holds its updates for each person's
    // presence turn, and every one of them must still arrive.
    const typists = people.filter((_, i) => i % 10 === 0);
    let lines = 0;
    const typing = setInterval(() => {
      for (const typist of typists) typist.doc.getArray<string>('lines').push([`line ${lines++}`]);
    }, 1000);
    cleanups.push(() => clearInterval(typing));
    await new Promise((resolve) => setTimeout(resolve, 20_000));
    clearInterval(moving);
    clearInterval(typing);
    // One more the moment the pointers stop, when the ticks wind down.
    typists[0]!.doc.getArray<string>('lines').push([`line ${lines++}`]);
    expect(lines).toBeGreaterThan(90);
    people.forEach((person, i) =>
      person.provider.awareness.setLocalStateField('cursor', { x: -1, y: i }),
    );
    // The newest state of everyone reaches everyone (far cursors within the low rate).
    await waitFor(
      () =>
        people.every((me) =>
          people.every(
            (other) =>
              other === me ||
              (
                me.provider.awareness.getStates().get(other.doc.clientID)?.cursor as
                  { x: number; y: number } | undefined
              )?.x === -1,
          ),
        ),
      10_000,
      "everyone's final pointer at everyone",
    );
    await waitFor(
      () => people.every((person) => person.doc.getArray('lines').length === lines),
      10_000,
      'every edit at everyone',
    );
    const expected = JSON.stringify(people[0]!.doc.getArray('lines').toJSON());
    for (const person of people) {
      expect(JSON.stringify(person.doc.getArray('lines').toJSON())).toBe(expected);
    }
    expect(closes).toEqual([]);
    expect(await metric(started, 'weboard_connections_rejected_total{reason="rate_limited"}')).toBe(
      0,
    );
    for (const person of people) expect(person.provider.wsconnected).toBe(true);
  }, 60_000);

  it('sends a small viewport its near cursors at full rate and far ones at the low rate, within the budget', async () => {
    const started = await server();
    const board = await createBoard(started.app);
    const watcher = openSocket(started.wsUrl, board.id, board.tokens.editor);
    await watcher.opened;
    await waitFor(() => watcher.messages.length > 0, 5000, 'the greeting');
    watcher.socket.send(
      awarenessFrame([
        {
          clientId: 1,
          clock: 1,
          json: JSON.stringify({
            user: { name: 'watcher' },
            viewport: { x: 0, y: 0, w: 800, h: 600 },
          }),
        },
      ]),
    );
    // 40 sockets with two people each: 80 movers, the first three near the watcher's viewport.
    const movers = Array.from({ length: 40 }, () =>
      openSocket(started.wsUrl, board.id, board.tokens.editor),
    );
    await Promise.all(movers.map((mover) => mover.opened));
    await waitFor(() => movers.every((mover) => mover.messages.length > 0), 10_000, 'greetings');
    const where = (person: number) =>
      person < 3 ? { x: 100 * person, y: 100 } : { x: 50_000 + person * 900, y: 40_000 };
    const received = new Map<number, number>();
    let bytes = 0;
    let measuring = false;
    watcher.socket.on('message', (data: Buffer) => {
      if (!measuring || data[0] !== 1) return;
      bytes += data.byteLength;
      const decoder = decoding.createDecoder(new Uint8Array(data));
      decoding.readVarUint(decoder);
      for (const entry of decodeAwarenessEntries(decoding.readVarUint8Array(decoder))) {
        received.set(entry.clientId, (received.get(entry.clientId) ?? 0) + 1);
      }
    });
    let clock = 0;
    const move = () => {
      clock += 1;
      movers.forEach((mover, i) => {
        const entries = [0, 1].map((k) => {
          const person = i * 2 + k;
          const { x, y } = where(person);
          const json = JSON.stringify({
            user: { name: `Person ${person}`, color: '#e11d48', role: 'editor' },
            cursor: { x: x + (clock % 20), y },
            selection: [],
            viewport: { x: x - 800, y: y - 450, w: 1600, h: 900 },
          });
          return { clientId: 100 + person, clock, json };
        });
        mover.socket.send(awarenessFrame(entries));
      });
    };
    move();
    // Let everyone's join go out (over the budget, as joins do) before measuring.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    measuring = true;
    const from = performance.now();
    const moving = setInterval(move, 50);
    cleanups.push(() => clearInterval(moving));
    await new Promise((resolve) => setTimeout(resolve, 3000));
    clearInterval(moving);
    const seconds = (performance.now() - from) / 1000;
    const near = [100, 101, 102].map((id) => received.get(id) ?? 0);
    const far = Array.from({ length: 77 }, (_, k) => received.get(103 + k) ?? 0);
    // Near: every tick a move came in; far: about every 1.5 s (a slow machine only stretches both).
    expect(Math.min(...near)).toBeGreaterThan(4 * Math.max(...far));
    expect(Math.max(...far)).toBeLessThanOrEqual(Math.ceil(seconds / 1.5) + 1);
    expect(bytes / seconds).toBeLessThan(64 * 1024 + 16 * 1024);
    for (const mover of movers) mover.socket.close();
    watcher.socket.close();
  });

  it('closes a real flooder with the retryable code while everyone else keeps syncing', async () => {
    const started = await server();
    const board = await createBoard(started.app);
    const people = await Promise.all(
      Array.from({ length: 8 }, () => connectClient(started.wsUrl, board.id, board.tokens.editor)),
    );
    for (const person of people) cleanups.push(person.destroy);
    people.forEach((person, i) => person.provider.awareness.setLocalStateField('n', i));
    const flooder = openSocket(started.wsUrl, board.id, board.tokens.editor);
    await flooder.opened;
    await waitFor(() => flooder.messages.length > 0, 5000, 'the greeting');
    let clock = 0;
    const flood = setInterval(() => {
      for (let i = 0; i < 40 && flooder.socket.readyState === WebSocket.OPEN; i++) {
        clock += 1;
        flooder.socket.send(awarenessFrame([{ clientId: 999, clock, json: `{"x":${clock}}` }]));
      }
    }, 5);
    cleanups.push(() => clearInterval(flood));

    // While it floods, an edit and a presence change each reach everyone. (How fast is the
    // benchmarks' question: on a loaded CI machine a wall-clock bound here measures the machine.)
    const [first, ...others] = people as [(typeof people)[0], ...typeof people];
    expect(flooder.socket.readyState).toBe(WebSocket.OPEN);
    first.doc.getText('t').insert(0, 'during the flood');
    first.provider.awareness.setLocalStateField('n', 'moved');
    await waitFor(
      () =>
        others.every(
          (other) =>
            other.doc.getText('t').toString() === 'during the flood' &&
            other.provider.awareness.getStates().get(first.doc.clientID)?.n === 'moved',
        ),
      10_000,
      'an edit and a presence change to reach everyone',
    );

    expect(await flooder.closed).toEqual({
      code: CloseCode.RateLimited,
      reason: 'Too many presence updates',
    });
    expect(CloseCode.RateLimited).toBe(4529);
    for (const person of people) expect(person.provider.wsconnected).toBe(true);
  });

  it.each(PROVIDERS)(
    'a stock y-websocket %s client reconnects after a rate close and syncs again',
    async (_version, Provider) => {
      const started = await server();
      const board = await createBoard(started.app);
      const doc = new Y.Doc();
      const provider = new Provider(`${started.wsUrl}/sync`, board.id, doc, {
        params: { token: board.tokens.editor },
        WebSocketPolyfill: WebSocket,
        disableBc: true,
      });
      cleanups.push(() => {
        provider.destroy();
        doc.destroy();
      });
      const closes: number[] = [];
      provider.on('connection-close', (event) => {
        if (event) closes.push(event.code);
      });
      await waitFor(() => provider.synced, 5000, 'first sync');

      // A real flooder: its own id, far over the presence budget.
      for (let i = 0; i < 400; i++) provider.awareness.setLocalStateField('cursor', { x: i, y: i });
      await waitFor(() => closes.length > 0, 5000, 'the rate close');
      expect(closes[0]).toBe(CloseCode.RateLimited);

      await waitFor(() => provider.wsconnected && provider.synced, 10_000, 'the reconnect');
      const other = await connectClient(started.wsUrl, board.id, board.tokens.editor);
      cleanups.push(other.destroy);
      other.doc.getText('t').insert(0, 'after the close');
      await waitFor(() => doc.getText('t').toString() === 'after the close', 5000, 'the edit');
      provider.awareness.setLocalStateField('cursor', { x: -1, y: -1 });
      await waitFor(
        () =>
          (
            other.provider.awareness.getStates().get(provider.awareness.clientID)?.cursor as
              { x: number } | undefined
          )?.x === -1,
        5000,
        'the presence after reconnecting',
      );
    },
  );
});
