import {
  MAX_SHARED_SELECTION,
  SERVER_BURST_FLURRY,
  SERVER_BURSTS_PER_SECOND,
} from '@weboard/shared';
import { describe, expect, it } from 'vitest';
import { connectClient, createBoard, useTestServers, waitFor } from './helpers';
import { awarenessFrame, openSocket } from './raw';
import type { TestClient } from './helpers';

/*
 * Emoji bursts ride in presence; the server keeps a state's `burst` only when it is exactly a
 * burst and comes within the burst rate. Stock y-websocket clients against the real server.
 */

/** Every state of `sender` that `receiver` was given, in order. */
function statesSeen(receiver: TestClient, sender: TestClient): Record<string, unknown>[] {
  const seen: Record<string, unknown>[] = [];
  const awareness = receiver.provider.awareness;
  awareness.on('change', () => {
    const state = awareness.getStates().get(sender.provider.awareness.clientID);
    if (state) seen.push(state);
  });
  return seen;
}

/** Alice (`aliceRole`) and Bob (an editor) on a new board, disconnected after the test. */
async function twoPeople(
  { cleanups, server }: ReturnType<typeof useTestServers>,
  aliceRole: 'viewer' | 'editor',
) {
  const started = await server();
  const board = await createBoard(started.app);
  const alice = await connectClient(started.wsUrl, board.id, board.tokens[aliceRole]);
  const bob = await connectClient(started.wsUrl, board.id, board.tokens.editor);
  cleanups.push(
    () => alice.destroy(),
    () => bob.destroy(),
  );
  return { started, board, alice, bob };
}

describe('emoji bursts in presence', () => {
  const servers = useTestServers();

  const people = async () => {
    // A viewer may send bursts: it is presence, not an edit.
    const { alice, bob } = await twoPeople(servers, 'viewer');
    return { alice, bob, seen: statesSeen(bob, alice) };
  };

  it('passes a viewer’s burst on as sent, and cuts one that does not fit down to a burst or nothing', async () => {
    const { alice, bob, seen } = await people();
    const send = (cursorX: number, burst: unknown) =>
      alice.provider.awareness.setLocalState({
        user: { name: 'Alice', color: '#e03131', role: 'viewer' },
        cursor: { x: cursorX, y: 0 },
        selection: [],
        burst,
      });
    const last = () => seen.at(-1);

    send(1, { n: 1, emoji: '🎉', x: 10, y: 20 });
    await waitFor(() => (last()?.cursor as { x: number } | undefined)?.x === 1);
    expect(last()?.burst).toEqual({ n: 1, emoji: '🎉', x: 10, y: 20 });

    send(2, { n: 2, emoji: '👍', x: 10, y: 20, junk: 'x'.repeat(8000) });
    await waitFor(() => (last()?.cursor as { x: number } | undefined)?.x === 2);
    expect(last()?.burst).toEqual({ n: 2, emoji: '👍', x: 10, y: 20 });

    send(3, { n: 3, emoji: '💩', x: 10, y: 20 });
    await waitFor(() => (last()?.cursor as { x: number } | undefined)?.x === 3);
    expect(last()).not.toHaveProperty('burst');
    // The rest of the state went on as sent.
    expect(last()?.user).toEqual({ name: 'Alice', color: '#e03131', role: 'viewer' });
    expect(bob.provider.awareness.getStates().get(alice.provider.awareness.clientID)).toEqual(
      last(),
    );
  });

  it('lets a flurry through and then only a few a second, whatever the client sends', async () => {
    const { alice, seen } = await people();
    const total = 25;
    const spacingMs = 60;
    const started = performance.now();
    for (let n = 1; n <= total; n++) {
      alice.provider.awareness.setLocalState({
        user: { name: 'Alice', color: '#e03131', role: 'viewer' },
        cursor: { x: n, y: 0 },
        selection: [],
        burst: { n, emoji: '🎉', x: n, y: 0 },
      });
      // Spaced beyond the server's presence tick, so each state reaches Bob on its own.
      await new Promise((resolve) => setTimeout(resolve, spacingMs));
    }
    await waitFor(() => (seen.at(-1)?.cursor as { x: number } | undefined)?.x === total);
    const seconds = (performance.now() - started) / 1000;
    const bursts = new Set(
      seen.flatMap((state) => (state.burst ? [(state.burst as { n: number }).n] : [])),
    );
    expect(bursts.size).toBeGreaterThanOrEqual(SERVER_BURST_FLURRY);
    expect(bursts.size).toBeLessThanOrEqual(
      SERVER_BURST_FLURRY + Math.ceil(seconds * SERVER_BURSTS_PER_SECOND),
    );
    expect(bursts.size).toBeLessThan(total);
    // Every state came through, the bursts over the rate without their burst.
    expect(seen.filter((state) => state.cursor && !state.burst).length).toBeGreaterThan(0);
  });
});

describe('selections in presence', () => {
  const servers = useTestServers();
  const { cleanups } = servers;
  const people = () => twoPeople(servers, 'editor');
  const ids = (count: number) => Array.from({ length: count }, (_, i) => `n${i}`);

  it('cuts a stock client’s select-all to the first ids everyone outlines, keeping it connected', async () => {
    const { alice, bob } = await people();
    const seen = statesSeen(bob, alice);
    alice.provider.awareness.setLocalState({
      user: { name: 'Alice', color: '#e03131', role: 'editor' },
      cursor: { x: 1, y: 0 },
      selection: ids(1500),
    });
    await waitFor(() => (seen.at(-1)?.cursor as { x: number } | undefined)?.x === 1);
    expect(seen.at(-1)?.selection).toEqual(ids(MAX_SHARED_SELECTION));
    expect(seen.at(-1)?.user).toEqual({ name: 'Alice', color: '#e03131', role: 'editor' });
    expect(alice.provider.wsconnected).toBe(true);
  });

  it('is not fooled by a repeated or escaped key: the field JSON.parse keeps is the one bounded', async () => {
    const { started, board, bob } = await people();
    const raw = openSocket(started.wsUrl, board.id, board.tokens.editor);
    cleanups.push(() => raw.socket.close());
    expect(await raw.opened).toBe(true);
    const clientId = 987654;
    const stateOf = () => bob.provider.awareness.getStates().get(clientId);
    const send = (clock: number, json: string) =>
      raw.socket.send(awarenessFrame([{ clientId, clock, json }]));
    const list = JSON.stringify(ids(400));

    // A short empty selection first, then the real one: JSON.parse keeps the last.
    send(
      1,
      `{"user":{"name":"Eve","color":"#000000"},"selection":[],"cursor":null,"selection":${list}}`,
    );
    await waitFor(() => stateOf() !== undefined);
    expect(stateOf()?.selection).toEqual(ids(MAX_SHARED_SELECTION));

    // The key spelled with an escape is the same key.
    send(
      2,
      `{"user":{"name":"Eve","color":"#000000"},"cursor":{"x":2,"y":0},"\\u0073election":${list}}`,
    );
    await waitFor(() => (stateOf()?.cursor as { x: number } | null | undefined)?.x === 2);
    expect(stateOf()?.selection).toEqual(ids(MAX_SHARED_SELECTION));

    // An escaped burst key goes through the burst bound as well: junk is cut down to a burst.
    send(
      3,
      `{"user":{"name":"Eve","color":"#000000"},"cursor":{"x":3,"y":0},"selection":[],"\\u0062urst":{"n":1,"emoji":"🎉","x":0,"y":0,"junk":"${'x'.repeat(2000)}"}}`,
    );
    await waitFor(() => (stateOf()?.cursor as { x: number } | null | undefined)?.x === 3);
    expect(stateOf()?.burst).toEqual({ n: 1, emoji: '🎉', x: 0, y: 0 });
  });
});
