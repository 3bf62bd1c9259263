import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { routeConnector } from '../geometry/connector-route';
import { makeConnector, makeShape, makeSticky } from '../schema';
import type { BoardItem, ConnectorItem } from '../schema';
import {
  addItem,
  deleteItem,
  deleteItems,
  getItem,
  initBoard,
  readItems,
  updateItem,
  updateItems,
} from './board-doc';
import { bringForward, sendBackward, sortByZ } from './z-order';

/*
 * Multi-peer convergence, in the style of yjs' testHelper: every peer starts from the same board,
 * edits concurrently while disconnected, then receives everyone else's updates in a shuffled order
 * (duplicates included). All peers must end byte-for-byte equal in content.
 */

type Edit = (doc: Y.Doc) => void;

interface Scenario {
  name: string;
  seed: BoardItem[];
  /** One list of edits per peer, applied while the peers are disconnected. */
  peers: Edit[][];
  /** Checks on the converged content beyond equality. */
  expectItems?: (items: BoardItem[]) => void;
}

const sticky = (id: string, patch: Partial<BoardItem> = {}) =>
  ({ ...makeSticky({ id, x: 0, y: 0, z: 'a0', createdBy: 'seed' }, 1), ...patch }) as BoardItem;

const scenarios: Scenario[] = [
  {
    name: 'concurrent move and text edit of one item both win',
    seed: [sticky('n1', { text: 'draft' })],
    peers: [
      [(d) => updateItem(d, 'n1', { x: 300, y: 120 })],
      [(d) => updateItem(d, 'n1', { text: 'draft v2' })],
    ],
    expectItems: (items) => expect(items[0]).toMatchObject({ x: 300, y: 120, text: 'draft v2' }),
  },
  {
    name: 'concurrent delete and edit: the item stays deleted everywhere',
    seed: [sticky('n1'), sticky('n2')],
    peers: [[(d) => deleteItem(d, 'n1')], [(d) => updateItem(d, 'n1', { color: 'red', x: 9 })]],
    expectItems: (items) => expect(items.map((i) => i.id)).toEqual(['n2']),
  },
  {
    name: 'concurrent creates from many peers keep every item',
    seed: [],
    peers: [0, 1, 2, 3].map((p) => [
      (d: Y.Doc) => addItem(d, sticky(`p${p}-a`)),
      (d: Y.Doc) => addItem(d, sticky(`p${p}-b`)),
    ]),
    expectItems: (items) => expect(items).toHaveLength(8),
  },
  {
    name: 'concurrent recolour of one item picks one colour everywhere',
    seed: [sticky('n1')],
    peers: [
      [(d) => updateItem(d, 'n1', { color: 'red' })],
      [(d) => updateItem(d, 'n1', { color: 'blue' })],
      [(d) => updateItem(d, 'n1', { color: 'green' })],
    ],
  },
  {
    name: 'concurrent typing at both ends of one text keeps both',
    seed: [sticky('n1', { text: 'plan' })],
    peers: [
      [(d) => updateItem(d, 'n1', { text: 'Q3 plan' })],
      [(d) => updateItem(d, 'n1', { text: 'plan review' })],
    ],
    expectItems: (items) => expect(textOf(items[0])).toBe('Q3 plan review'),
  },
  {
    name: 'many moves of many items by several peers',
    seed: Array.from({ length: 5 }, (_, i) => sticky(`n${i}`)),
    peers: [0, 1, 2].map((p) =>
      Array.from(
        { length: 20 },
        (_, k) => (d: Y.Doc) => updateItem(d, `n${(p + k) % 5}`, { x: p * 100 + k, y: k }),
      ),
    ),
  },
  {
    name: 'concurrent reorders never lose or duplicate an item',
    seed: ['n1', 'n2', 'n3', 'n4'].map((id, i) => sticky(id, { z: `a${i + 1}` })),
    peers: [
      [(d) => restack(d, bringForward(readItems(d), new Set(['n1'])))],
      [(d) => restack(d, sendBackward(readItems(d), new Set(['n4'])))],
      [(d) => restack(d, bringForward(readItems(d), new Set(['n2', 'n3'])))],
    ],
    expectItems: (items) =>
      expect(
        sortByZ(items)
          .map((i) => i.id)
          .sort(),
      ).toEqual(['n1', 'n2', 'n3', 'n4']),
  },
  {
    name: 'deleting an item a connector is attached to detaches it the same way on every peer',
    seed: [shape('s1', 0), shape('s2', 400), link('k1', 's1', 's2')],
    peers: [
      [(d) => deleteItems(d, ['s2'])],
      [(d) => updateItem(d, 's2', { x: 900, y: 300 })],
      [(d) => updateItem(d, 'k1', { label: 'needs API' })],
    ],
    expectItems: (items) => {
      const k1 = items.find((i) => i.id === 'k1') as ConnectorItem;
      expect(items.map((i) => i.id)).toEqual(['k1', 's1']);
      expect(k1).toMatchObject({ label: 'needs API', to: { itemId: null, x: 400, y: 50 } });
    },
  },
  {
    name: 'a connector attached concurrently to an item deleted elsewhere ends at its stored point',
    seed: [shape('s1', 0), shape('s2', 400)],
    peers: [
      [(d) => deleteItems(d, ['s2'])],
      [(d) => addItem(d, link('k2', 's1', 's2', { x: 400, y: 50 }))],
    ],
    expectItems: (items) => {
      const byId = new Map(items.map((i) => [i.id, i]));
      const route = routeConnector(byId.get('k2') as ConnectorItem, (id) => byId.get(id));
      expect(route.end).toEqual({ x: 400, y: 50 });
    },
  },
  {
    name: 'deleting both ends of a connector on two peers removes or detaches it consistently',
    seed: [shape('s1', 0), shape('s2', 400), link('k1', 's1', 's2')],
    peers: [[(d) => deleteItems(d, ['s1'])], [(d) => deleteItems(d, ['s2'])]],
    expectItems: (items) => {
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({ from: { itemId: null }, to: { itemId: null } });
    },
  },
];

function restack(doc: Y.Doc, changes: Map<string, string>): void {
  updateItems(
    doc,
    [...changes].map(([id, z]) => [id, { z }] as const),
  );
}

function shape(id: string, x: number): BoardItem {
  return makeShape({ id, x, y: 0, z: 'a0', w: 100, h: 100, createdBy: 'seed' }, 1);
}

function link(id: string, from: string, to: string, toPoint = { x: 0, y: 0 }): BoardItem {
  return makeConnector(
    {
      id,
      z: 'a1',
      createdBy: 'seed',
      from: { itemId: from, x: 0, y: 0 },
      to: { itemId: to, ...toPoint },
    },
    1,
  );
}

function content(doc: Y.Doc) {
  return readItems(doc).sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** The text of a text-bearing item, for assertions. */
function textOf(item: unknown): string | undefined {
  return (item as { text?: string } | null | undefined)?.text;
}

describe('multi-peer convergence', () => {
  it.each(scenarios)(
    '$name',
    (scenario) => {
      fc.assert(
        fc.property(fc.infiniteStream(fc.nat()), fc.boolean(), (randoms, duplicate) => {
          const origin = new Y.Doc();
          initBoard(origin, 'board');
          for (const item of scenario.seed) addItem(origin, item);
          const base = Y.encodeStateAsUpdate(origin);

          const docs = scenario.peers.map(() => {
            const doc = new Y.Doc();
            Y.applyUpdate(doc, base);
            return doc;
          });
          const outbox: { from: number; update: Uint8Array }[] = [];
          docs.forEach((doc, from) => {
            doc.on('update', (update: Uint8Array, txOrigin: unknown) => {
              if (txOrigin !== 'remote') outbox.push({ from, update });
            });
            for (const edit of scenario.peers[from] ?? []) edit(doc);
          });

          docs.forEach((doc, to) => {
            const inbox = outbox.filter((m) => m.from !== to);
            if (duplicate) inbox.push(...inbox.slice(0, 2));
            const it = randoms[Symbol.iterator]();
            for (let i = inbox.length - 1; i > 0; i--) {
              const j = (it.next().value as number) % (i + 1);
              [inbox[i], inbox[j]] = [inbox[j]!, inbox[i]!];
            }
            for (const { update } of inbox) Y.applyUpdate(doc, update, 'remote');
          });

          const [first, ...rest] = docs.map(content);
          // Every peer also draws every connector identically.
          const routes = docs.map((doc) =>
            readItems(doc)
              .filter((i): i is ConnectorItem => i.type === 'connector')
              .map((c) => routeConnector(c, (id) => getItem(doc, id) ?? undefined)),
          );
          for (const other of routes.slice(1)) expect(other).toEqual(routes[0]);
          for (const other of rest) expect(other).toEqual(first);
          scenario.expectItems?.(first!);
        }),
        { numRuns: 25 },
      );
      // 25 shuffled runs of several peers each; generous for a loaded CI machine.
    },
    30_000,
  );
});
