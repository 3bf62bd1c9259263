import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import * as fast from './lib0-decoding';

/** What lib0 and the module read from the same bytes: the value (or error) and where each stopped. */
function both(bytes: Uint8Array, read: 'readVarString' | 'readAny' | 'peekVarString') {
  const run = (module: typeof decoding | typeof fast) => {
    const decoder = decoding.createDecoder(bytes);
    try {
      return { value: module[read](decoder) as unknown, pos: decoder.pos };
    } catch (error) {
      return { error: (error as Error).constructor.name, pos: decoder.pos };
    }
  };
  return { lib0: run(decoding), fast: run(fast) };
}

const encoded = (write: (encoder: encoding.Encoder) => void) => {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
};

const withLength = (bytes: number[], length = bytes.length) =>
  encoded((e) => {
    encoding.writeVarUint(e, length);
    for (const byte of bytes) encoding.writeUint8(e, byte);
  });

describe("lib0's decoding with short ASCII strings read in JavaScript", () => {
  it('reads every string as lib0 does, short or long, ASCII or not', () => {
    const strings = [
      '',
      'x',
      'sticky',
      'a0V',
      'A note of exactly sixty-four characters, filled up to the limit!',
      'A note of exactly sixty-five characters, filled past the limit!!!',
      'x'.repeat(5000),
      'Grüße',
      'emoji 🗒️ at the end',
      '\u0000\u007f control characters',
      '日本語のメモ',
    ];
    for (const text of strings) {
      const bytes = encoded((e) => {
        encoding.writeVarString(e, text);
        encoding.writeVarString(e, 'next');
      });
      const { lib0, fast: ours } = both(bytes, 'readVarString');
      expect(ours).toEqual(lib0);
      expect(ours.value).toBe(text);
      // The decoder stops where lib0's does, so the next read finds the next value.
      const decoder = decoding.createDecoder(bytes);
      fast.readVarString(decoder);
      expect(fast.readVarString(decoder)).toBe('next');
    }
  });

  it('fails where lib0 fails: invalid UTF-8, a length past the end', () => {
    for (const bytes of [
      withLength([0x61, 0xff, 0x62]),
      withLength([0xc3]),
      withLength([0x61, 0x62], 5),
      withLength([0x61], 300),
    ]) {
      const { lib0, fast: ours } = both(bytes, 'readVarString');
      expect(lib0.error).toBeDefined();
      expect(ours).toEqual(lib0);
    }
  });

  it('reads any value, strings nested in objects and arrays included, as lib0 does', () => {
    const values = [
      null,
      true,
      false,
      42,
      -7,
      1.5,
      'yellow',
      { type: 'sticky', x: 10, nested: { tags: ['a', 'Grüße', 'b'.repeat(100)] } },
      [1, 'two', { three: 3 }],
      new Uint8Array([1, 2, 3]),
    ];
    for (const value of values) {
      const bytes = encoded((e) => encoding.writeAny(e, value));
      const { lib0, fast: ours } = both(bytes, 'readAny');
      expect(ours).toEqual(lib0);
      expect(ours.value).toEqual(value);
    }
  });

  it('peeks without moving on', () => {
    const { lib0, fast: ours } = both(
      encoded((e) => encoding.writeVarString(e, 'peek')),
      'peekVarString',
    );
    expect(ours).toEqual({ value: 'peek', pos: 0 });
    expect(ours).toEqual(lib0);
  });

  it('reads every string of a board update as lib0 does', () => {
    const doc = new Y.Doc();
    const items = doc.getMap('items');
    for (let i = 0; i < 50; i++) {
      const item = new Y.Map<unknown>();
      item.set('type', 'sticky');
      item.set('x', i * 240);
      item.set('color', i % 2 ? 'yellow' : 'blue');
      item.set('text', new Y.Text(i % 3 ? `Note ${i}` : `Nötiz ${i} 🗒️`));
      items.set(`n${i}`, item);
    }
    // Every string of a version 1 update, read through the module, one at a time.
    const update = Y.encodeStateAsUpdate(doc);
    const viaLib0 = new Y.Doc();
    Y.applyUpdate(viaLib0, update);
    expect(viaLib0.getMap('items').toJSON()).toEqual(items.toJSON());
    const strings: string[] = [];
    // Scan: at each position where lib0 reads a string, the module reads the same one.
    for (let pos = 0; pos < update.length; pos++) {
      const a = decoding.createDecoder(update);
      const b = decoding.createDecoder(update);
      a.pos = b.pos = pos;
      let expected: string | null = null;
      try {
        expected = decoding.readVarString(a);
      } catch {
        expected = null;
      }
      if (expected === null) continue;
      expect(fast.readVarString(b)).toBe(expected);
      expect(b.pos).toBe(a.pos);
      strings.push(expected);
    }
    expect(strings).toContain('sticky');
  });

  it('gives a short string read again the string it read before, building none', () => {
    const bytes = encoded((e) => {
      for (let i = 0; i < 3; i++) encoding.writeVarString(e, 'color');
    });
    const decoder = decoding.createDecoder(bytes);
    expect(fast.readVarString(decoder)).toBe('color');
    const build = vi.spyOn(String, 'fromCharCode');
    try {
      expect(fast.readVarString(decoder)).toBe('color');
      expect(fast.readVarString(decoder)).toBe('color');
      expect(build).not.toHaveBeenCalled();
    } finally {
      build.mockRestore();
    }
  });

  it('reads many different short strings, read again in another order, as lib0 does', () => {
    // More strings than the module keeps, so that many share a slot and push each other out.
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const strings = Array.from({ length: 20_000 }, (_, i) => {
      const length = 1 + Math.floor(random() * 30);
      let text = '';
      for (let k = 0; k < length; k++) text += String.fromCharCode(32 + Math.floor(random() * 95));
      return i % 5 === 0 ? text.slice(0, 2) : text;
    });
    const order = [...strings, ...[...strings].sort(() => random() - 0.5)];
    const bytes = encoded((e) => {
      for (const text of order) encoding.writeVarString(e, text);
    });
    const decoder = decoding.createDecoder(bytes);
    for (const text of order) expect(fast.readVarString(decoder)).toBe(text);
    expect(decoder.pos).toBe(bytes.length);
  });
});
