import { addItem, makeSticky, readItems } from '@weboard/shared';
import * as decoding from 'lib0/decoding';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { createBoard, sleep, startServer, tempDir, testConfig, waitFor } from './helpers';
import type { TestBoard } from './helpers';
import { openSocket, updateFrame } from './raw';

/** Sync step 1 with an empty state vector: "send me everything". */
const ASK_EVERYTHING = Buffer.from([0, 0, 1, 0]);

describe('load: reconnect storms and big boards', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('syncs 1500 clients reconnecting at once after a restart, every one of them', async () => {
    const BOARDS = 30;
    const CLIENTS = 1500;
    const data = tempDir();
    cleanups.push(data.remove);
    const env = { MAX_CONNECTIONS_PER_IP: '10000', LOAD_CONCURRENCY: '4' };
    const config = testConfig(data.dir, env);
    const first = await startServer(config);
    const boards: TestBoard[] = [];
    for (let b = 0; b < BOARDS; b++) {
      const board = await createBoard(first.app, `storm ${b}`);
      const doc = new Y.Doc();
      for (let i = 0; i < 50; i++) {
        addItem(doc, makeSticky({ id: `i${i}`, x: i, y: b, z: `a${i}`, createdBy: 'w' }));
      }
      const writer = openSocket(first.wsUrl, board.id, board.tokens.editor);
      await writer.opened;
      writer.socket.send(updateFrame(Y.encodeStateAsUpdate(doc)));
      writer.socket.close();
      boards.push(board);
    }
    await waitFor(() => first.app.sync.connections === 0);
    await first.close();

    const second = await startServer(config);
    cleanups.push(second.close);
    // Everyone comes back at once, as after a deploy. A refused or reset client retries after a
    // jittered backoff, as a well-behaved client does.
    const started = performance.now();
    const syncTimes: number[] = [];
    const sockets = new Set<WebSocket>();
    cleanups.push(() => {
      for (const socket of sockets) socket.terminate();
    });
    const syncOne = (board: TestBoard) =>
      new Promise<Buffer>((resolve) => {
        let attempt = 0;
        const connect = () => {
          const socket = new WebSocket(
            `${second.wsUrl}/sync/${board.id}?token=${board.tokens.viewer}`,
          );
          sockets.add(socket);
          let done = false;
          socket.on('open', () => socket.send(ASK_EVERYTHING));
          socket.on('message', (data: Buffer) => {
            if (data[0] === 0 && data[1] === 1 && !done) {
              done = true;
              syncTimes.push(performance.now() - started);
              resolve(Buffer.from(data));
            }
          });
          socket.on('error', () => undefined);
          socket.on('close', () => {
            sockets.delete(socket);
            if (done) return;
            attempt += 1;
            const backoff = Math.min(100 * 2 ** attempt, 2500);
            setTimeout(connect, backoff / 2 + Math.random() * (backoff / 2));
          });
        };
        connect();
      });
    const replies = await Promise.all(
      Array.from({ length: CLIENTS }, (_, i) => syncOne(boards[i % BOARDS]!)),
    );
    expect(syncTimes).toHaveLength(CLIENTS);
    // Every client got its own board, whole: each of a board's clients got the same bytes.
    for (let b = 0; b < BOARDS; b++) {
      const mine = replies.filter((_, i) => i % BOARDS === b);
      expect(mine.every((reply) => reply.equals(mine[0]!))).toBe(true);
    }
    for (let b = 0; b < BOARDS; b++) {
      const decoder = decoding.createDecoder(replies[b]!);
      decoding.readVarUint(decoder);
      decoding.readVarUint(decoder);
      const doc = new Y.Doc();
      Y.applyUpdate(doc, decoding.readVarUint8Array(decoder));
      expect(readItems(doc)).toHaveLength(50);
      expect(doc.getMap('meta').get('title')).toBe(`storm ${b}`);
    }
    for (const socket of sockets) socket.close();
  }, 120_000);

  it('syncs a board too big for a quick sync step to a stock client within its timeout', async () => {
    const data = tempDir();
    cleanups.push(data.remove);
    const config = testConfig(data.dir, {
      MAX_BYTES_PER_SECOND: String(256 * 1024 * 1024),
      MAX_BOARD_BYTES: String(256 * 1024 * 1024),
    });
    const first = await startServer(config);
    const board = await createBoard(first.app, 'Huge');
    const writer = openSocket(first.wsUrl, board.id, board.tokens.editor);
    await writer.opened;
    // About 16 MB of notes, sent in messages under the 4 MiB message limit.
    const source = new Y.Doc();
    for (let batch = 0; batch < 8; batch++) {
      const before = Y.encodeStateVector(source);
      source.transact(() => {
        for (let i = 0; i < 1000; i++) {
          const id = `n${batch}-${i}`;
          addItem(
            source,
            makeSticky({
              id,
              x: i,
              y: batch,
              z: `a${i}`,
              createdBy: 'w',
              text: id.padEnd(2000, '.'),
            }),
          );
        }
      });
      writer.socket.send(updateFrame(Y.encodeStateAsUpdate(source, before)));
    }
    const expected = readItems(source).length;
    writer.socket.close();
    await waitFor(() => first.app.sync.connections === 0, 30_000);
    await first.close();

    const second = await startServer(config);
    cleanups.push(second.close);
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(`${second.wsUrl}/sync`, board.id, doc, {
      params: { token: board.tokens.viewer },
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    });
    cleanups.push(() => {
      provider.destroy();
      doc.destroy();
    });
    let closes = 0;
    provider.on('connection-close', () => (closes += 1));
    const started = performance.now();
    // y-websocket drops a connection that delivers no message for 30 s (messageReconnectTimeout).
    await waitFor(() => provider.synced, 30_000, 'the big board to sync');
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(closes).toBe(0);
    expect(readItems(doc)).toHaveLength(expected);
    await sleep(10);
  }, 120_000);
});
