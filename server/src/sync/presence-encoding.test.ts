import { describe, expect, it } from 'vitest';
import * as ws from 'ws';
import { Awareness, applyAwarenessUpdate } from 'y-protocols/awareness';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { encodeEntry, encodeMessage } from './presence-encoding';

/** ws's frame parser, which @types/ws does not declare. */
interface FrameReceiver {
  on(event: 'message', listener: (data: Buffer) => void): void;
  write(chunk: Buffer): void;
}
const { Receiver } = ws as unknown as {
  Receiver: new (options: { isServer: boolean }) => FrameReceiver;
};

/** What ws (as a client's socket) reads from `frame`: the messages it holds. */
function readFrames(frame: Uint8Array): Buffer[] {
  const messages: Buffer[] = [];
  // A client's receiver: the server's frames are unmasked.
  const receiver = new Receiver({ isServer: false });
  receiver.on('message', (data: Buffer) => messages.push(data));
  receiver.write(Buffer.from(frame));
  return messages;
}

describe('encodeMessage', () => {
  it.each([
    ['a short message', 1, 20],
    ['a 16-bit length', 40, 200],
    ['a 64-bit length', 400, 200],
  ])(
    'frames %s as ws reads it, holding the awareness update a client applies',
    (_, count, size) => {
      const entries = Array.from({ length: count }, (_, i) =>
        encodeEntry(100 + i, 1, JSON.stringify({ n: i, pad: 'x'.repeat(size) })),
      );
      const bytes = entries.reduce((sum, entry) => sum + entry.byteLength, 0);
      const { message, frame } = encodeMessage(entries, bytes);
      const read = readFrames(frame);
      expect(read).toHaveLength(1);
      expect(new Uint8Array(read[0]!)).toEqual(new Uint8Array(message));
      const decoder = decoding.createDecoder(message);
      expect(decoding.readVarUint(decoder)).toBe(1); // awareness
      const awareness = new Awareness(new Y.Doc());
      applyAwarenessUpdate(awareness, decoding.readVarUint8Array(decoder), null);
      expect(awareness.getStates().get(100 + count - 1)).toEqual({
        n: count - 1,
        pad: 'x'.repeat(size),
      });
    },
  );
});
