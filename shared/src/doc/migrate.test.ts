import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SCHEMA_VERSION } from '../schema';
import { getItem, initBoard, metaMap, readItems } from './board-doc';
import { checkMigrations, migrateBoard, MIGRATION_ORIGIN, needsMigration } from './migrate';
import { BOARD_MIGRATIONS } from './migrations';
import { BOARD_V1_BASE64 } from './migrations/fixtures/board-v1';
import { BOARD_V2_BASE64 } from './migrations/fixtures/board-v2';

function stored(base64: string): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(
    doc,
    Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)),
  );
  return doc;
}
const storedV1 = () => stored(BOARD_V1_BASE64);

describe('board migrations', () => {
  it('version 2 (item-defaults): the stored version-1 board shows its note written without rotation', () => {
    const doc = storedV1();
    expect(metaMap(doc).get('schemaVersion')).toBe(1);
    expect(
      readItems(doc)
        .map((item) => item.id)
        .sort(),
    ).toEqual(['complete', 'tilted']);
    expect(needsMigration(doc)).toBe(true);

    const origins: unknown[] = [];
    doc.on('afterTransaction', (transaction: Y.Transaction) => origins.push(transaction.origin));
    expect(migrateBoard(doc)).toEqual({
      from: 1,
      to: 3,
      applied: ['item-defaults', 'cards-into-cells'],
    });

    expect(origins).toEqual([MIGRATION_ORIGIN]);
    expect(metaMap(doc).get('schemaVersion')).toBe(3);
    expect(
      readItems(doc)
        .map((item) => item.id)
        .sort(),
    ).toEqual(['bare', 'complete', 'tilted']);
    expect(getItem(doc, 'bare')).toMatchObject({ rotation: 0, createdAt: 0, x: 300 });
    // What was there stays as it was.
    expect(getItem(doc, 'tilted')).toMatchObject({ rotation: 15, createdAt: 1700000000000 });
    expect(needsMigration(doc)).toBe(false);
  });

  it('version 3 (cards-into-cells): cards in a swimlane label column move into an iteration cell', () => {
    const doc = stored(BOARD_V2_BASE64);
    expect(metaMap(doc).get('schemaVersion')).toBe(2);
    const before = new Map(readItems(doc).map((i) => [i.id, i]));
    expect(migrateBoard(doc)).toEqual({ from: 2, to: 3, applied: ['cards-into-cells'] });
    const cell = (id: string) => getItem(doc, id) as { x: number; y: number; w: number; h: number };
    const within = (id: string, frame: string) => {
      const card = cell(id);
      const f = cell(frame);
      return (
        card.x >= f.x &&
        card.y >= f.y &&
        card.x + card.w <= f.x + f.w &&
        card.y + card.h <= f.y + f.h
      );
    };
    // Without a lane: the team's first iteration cell, and its lane.
    expect(within('in-label', 'cell-1')).toBe(true);
    expect(getItem(doc, 'in-label')).toMatchObject({ teamId: 'pay', laneId: 'i1' });
    // Planned into Iteration 2: that cell, lane kept.
    expect(within('in-label-laned', 'cell-2')).toBe(true);
    expect(getItem(doc, 'in-label-laned')).toMatchObject({ laneId: 'i2' });
    // A full cell fans the moved card out over it: never exactly on top of the card there.
    expect(within('in-cell', 'cell-1')).toBe(true);
    expect([cell('in-label').x, cell('in-label').y]).not.toEqual([
      cell('in-cell').x,
      cell('in-cell').y,
    ]);
    for (const id of ['in-cell', 'outside', 'swimlane', 'cell-1', 'cell-2'])
      expect(getItem(doc, id)).toEqual(before.get(id));
  });

  it('runs once: a migrated board, a current one, an unsynced one and a newer one are left alone', () => {
    const migrated = storedV1();
    migrateBoard(migrated);
    const current = new Y.Doc();
    initBoard(current, 'now');
    const newer = new Y.Doc();
    metaMap(newer).set('schemaVersion', SCHEMA_VERSION + 1);
    for (const doc of [migrated, current, new Y.Doc(), newer]) {
      let transactions = 0;
      doc.on('afterTransaction', () => (transactions += 1));
      const result = migrateBoard(doc);
      expect(result.applied).toEqual([]);
      expect(result.from).toBe(result.to);
      expect(transactions).toBe(0);
    }
  });

  it('two people migrating the same old board at once converge on one board', () => {
    const a = storedV1();
    const b = storedV1();
    migrateBoard(a);
    migrateBoard(b);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(readItems(a)).toEqual(readItems(b));
    expect(metaMap(a).get('schemaVersion')).toBe(SCHEMA_VERSION);
  });

  it('the steps run from version 2 to SCHEMA_VERSION without a gap', () => {
    expect(() => checkMigrations(BOARD_MIGRATIONS)).not.toThrow();
    const gap = [{ id: 'x', toVersion: 3, up: () => undefined }];
    expect(() => checkMigrations(gap)).toThrow(/expected 2/);
  });
});
