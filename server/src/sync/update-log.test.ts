import { addItem, makeSticky, readItems } from '@weboard/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { mergedCount } from '../storage/merge-small.mjs';
import { mergeSmall } from './update-log';

/** Updates of one document: `sizes[i]` stickies in update i (long texts make them big). */
function updatesOf(sizes: number[]): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  let n = 0;
  for (const size of sizes) {
    doc.transact(() => {
      for (let i = 0; i < size; i++, n++) {
        addItem(
          doc,
          makeSticky({
            id: `s${n}`,
            x: n,
            y: 0,
            z: `a${n}`,
            createdBy: 'u',
            text: 'x'.repeat(200),
          }),
        );
      }
    });
  }
  return updates;
}

describe('mergeSmall', () => {
  it.each([
    ['nothing', [], 0],
    ['one update', [1], 1],
    ['two small updates, kept as they came (merging them costs more than the entry)', [1, 1], 2],
    ['many small updates, merged into one', [1, 1, 1, 1, 1], 1],
    ['big updates, kept apart', [400, 400], 2],
    ['small ones around a big one, merged per run', [1, 1, 400, 1, 1], 3],
  ])('%s', (_name, sizes, expected) => {
    const updates = updatesOf(sizes);
    const merged = mergeSmall(updates);
    expect(merged).toHaveLength(expected);
    expect(mergedCount(updates)).toBe(expected);
    const doc = new Y.Doc();
    for (const update of merged) Y.applyUpdate(doc, update);
    expect(readItems(doc)).toHaveLength(sizes.reduce((a, b) => a + b, 0));
  });
});
