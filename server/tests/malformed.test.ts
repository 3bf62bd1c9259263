import { CloseCode, addItem, getItem, makeSticky, readItems } from '@weboard/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectClient,
  createBoard,
  rawClient,
  startServer,
  tempDir,
  testConfig,
  waitFor,
} from './helpers';
import type { TestBoard, TestClient, TestServer } from './helpers';

const MAX_MESSAGE_BYTES = 64 * 1024;

/** Deterministic "random" bytes (a linear congruential generator), so failures are reproducible. */
function pseudoRandomBytes(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

const BAD_FRAMES: { name: string; frame: Buffer | string; code: number }[] = [
  { name: 'random bytes', frame: pseudoRandomBytes(512, 42), code: CloseCode.MalformedMessage },
  {
    name: 'truncated varint',
    frame: Buffer.from([0x00, 0x00, 0xff]),
    code: CloseCode.MalformedMessage,
  },
  { name: 'empty frame', frame: Buffer.alloc(0), code: CloseCode.MalformedMessage },
  {
    name: 'unknown message type',
    frame: Buffer.from([0x07, 0x00]),
    code: CloseCode.MalformedMessage,
  },
  {
    name: 'unknown sync type',
    frame: Buffer.from([0x00, 0x09, 0x00]),
    code: CloseCode.MalformedMessage,
  },
  {
    name: 'update that Yjs cannot apply',
    frame: Buffer.from([0x00, 0x02, 0x06, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x05]),
    code: CloseCode.MalformedMessage,
  },
  { name: 'text frame', frame: 'hello', code: CloseCode.MalformedMessage },
  {
    name: 'oversized message',
    frame: Buffer.alloc(MAX_MESSAGE_BYTES + 1024),
    code: CloseCode.MessageTooBig,
  },
];

describe('malformed frames', () => {
  const data = tempDir();
  let server: TestServer;
  let board: TestBoard;
  let alice: TestClient;
  let bob: TestClient;

  beforeAll(async () => {
    server = await startServer(
      testConfig(data.dir, { MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES) }),
    );
    board = await createBoard(server.app);
    alice = await connectClient(server.wsUrl, board.id, board.tokens.editor);
    bob = await connectClient(server.wsUrl, board.id, board.tokens.editor);
  });

  afterAll(async () => {
    alice.destroy();
    bob.destroy();
    await server.close();
    data.remove();
  });

  it.each(BAD_FRAMES.map((c, i) => ({ ...c, i })))(
    'closes the sender of $name and keeps serving the board',
    async ({ frame, code, i }) => {
      const bad = rawClient(server.wsUrl, board.id, board.tokens.editor);
      await bad.opened;
      await waitFor(() => bad.messages.length > 0, 5000, 'the server handshake');
      bad.socket.send(frame);
      expect((await bad.closed).code).toBe(code);

      const id = `after-${i}`;
      addItem(alice.doc, makeSticky({ id, x: i, y: i, z: `a${i}`, createdBy: 'alice' }));
      await waitFor(() => getItem(bob.doc, id) !== null, 5000, 'bob to keep syncing');
    },
  );

  it('leaves the stored board intact', async () => {
    const fresh = await connectClient(server.wsUrl, board.id, board.tokens.viewer);
    try {
      expect(readItems(fresh.doc)).toHaveLength(BAD_FRAMES.length);
      expect(fresh.doc.getMap('meta').get('title')).toBe('Test board');
    } finally {
      fresh.destroy();
    }
  });
});
