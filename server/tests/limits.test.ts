import { CloseCode } from '@weboard/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { awarenessFrame, openSocket, sample, updateFrame } from './raw';
import { connectClient, createBoard, useTestServers, waitFor } from './helpers';
import type { TestServer } from './helpers';

describe('limits and hostile input', () => {
  const { cleanups, server } = useTestServers();

  async function metrics(started: TestServer): Promise<string> {
    const response = await started.app.inject({ url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    return response.body;
  }

  it('closes a connection that sends too many messages with the retryable rate code; others keep syncing', async () => {
    const started = await server({ MAX_MESSAGES_PER_SECOND: '10' });
    const board = await createBoard(started.app);
    const calm = await connectClient(started.wsUrl, board.id, board.tokens.editor);
    cleanups.push(calm.destroy);
    const flood = openSocket(started.wsUrl, board.id, board.tokens.editor);
    expect(await flood.opened).toBe(true);
    // Query-awareness frames: valid and cheap, so only the rate can be the reason.
    for (let i = 0; i < 200; i++) flood.socket.send(Buffer.from([3]));
    const closed = await flood.closed;
    expect(closed.code).toBe(CloseCode.RateLimited);

    const other = await connectClient(started.wsUrl, board.id, board.tokens.editor);
    cleanups.push(other.destroy);
    calm.doc.getText('t').insert(0, 'still here');
    await waitFor(() => other.doc.getText('t').toString() === 'still here');
    expect(
      sample(await metrics(started), 'weboard_connections_rejected_total{reason="rate_limited"}'),
    ).toBe(1);
  });

  it('caps connections per board and per address with the rate code, and frees the slot on leave', async () => {
    const started = await server({ MAX_CONNECTIONS_PER_BOARD: '2', MAX_CONNECTIONS_PER_IP: '3' });
    const board = await createBoard(started.app);
    const other = await createBoard(started.app);
    const a = openSocket(started.wsUrl, board.id, board.tokens.editor);
    const b = openSocket(started.wsUrl, board.id, board.tokens.editor);
    await Promise.all([a.opened, b.opened]);
    await waitFor(() => started.app.sync.connections === 2);
    const c = openSocket(started.wsUrl, board.id, board.tokens.editor);
    expect((await c.closed).code).toBe(CloseCode.RateLimited);

    const d = openSocket(started.wsUrl, other.id, other.tokens.editor);
    await d.opened;
    const e = openSocket(started.wsUrl, other.id, other.tokens.editor);
    const closedE = await e.closed;
    expect(closedE).toEqual({
      code: CloseCode.RateLimited,
      reason: 'Too many connections from this address',
    });

    a.socket.close();
    await a.closed;
    const late = await connectClient(started.wsUrl, board.id, board.tokens.editor);
    cleanups.push(late.destroy);
    for (const socket of [b, d]) socket.socket.close();
    const body = await metrics(started);
    expect(sample(body, 'weboard_connections_rejected_total{reason="board_full"}')).toBe(1);
    expect(sample(body, 'weboard_connections_rejected_total{reason="ip_full"}')).toBe(1);
  });

  it('refuses an edit that would grow the board past its limit with 4413, keeping the board', async () => {
    const started = await server({ MAX_BOARD_BYTES: '4096' });
    const board = await createBoard(started.app);
    const writer = await connectClient(started.wsUrl, board.id, board.tokens.editor);
    cleanups.push(writer.destroy);
    writer.doc.getText('t').insert(0, 'small');
    const reader = await connectClient(started.wsUrl, board.id, board.tokens.viewer);
    cleanups.push(reader.destroy);
    await waitFor(() => reader.doc.getText('t').toString() === 'small');

    const big = new Y.Doc();
    big.getText('t').insert(0, 'x'.repeat(8000));
    const hog = openSocket(started.wsUrl, board.id, board.tokens.editor);
    await hog.opened;
    hog.socket.send(updateFrame(Y.encodeStateAsUpdate(big)));
    expect(await hog.closed).toEqual({
      code: CloseCode.BoardTooBig,
      reason: 'Board size limit reached',
    });
    expect(reader.doc.getText('t').toString()).toBe('small');
    const state = new Y.Doc();
    Y.applyUpdate(state, await started.app.sync.stateOf(board.id));
    expect(state.getText('t').toString()).toBe('small');
  });

  it('lets a connection set and remove only presence it owns, of bounded size', async () => {
    const started = await server();
    const board = await createBoard(started.app);
    const observer = await connectClient(started.wsUrl, board.id, board.tokens.viewer);
    cleanups.push(observer.destroy);
    const owner = openSocket(started.wsUrl, board.id, board.tokens.viewer);
    const thief = openSocket(started.wsUrl, board.id, board.tokens.viewer);
    await Promise.all([owner.opened, thief.opened]);

    owner.socket.send(awarenessFrame([{ clientId: 111, clock: 1, json: '{"user":"owner"}' }]));
    const states = () => observer.provider.awareness.getStates();
    await waitFor(() => states().get(111)?.user === 'owner');
    // Overwrite and removal attempts with higher clocks are dropped.
    thief.socket.send(awarenessFrame([{ clientId: 111, clock: 5, json: '{"user":"thief"}' }]));
    thief.socket.send(awarenessFrame([{ clientId: 111, clock: 6, json: 'null' }]));
    thief.socket.send(awarenessFrame([{ clientId: 222, clock: 1, json: '{"user":"thief"}' }]));
    await waitFor(() => states().get(222)?.user === 'thief');
    expect(states().get(111)).toEqual({ user: 'owner' });

    // The owner may remove its own.
    owner.socket.send(awarenessFrame([{ clientId: 111, clock: 2, json: 'null' }]));
    await waitFor(() => !states().has(111));

    thief.socket.send(
      awarenessFrame([
        { clientId: 222, clock: 2, json: JSON.stringify({ pad: 'x'.repeat(20_000) }) },
      ]),
    );
    expect(await thief.closed).toEqual({
      code: CloseCode.MalformedMessage,
      reason: 'Presence state too large',
    });
    // Its presence goes with it.
    await waitFor(() => !states().has(222));
    owner.socket.close();
  });

  it('closes a connection flooding presence updates with the rate code', async () => {
    const started = await server();
    const board = await createBoard(started.app);
    const flood = openSocket(started.wsUrl, board.id, board.tokens.viewer);
    await flood.opened;
    // Once the board is loaded (its greeting came): before, frames wait in a bounded queue.
    await waitFor(() => flood.messages.length > 0, 5000, 'the greeting');
    for (let clock = 1; clock < 400; clock++) {
      flood.socket.send(awarenessFrame([{ clientId: 5, clock, json: `{"x":${clock}}` }]));
    }
    expect(await flood.closed).toEqual({
      code: CloseCode.RateLimited,
      reason: 'Too many presence updates',
    });
  });
});
