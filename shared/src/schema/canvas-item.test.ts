import { describe, expect, it } from 'vitest';
import { canvasItemValidator, CARD_ITEM_TYPES } from './canvas-item';
import type { CanvasItem } from './canvas-item';
import { connectorValidator, isConnector, isDependencyConnector, makeConnector } from './connector';
import { frameValidator, isFrame, makeFrame } from './frame';
import { itemValidator } from './index';
import { isPen, makePen, penValidator } from './pen';
import { isShape, makeShape, shapeValidator } from './shape';
import { makeSticky, stickyValidator } from './sticky';
import { isText, makeText, textValidator } from './text';

const base = { id: 'i1', x: 10, y: 20, z: 'a0', createdBy: 'ada' };
const planning = {
  teamId: 'payments',
  laneId: 'now',
  rank: 'a0',
  estimate: 5,
  wsjf: { businessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 5 },
  rice: { reach: 1000, impact: 2, confidence: 0.8, effort: 3 },
  source: { kind: 'csv', name: 'backlog.csv' },
  locked: true,
} as const;

const text = makeText(base, 1);
const shape = makeShape(base, 1);
const connector = makeConnector(
  { ...base, from: { itemId: 'a', x: 0, y: 0 }, to: { itemId: null, x: 100, y: 50 } },
  1,
);
const frame = makeFrame(base, 1);
const pen = makePen({ ...base, points: [0, 0, 10, 5, 20, 0] }, 1);

describe('item type defaults', () => {
  it.each<[string, CanvasItem, Record<string, unknown>]>([
    ['text', text, { w: 240, h: 40, text: '', fontSize: 24, color: 'black' }],
    [
      'shape',
      shape,
      { kind: 'rect', text: '', color: 'white', stroke: 'black', strokeWidth: 2, fontSize: 20 },
    ],
    [
      'connector',
      connector,
      {
        kind: 'line',
        routing: 'straight',
        label: '',
        arrowheads: { start: 'none', end: 'arrow' },
        x: 0,
        y: 0,
        w: 100,
        h: 50,
      },
    ],
    ['frame', frame, { w: 800, h: 600, title: 'Frame', color: 'gray' }],
    ['pen', pen, { w: 20, h: 5, color: 'black', strokeWidth: 3 }],
  ])('makes a valid %s with defaults', (type, item, expected) => {
    expect(item).toMatchObject({ ...expected, type, rotation: 0, createdAt: 1, createdBy: 'ada' });
    expect(canvasItemValidator.parse(item)).toEqual(item);
  });

  it('gives each connector its own arrowheads object', () => {
    const other = makeConnector({ ...base, from: connector.from, to: connector.to });
    expect(other.arrowheads).not.toBe(connector.arrowheads);
  });

  it('keeps a vertical connector at a positive width', () => {
    const vertical = makeConnector({
      ...base,
      from: { itemId: null, x: 5, y: 0 },
      to: { itemId: null, x: 5, y: 90 },
    });
    expect(vertical).toMatchObject({ x: 5, w: 1, h: 90 });
    expect(connectorValidator.safeParse(vertical).success).toBe(true);
  });
});

describe('item type guards', () => {
  it.each([
    ['text', isText, text],
    ['shape', isShape, shape],
    ['connector', isConnector, connector],
    ['frame', isFrame, frame],
    ['pen', isPen, pen],
  ] as const)('recognises %s and nothing else', (_type, guard, item) => {
    for (const other of [text, shape, connector, frame, pen, makeSticky(base)]) {
      expect(guard(other)).toBe(other === item);
    }
  });

  it('recognises dependency connectors', () => {
    expect(isDependencyConnector(connector)).toBe(false);
    expect(isDependencyConnector({ ...connector, kind: 'depends-on' })).toBe(true);
    expect(isDependencyConnector({ ...shape })).toBe(false);
  });
});

describe('item validators', () => {
  const valid: [string, CanvasItem][] = [
    ['text with planning fields', { ...text, ...planning }],
    ['text with a fill colour as ink', { ...text, color: 'blue' }],
    ['an ellipse', { ...shape, kind: 'ellipse' }],
    ['a diamond with planning fields', { ...shape, kind: 'diamond', ...planning }],
    ['a shape without outline', { ...shape, strokeWidth: 0 }],
    ['RICE confidence as a percentage', { ...shape, rice: { ...planning.rice, confidence: 80 } }],
    ['a partial planning set', { ...text, teamId: 't1' }],
    [
      'a depends-on elbow connector between items',
      {
        ...connector,
        kind: 'depends-on',
        routing: 'elbow',
        from: { itemId: 'a', x: 0, y: 0 },
        to: { itemId: 'b', x: 1, y: 1 },
        arrowheads: { start: 'arrow', end: 'none' },
        label: 'needs API',
      },
    ],
    ['a team swimlane frame', { ...frame, teamId: 'payments' }],
    ['a lane frame', { ...frame, laneId: 'next' }],
    ['a team × lane cell', { ...frame, teamId: 'payments', laneId: 'next' }],
    ['a single-point pen stroke', { ...pen, points: [0, 0] }],
    ['a sticky', makeSticky(base)],
  ];
  it.each(valid)('accepts %s', (_label, item) => {
    expect(canvasItemValidator.safeParse(item).success).toBe(true);
  });

  const invalid: [string, unknown][] = [
    ['text with a negative font size', { ...text, fontSize: -1 }],
    ['text with a huge font size', { ...text, fontSize: 10_000 }],
    ['text with an unknown colour', { ...text, color: 'mauve' }],
    ['text over 10k characters', { ...text, text: 'x'.repeat(10_001) }],
    ['text with an empty rank', { ...text, rank: '' }],
    ['text with a malformed rank key', { ...text, rank: 'b5' }],
    ['a rank key ending in 0', { ...text, rank: 'a10' }],
    ['text with a negative estimate', { ...text, estimate: -3 }],
    ['text with an empty team id', { ...text, teamId: '' }],
    [
      'WSJF missing job size',
      { ...text, wsjf: { businessValue: 1, timeCriticality: 1, riskReduction: 1 } },
    ],
    ['WSJF with a negative input', { ...text, wsjf: { ...planning.wsjf, businessValue: -1 } }],
    ['RICE confidence over 100%', { ...shape, rice: { ...planning.rice, confidence: 101 } }],
    ['an unknown source kind', { ...shape, source: { kind: 'jira', name: 'x' } }],
    ['a non-boolean lock', { ...shape, locked: 'yes' }],
    ['an unknown shape kind', { ...shape, kind: 'star' }],
    ['a negative stroke width', { ...shape, strokeWidth: -2 }],
    ['a shape fill in ink-only black', { ...shape, color: 'black' }],
    ['a connector with an unknown kind', { ...connector, kind: 'blocks' }],
    ['a connector with an unknown routing', { ...connector, routing: 'curved' }],
    ['a connector endpoint without coordinates', { ...connector, from: { itemId: 'a' } }],
    [
      'a connector endpoint with an empty item id',
      { ...connector, to: { itemId: '', x: 0, y: 0 } },
    ],
    [
      'a connector with an unknown arrowhead',
      { ...connector, arrowheads: { start: 'dot', end: 'arrow' } },
    ],
    ['a frame with an over-long title', { ...frame, title: 'x'.repeat(201) }],
    ['a frame with an empty lane id', { ...frame, laneId: '' }],
    ['a pen stroke with an odd number of coordinates', { ...pen, points: [0, 0, 1] }],
    ['a pen stroke with no points', { ...pen, points: [] }],
    ['a pen stroke with a NaN point', { ...pen, points: [0, Number.NaN] }],
    ['a pen stroke of width 0', { ...pen, strokeWidth: 0 }],
    ['a frame without z', { ...frame, z: '' }],
    ['an unknown type', { ...frame, type: 'widget' }],
  ];
  it.each(invalid)('rejects %s', (_label, item) => {
    expect(canvasItemValidator.safeParse(item).success).toBe(false);
  });

  it.each([
    ['text', textValidator, text],
    ['shape', shapeValidator, shape],
    ['connector', connectorValidator, connector],
    ['frame', frameValidator, frame],
    ['pen', penValidator, pen],
  ] as const)('the %s validator rejects a missing base field', (_type, validator, item) => {
    const { createdAt: _createdAt, ...rest } = item;
    expect(validator.safeParse(rest).success).toBe(false);
  });

  it('accepts every item type through the board item union', () => {
    expect(itemValidator.safeParse(text).success).toBe(true);
    expect(itemValidator.safeParse(makeSticky(base)).success).toBe(true);
    expect(
      stickyValidator.safeParse({ ...makeSticky(base), teamId: 'payments', rank: 'a0' }).success,
    ).toBe(true);
  });

  it('lists the card-like types that take planning fields', () => {
    expect(CARD_ITEM_TYPES).toEqual(['sticky', 'shape', 'text']);
  });
});
