import { CloseCode, addItem, getItem, makeSticky, readItems } from '@weboard/shared';
import fc from 'fast-check';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { openSocket } from './raw';
import { connectClient, createBoard, startServer, tempDir, testConfig, waitFor } from './helpers';
import type { TestBoard, TestClient, TestServer } from './helpers';

/** Codes a hostile frame may earn; anything else (or a crash) fails the property. */
const ALLOWED_CLOSE_CODES: readonly number[] = [
  CloseCode.MalformedMessage,
  CloseCode.MessageTooBig,
  CloseCode.RateLimited,
  CloseCode.BoardTooBig,
];

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** Well-formed frames of every message type, as a stock client would send them. */
function validFrames(): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  // Writes go to a map of their own, so a frame that survives mutation cannot touch the items.
  const scratch = doc.getMap('fuzz');
  scratch.set('n', 1);
  scratch.set('text', new Y.Text('hello'));
  (scratch.get('text') as Y.Text).insert(5, ' world');
  scratch.delete('n');
  const awareness = new awarenessProtocol.Awareness(doc);
  awareness.setLocalState({ user: { name: 'fuzzer', color: '#f00' }, cursor: { x: 1, y: 2 } });
  const frames = [
    frame((e) => {
      encoding.writeVarUint(e, 0);
      syncProtocol.writeSyncStep1(e, doc);
    }),
    frame((e) => {
      encoding.writeVarUint(e, 0);
      syncProtocol.writeSyncStep2(e, doc);
    }),
    ...updates.map((update) =>
      frame((e) => {
        encoding.writeVarUint(e, 0);
        syncProtocol.writeUpdate(e, update);
      }),
    ),
    frame((e) => {
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint8Array(
        e,
        awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]),
      );
    }),
    frame((e) => encoding.writeVarUint(e, 3)),
    frame((e) => {
      encoding.writeVarUint(e, 2);
      encoding.writeVarUint(e, 0);
      encoding.writeVarString(e, 'denied');
    }),
  ];
  awareness.destroy();
  doc.destroy();
  return frames;
}

const VALID = validFrames();

/** Random bytes, truncated valid frames, valid frames with random bytes overwritten, and mixes. */
const hostileFrame: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 512 }),
  fc
    .tuple(fc.constantFrom(...VALID), fc.nat())
    .map(([valid, cut]) => valid.slice(0, cut % Math.max(valid.length, 1))),
  fc
    .tuple(
      fc.constantFrom(...VALID),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), {
        minLength: 1,
        maxLength: 6,
      }),
    )
    .map(([valid, edits]) => {
      const mutated = Uint8Array.from(valid);
      for (const [at, byte] of edits) mutated[at % mutated.length] = byte;
      return mutated;
    }),
  fc
    .tuple(fc.constantFrom(...VALID), fc.uint8Array({ minLength: 1, maxLength: 64 }))
    .map(([valid, tail]) => Uint8Array.from([...valid, ...tail])),
  fc.constantFrom(...VALID),
);

describe('fuzzing the sync endpoint', () => {
  const data = tempDir();
  let server: TestServer;
  let board: TestBoard;
  let editor: TestClient;
  let watcher: TestClient;

  beforeAll(async () => {
    server = await startServer(testConfig(data.dir, { MAX_MESSAGE_BYTES: '65536' }));
    board = await createBoard(server.app, 'Fuzzed');
    editor = await connectClient(server.wsUrl, board.id, board.tokens.editor);
    for (let i = 0; i < 5; i++) {
      addItem(
        editor.doc,
        makeSticky({ id: `keep${i}`, x: i, y: i, z: `a${i}`, createdBy: 'e', text: `note ${i}` }),
      );
    }
    watcher = await connectClient(server.wsUrl, board.id, board.tokens.viewer);
    await waitFor(() => readItems(watcher.doc).length === 5);
  });

  afterAll(async () => {
    editor?.destroy();
    watcher?.destroy();
    await server?.close();
    data.remove();
  });

  it('survives random, truncated and mutated frames; closes only offenders, with a code', async () => {
    let run = 0;
    const outcomes = { open: 0, closed: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(hostileFrame, { minLength: 1, maxLength: 3 }), async (frames) => {
        run += 1;
        const attacker = openSocket(server.wsUrl, board.id, board.tokens.editor);
        expect(await attacker.opened).toBe(true);
        for (const bytes of frames) attacker.socket.send(bytes);
        // A sync step 1 as a probe: a step 2 back means the connection is still being served.
        attacker.socket.send(VALID[0]!);
        const answered = waitFor(
          () => attacker.messages.some((message) => message[0] === 0 && message[1] === 1),
          5000,
          'probe answer',
        ).then(() => 'open' as const);
        const outcome = await Promise.race([answered, attacker.closed]);
        outcomes[outcome === 'open' ? 'open' : 'closed'] += 1;
        if (outcome !== 'open') {
          expect(ALLOWED_CLOSE_CODES).toContain(outcome.code);
          expect(outcome.reason.length).toBeGreaterThan(0);
        }
        attacker.socket.terminate();

        if (run % 10 === 0) {
          // Honest clients keep syncing through it all.
          editor.doc.getMap('meta').set('probe', run);
          await waitFor(() => watcher.doc.getMap('meta').get('probe') === run, 5000, 'sync');
        }
      }),
      {
        numRuns: Number(process.env.FUZZ_RUNS ?? 150),
        seed: process.env.FUZZ_RUNS ? undefined : 20260601,
        endOnFailure: true,
      },
    );
    // Both paths were exercised: frames that cost the sender its connection, and ones it survived.
    expect(outcomes.closed).toBeGreaterThan(outcomes.open / 10);
    expect(outcomes.open).toBeGreaterThan(0);

    expect((await server.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    // The board is intact, in memory and for a client that joins now.
    const late = await connectClient(server.wsUrl, board.id, board.tokens.viewer);
    try {
      for (let i = 0; i < 5; i++) {
        expect(getItem(late.doc, `keep${i}`)).toMatchObject({ x: i, y: i, text: `note ${i}` });
      }
      editor.doc.getMap('meta').set('final', true);
      await waitFor(() => late.doc.getMap('meta').get('final') === true);
    } finally {
      late.destroy();
    }
  });
});
