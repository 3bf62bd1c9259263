import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { updateAddsNothing } from './update-coverage';

/** A copy of `doc` (its own client id, so copies never write as the original). */
function copyOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

/** Whether applying `update` to a copy of `doc` changes it (Yjs's own answer). */
function changes(doc: Y.Doc, update: Uint8Array): boolean {
  const copy = copyOf(doc);
  const before = Y.encodeStateAsUpdate(copy);
  Y.applyUpdate(copy, update);
  return !equalBytes(before, Y.encodeStateAsUpdate(copy));
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** Every kind of content an update carries: map fields of each `any` type, text, lists, XML, subdocs. */
function writeEverything(doc: Y.Doc, round: number): void {
  const items = doc.getMap('items');
  const note = new Y.Map<unknown>();
  items.set(`note-${round}`, note);
  note.set('x', round * 1.5);
  note.set('y', -round);
  note.set('n', 2 ** 40 + round);
  note.set('big', BigInt(round));
  note.set('f', Math.fround(0.25));
  note.set('flags', [true, false, null, undefined, { nested: ['a', 1] }]);
  note.set('bytes', new Uint8Array([1, 2, round & 255]));
  note.set('gone', 'soon');
  note.delete('gone');
  const text = new Y.Text();
  note.set('text', text);
  text.insert(0, `Note ${round} — 😀 ünïcödé \uFEFF`, { bold: true });
  text.insertEmbed(3, { image: 'x.png' });
  text.format(0, 2, { italic: true });
  text.delete(1, 2);
  const list = doc.getArray('list');
  list.push([round, `s${round}`, new Uint8Array([round & 255])]);
  if (list.length > 2) list.delete(0, 1);
  const xml = doc.getXmlFragment('xml');
  const element = new Y.XmlElement('p');
  element.setAttribute('class', `c${round}`);
  element.insert(0, [new Y.XmlText('hi')]);
  // A hook sits in a fragment as any XML node does; Yjs's types leave it out.
  xml.push([element, new Y.XmlHook('hook') as unknown as Y.XmlElement]);
  doc.getMap('subdocs').set(`d${round}`, new Y.Doc({ guid: `guid-${round}` }));
  doc.getText('legacy').applyDelta([{ insert: `json${round}` }]);
}

describe('updateAddsNothing', () => {
  it('holds for every update a document already contains, and not for one that adds anything', () => {
    const writer = new Y.Doc();
    const states: Uint8Array[] = [Y.encodeStateVector(writer)];
    const copies: Y.Doc[] = [copyOf(writer)];
    for (let round = 0; round < 6; round++) {
      writeEverything(writer, round);
      states.push(Y.encodeStateVector(writer));
      copies.push(copyOf(writer));
    }
    for (let from = 0; from < states.length; from++) {
      for (let to = from; to < states.length; to++) {
        // What the writer had at `to` beyond what it had at `from`.
        const update = Y.encodeStateAsUpdate(copies[to]!, states[from]);
        for (let server = 0; server < copies.length; server++) {
          const expected = !changes(copies[server]!, update);
          expect(updateAddsNothing(copies[server]!, update), `${from}..${to} on ${server}`).toBe(
            expected,
          );
          expect(expected).toBe(server >= to);
        }
      }
    }
  });

  it('counts a string in UTF-16 units, as Yjs does', () => {
    const writer = new Y.Doc();
    const text = writer.getText('t');
    text.insert(0, '😀😀');
    const server = copyOf(writer);
    text.insert(4, 'é');
    const update = Y.encodeStateAsUpdate(writer);
    expect(updateAddsNothing(server, update)).toBe(false);
    expect(updateAddsNothing(copyOf(writer), update)).toBe(true);
  });

  it('holds only when every deletion it carries is done', () => {
    const writer = new Y.Doc();
    const items = writer.getArray<number>('a');
    items.push([1, 2, 3]);
    const server = copyOf(writer);
    items.delete(1, 1);
    const update = Y.encodeStateAsUpdate(writer);
    expect(updateAddsNothing(server, update)).toBe(false);
    Y.applyUpdate(server, update);
    expect(updateAddsNothing(server, update)).toBe(true);
  });

  it('says no to what it cannot read', () => {
    const doc = new Y.Doc();
    doc.getMap('m').set('k', 'v');
    const update = Y.encodeStateAsUpdate(doc);
    for (const bytes of [
      new Uint8Array([]),
      update.slice(0, update.length - 1),
      new Uint8Array([...update, 0]),
      new Uint8Array([1, 1, 5, 0, 0x1f]),
    ]) {
      expect(updateAddsNothing(doc, bytes)).toBe(false);
    }
  });

  it('agrees with Yjs on random histories (property)', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), key: fc.nat(5), value: fc.jsonValue() }),
      fc.record({ kind: fc.constant('delete' as const), key: fc.nat(5) }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(20), text: fc.string() }),
      fc.record({ kind: fc.constant('cut' as const), at: fc.nat(20), length: fc.nat(5) }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(op, { maxLength: 6 }), { minLength: 1, maxLength: 6 }),
        (rounds) => {
          const writer = new Y.Doc();
          const copies = [copyOf(writer)];
          for (const ops of rounds) {
            writer.transact(() => {
              for (const o of ops) {
                const map = writer.getMap('m');
                const text = writer.getText('t');
                if (o.kind === 'set') map.set(`k${o.key}`, o.value);
                else if (o.kind === 'delete') map.delete(`k${o.key}`);
                else if (o.kind === 'insert') text.insert(Math.min(o.at, text.length), o.text);
                else {
                  const at = Math.min(o.at, text.length);
                  text.delete(at, Math.min(o.length, text.length - at));
                }
              }
            });
            copies.push(copyOf(writer));
          }
          for (let from = 0; from < copies.length; from++) {
            const update = Y.encodeStateAsUpdate(writer, Y.encodeStateVector(copies[from]!));
            for (const server of copies) {
              expect(updateAddsNothing(server, update)).toBe(!changes(server, update));
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
