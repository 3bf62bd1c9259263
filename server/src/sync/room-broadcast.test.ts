import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import Fastify from 'fastify';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { Metrics } from '../observability/metrics';
import { Connection, frameMessages } from './connection';
import { UpdateBroadcast } from './room-broadcast';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A real websocket pair on a free port; the server's end wrapped in a Connection. */
async function connected(): Promise<{ connection: Connection; raw: Duplex; received: Buffer[] }> {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  const accepted = new Promise<WebSocket>((resolve) => server.once('connection', resolve));
  const client = new WebSocket(`ws://127.0.0.1:${port}`);
  const received: Buffer[] = [];
  client.on('message', (data: Buffer) => received.push(data));
  await new Promise<void>((resolve) => client.once('open', () => resolve()));
  const socket = await accepted;
  cleanups.push(() => {
    client.terminate();
    server.close();
  });
  const connection = new Connection(socket, 'board', '127.0.0.1', Fastify({ logger: false }).log, {
    messagesPerSecond: 1000,
    bytesPerSecond: 1 << 20,
    maxMessageBytes: 1 << 16,
    metrics: new Metrics({
      connections: () => 0,
      boards: () => 0,
      failingBoards: () => 0,
      unsavedBoards: () => 0,
    }),
  });
  const { _socket: raw } = socket as unknown as { _socket: Duplex };
  return { connection, raw, received };
}

function broadcastTo(
  connection: Connection | Connection[],
  load: { busy: boolean },
  turns?: { takingTurns: boolean },
  holdFromWritesPerSecond = 0,
): UpdateBroadcast {
  return new UpdateBroadcast({
    connections: new Set(Array.isArray(connection) ? connection : [connection]),
    load,
    turns,
    holdFromWritesPerSecond,
    metrics: new Metrics({
      connections: () => 0,
      boards: () => 0,
      failingBoards: () => 0,
      unsavedBoards: () => 0,
    }),
    guarded: (_during, work) => work(),
  });
}

/** Bytes handed to the socket so far, written or queued in it. */
const written = (raw: Duplex): number => (raw as Duplex & { bytesWritten: number }).bytesWritten;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const update = (n: number): Uint8Array => new Uint8Array(8).fill(n);

describe('UpdateBroadcast', () => {
  it("sends a quiet room's update at once and what follows in the turn together at its end", async () => {
    const { connection, raw, received } = await connected();
    const broadcast = broadcastTo(connection, { busy: false });
    const before = written(raw);
    broadcast.queue(update(1), 'someone');
    const afterFirst = written(raw);
    // Written to the socket before queue() returned: not held for the end of the turn.
    expect(afterFirst).toBeGreaterThan(before);
    broadcast.queue(update(2), 'someone');
    broadcast.queue(update(3), 'someone');
    // The next two wait for the end of this turn...
    expect(written(raw)).toBe(afterFirst);
    await nextTurn();
    // ...and go out together in one write (two frames).
    expect(written(raw)).toBeGreaterThan(afterFirst);
    await expect.poll(() => received.length).toBe(3);
    expect(received.map((message) => message.at(-1))).toEqual([1, 2, 3]);
  });

  it('holds every update of a saturated server for the batch', async () => {
    const { connection, raw, received } = await connected();
    const broadcast = broadcastTo(connection, { busy: true });
    const before = written(raw);
    broadcast.queue(update(1), 'someone');
    expect(written(raw)).toBe(before);
    await expect.poll(() => received.length).toBe(1);
  });

  it('does not send an update sent alone back to the connection it came from', async () => {
    const { connection, received } = await connected();
    const broadcast = broadcastTo(connection, { busy: false });
    broadcast.queue(update(1), connection.origin);
    broadcast.queue(update(2), 'someone');
    await nextTurn();
    await expect.poll(() => received.length).toBe(1);
    expect(received[0]!.at(-1)).toBe(2);
  });

  it("holds a turn-taking connection's updates for its presence message, in the same write", async () => {
    const taker = await connected();
    const other = await connected();
    taker.connection.takesTurns = true;
    const turns = { takingTurns: true };
    const broadcast = broadcastTo([taker.connection, other.connection], { busy: false }, turns);
    const before = written(taker.raw);
    broadcast.queue(update(1), 'someone');
    broadcast.queue(update(2), 'someone');
    await nextTurn();
    // A connection that does not take turns (not greeted yet) gets them as before...
    await expect.poll(() => other.received.length).toBe(2);
    // ...the one that does waits for its turn.
    expect(written(taker.raw)).toBe(before);
    const presence = new Uint8Array([1, 7, 7]);
    const { bytes: frame } = frameMessages([presence]);
    taker.connection.sendFramed(presence, frame!);
    await expect.poll(() => taker.received.length).toBe(3);
    expect(taker.received.map((message) => message.at(-1))).toEqual([1, 2, 7]);

    // A turn without a presence message sends what was held alone; without turns, at once.
    broadcast.queue(update(3), 'someone');
    await nextTurn();
    expect(taker.received).toHaveLength(3);
    taker.connection.flushHeld();
    await expect.poll(() => taker.received.length).toBe(4);
    turns.takingTurns = false;
    broadcast.queue(update(4), 'someone');
    await expect.poll(() => taker.received.length).toBe(5);
    expect(taker.received.map((message) => message.at(-1))).toEqual([1, 2, 7, 3, 4]);
  });

  it('holds updates for the turns only once they cost that many socket writes a second', async () => {
    // The broadcast reads its seconds from performance.now(); a clock of the test's own makes "the
    // second after" exactly that (a real one second wait ran past two on a loaded machine, where
    // the writes of the second before count for nothing). Sockets and timers stay real.
    vi.useFakeTimers({ toFake: ['performance'] });
    onTestFinished(() => {
      vi.useRealTimers();
    });
    const taker = await connected();
    const other = await connected();
    taker.connection.takesTurns = true;
    const broadcast = broadcastTo(
      [taker.connection, other.connection],
      { busy: false },
      { takingTurns: true },
      4,
    );
    // The first second: 2 batches to 2 connections, under 4 writes a second before it: sent.
    broadcast.queue(update(1), 'someone');
    await nextTurn();
    broadcast.queue(update(2), 'someone');
    await expect.poll(() => taker.received.length).toBe(2);
    vi.advanceTimersByTime(1000);
    // The second after it made 4 writes: from now on the taker's updates wait for its turn.
    const before = written(taker.raw);
    broadcast.queue(update(3), 'someone');
    await expect.poll(() => other.received.length).toBe(3);
    expect(written(taker.raw)).toBe(before);
    taker.connection.flushHeld();
    await expect.poll(() => taker.received.length).toBe(3);
    expect(taker.received.map((message) => message.at(-1))).toEqual([1, 2, 3]);
  });
});
