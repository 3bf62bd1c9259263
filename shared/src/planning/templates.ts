import { makeFrame } from '../schema/frame';
import type { FrameItem } from '../schema/frame';
import { makeShape } from '../schema/shape';
import type { ShapeItem } from '../schema/shape';
import { DEFAULT_LANES } from '../schema/team';
import type { Lane, Team } from '../schema/team';
import { makeText } from '../schema/text';
import type { TextItem } from '../schema/text';
import { indicesBetween } from './rank';
import type { IndexKey } from './rank';

/** What a template puts on a board: its items (bottom-most first) and the lanes it plans in. */
export interface BoardTemplate {
  items: (FrameItem | TextItem | ShapeItem)[];
  /** Lanes the board should have for the template's lane-bound frames; empty when it uses none. */
  lanes: Lane[];
}

export interface TemplateOptions {
  /** Top-left corner of the template on the board. */
  origin?: { x: number; y: number };
  createdBy?: string;
  now?: number;
  /** The board's current top z-index; the template's items are stacked above it. */
  zAbove?: IndexKey | null;
  /**
   * Id for each new item. Defaults to `<template id>-<n>`, which is deterministic and so collides
   * when a template is placed twice on one board: pass the board's id generator there.
   */
  newId?: () => string;
  /** Number of iterations of the program board (5 unless said otherwise). */
  iterations?: number;
}

export const TEMPLATE_IDS = ['program-board', 'now-next-later', 'impact-effort', 'moscow'] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];

export interface TemplateDefinition {
  id: TemplateId;
  name: string;
  description: string;
  build: (teams: readonly Team[], options?: TemplateOptions) => BoardTemplate;
}

const CELL_W = 460;
const CELL_H = 500;
const LABEL_W = 240;
const HEADER_H = 80;
const TITLE_H = 100;
const GAP = 80;

/** Collects items in stacking order and stamps identity, position offset and z at the end. */
class TemplateBuilder {
  readonly items: BoardTemplate['items'] = [];
  private count = 0;
  private readonly ox: number;
  private readonly oy: number;
  private readonly createdBy: string;
  private readonly now: number;
  private readonly newId: () => string;

  constructor(
    id: TemplateId,
    private readonly options: TemplateOptions,
  ) {
    this.ox = options.origin?.x ?? 0;
    this.oy = options.origin?.y ?? 0;
    this.createdBy = options.createdBy ?? 'template';
    this.now = options.now ?? Date.now();
    this.newId = options.newId ?? (() => `${id}-${++this.count}`);
  }

  private base(x: number, y: number) {
    return { id: this.newId(), x: this.ox + x, y: this.oy + y, z: 'a0', createdBy: this.createdBy };
  }

  frame(x: number, y: number, fields: Partial<FrameItem>) {
    this.items.push(makeFrame({ ...this.base(x, y), ...fields }, this.now));
  }

  text(x: number, y: number, text: string, fields: Partial<TextItem> = {}) {
    this.items.push(makeText({ ...this.base(x, y), text, ...fields }, this.now));
  }

  shape(x: number, y: number, fields: Partial<ShapeItem>) {
    this.items.push(makeShape({ ...this.base(x, y), ...fields }, this.now));
  }

  /** Frames go below everything else; within a kind, the order of creation is kept. */
  build(lanes: readonly Lane[]): BoardTemplate {
    const layered = [
      ...this.items.filter((i) => i.type === 'frame'),
      ...this.items.filter((i) => i.type !== 'frame'),
    ];
    const keys = indicesBetween(this.options.zAbove ?? null, null, layered.length);
    return { items: layered.map((item, i) => ({ ...item, z: keys[i]! })), lanes: [...lanes] };
  }
}

/**
 * Team swimlanes × lanes: a header per lane, then per team a swimlane frame (bound to the team)
 * holding one cell frame per lane (bound to team and lane). Without teams there is one unbound row.
 */
function teamGrid(b: TemplateBuilder, teams: readonly Team[], lanes: readonly Lane[], top: number) {
  const width = LABEL_W + lanes.length * CELL_W;
  lanes.forEach((lane, i) =>
    b.text(LABEL_W + i * CELL_W + 20, top + 20, lane.name, { w: CELL_W - 40, fontSize: 28 }),
  );
  const rows = teams.length > 0 ? teams : [null];
  rows.forEach((team, r) => {
    const y = top + HEADER_H + r * CELL_H;
    if (team)
      b.frame(0, y, { w: width, h: CELL_H, title: team.name, color: team.color, teamId: team.id });
    lanes.forEach((lane, i) =>
      b.frame(LABEL_W + i * CELL_W + 10, y + 10, {
        w: CELL_W - 20,
        h: CELL_H - 20,
        title: team ? `${team.name} · ${lane.name}` : lane.name,
        color: 'white',
        laneId: lane.id,
        ...(team ? { teamId: team.id } : {}),
      }),
    );
  });
}

/** Lanes with ids and ascending order keys, from names. */
function lanesFrom(entries: readonly [id: string, name: string][]): Lane[] {
  const keys = indicesBetween(null, null, entries.length);
  return entries.map(([id, name], i) => ({ id, name, order: keys[i]! }));
}

/** SAFe-style program board: team swimlanes × iterations, a milestones row and a dependency legend. */
export function programBoardTemplate(teams: readonly Team[], options: TemplateOptions = {}) {
  const b = new TemplateBuilder('program-board', options);
  const count = Math.max(1, Math.min(12, Math.trunc(options.iterations ?? 5)));
  const lanes = lanesFrom(
    Array.from({ length: count }, (_, i) => [`iteration-${i + 1}`, `Iteration ${i + 1}`] as const),
  );
  const width = LABEL_W + lanes.length * CELL_W;
  b.text(0, 0, 'Program board', { w: width, h: 60, fontSize: 40 });
  b.frame(0, TITLE_H, { w: width, h: 200, title: 'Milestones & events', color: 'violet' });
  teamGrid(b, teams, lanes, TITLE_H + 220);

  const legendX = width + GAP;
  const legendY = TITLE_H + 220 + HEADER_H;
  b.frame(legendX, legendY, { w: 420, h: 460, title: 'Dependencies', color: 'gray' });
  b.text(
    legendX + 20,
    legendY + 40,
    'Draw a depends-on connector from a card to the card it needs.',
    {
      w: 380,
      h: 80,
      fontSize: 18,
    },
  );
  const legend = [
    ['red', 'Red: the dependency lands in a later iteration, or is not planned or ranked'],
    ['orange', 'Amber: same iteration, but ranked below the card that needs it'],
    ['green', 'Green: planned in time'],
  ] as const;
  legend.forEach(([color, text], i) =>
    b.shape(legendX + 20, legendY + 140 + i * 100, {
      w: 380,
      h: 80,
      color,
      text,
      fontSize: 16,
      strokeWidth: 0,
    }),
  );
  piPlaces(b, TITLE_H + 220 + HEADER_H + Math.max(1, teams.length) * CELL_H + GAP);
  return b.build(lanes);
}

/** The ROAM columns of the risk place, in board order. */
const ROAM_PLACES = [
  ['Resolved', 'green'],
  ['Owned', 'blue'],
  ['Accepted', 'yellow'],
  ['Mitigated', 'teal'],
] as const;

/**
 * Places for the program-planning essentials below the swimlanes: team objectives, the ROAM risk
 * board and the confidence vote. The records themselves live in the PI tab of the planning panel
 * (milestones are drawn on the iteration axis); these frames give the room a spot for notes.
 */
function piPlaces(b: TemplateBuilder, top: number) {
  const hint = (x: number, text: string, w: number) =>
    b.text(x + 20, top + 40, text, { w: w - 40, h: 60, fontSize: 16 });
  const objectivesW = LABEL_W + CELL_W;
  b.frame(0, top, { w: objectivesW, h: 420, title: 'PI objectives', color: 'blue' });
  hint(
    0,
    'Per team, committed and stretch, business value 1–10 (PI tab → Objectives).',
    objectivesW,
  );
  const risksX = objectivesW + 40;
  const columnW = 260;
  const risksW = 20 + ROAM_PLACES.length * (columnW + 20);
  b.frame(risksX, top, { w: risksW, h: 420, title: 'Risks (ROAM)', color: 'red' });
  hint(risksX, 'Raise risks as new, then ROAM them together (PI tab → Risks).', risksW);
  ROAM_PLACES.forEach(([title, color], i) =>
    b.frame(risksX + 20 + i * (columnW + 20), top + 110, { w: columnW, h: 290, title, color }),
  );
  const confidenceX = risksX + risksW + 40;
  b.frame(confidenceX, top, { w: 420, h: 420, title: 'Confidence vote', color: 'violet' });
  hint(
    confidenceX,
    'Fist of five, hidden until the facilitator reveals (PI tab → Confidence).',
    420,
  );
}

/** Now / Next / Later with one swimlane per team, on the board's default lanes. */
export function nowNextLaterTemplate(teams: readonly Team[], options: TemplateOptions = {}) {
  const b = new TemplateBuilder('now-next-later', options);
  b.text(0, 0, 'Now / Next / Later', { w: LABEL_W + 3 * CELL_W, h: 60, fontSize: 40 });
  teamGrid(b, teams, DEFAULT_LANES, TITLE_H);
  return b.build(DEFAULT_LANES);
}

/** The 2×2 impact / effort matrix. Teams do not change it; cards keep their own team. */
export function impactEffortTemplate(_teams: readonly Team[], options: TemplateOptions = {}) {
  const b = new TemplateBuilder('impact-effort', options);
  const size = 600;
  const left = 120;
  b.text(0, 0, 'Impact / Effort', { w: left + 2 * size, h: 60, fontSize: 40 });
  const quadrants = [
    ['Quick wins', 'high impact, low effort', 'green', 0, 0],
    ['Big bets', 'high impact, high effort', 'blue', 1, 0],
    ['Fill-ins', 'low impact, low effort', 'yellow', 0, 1],
    ['Money pits', 'low impact, high effort', 'red', 1, 1],
  ] as const;
  for (const [title, hint, color, col, row] of quadrants) {
    const x = left + col * size;
    const y = TITLE_H + row * size;
    b.frame(x, y, { w: size, h: size, title, color });
    b.text(x + 20, y + 40, hint, { w: size - 40, fontSize: 18 });
  }
  // Konva rotates about the top-left corner: the label runs up the left edge of the matrix.
  b.text(40, TITLE_H + 2 * size, 'Impact ↑', { w: 2 * size, fontSize: 24, rotation: -90 });
  b.text(left, TITLE_H + 2 * size + 20, 'Effort →', { w: 2 * size, fontSize: 24 });
  return b.build([]);
}

/** The MoSCoW lanes, in priority order. */
export const MOSCOW_LANES: readonly Lane[] = lanesFrom([
  ['must', 'Must have'],
  ['should', 'Should have'],
  ['could', 'Could have'],
  ['wont', "Won't have (this time)"],
]);

/** MoSCoW prioritisation: Must / Should / Could / Won't, one swimlane per team. */
export function moscowTemplate(teams: readonly Team[], options: TemplateOptions = {}) {
  const b = new TemplateBuilder('moscow', options);
  b.text(0, 0, 'MoSCoW', { w: LABEL_W + MOSCOW_LANES.length * CELL_W, h: 60, fontSize: 40 });
  teamGrid(b, teams, MOSCOW_LANES, TITLE_H);
  return b.build(MOSCOW_LANES);
}

/** Every board template, in the order a template picker shows them. */
export const BOARD_TEMPLATES: readonly TemplateDefinition[] = [
  {
    id: 'program-board',
    name: 'Cross-team program board',
    description: 'Team swimlanes across iterations, with milestones and a dependency legend.',
    build: programBoardTemplate,
  },
  {
    id: 'now-next-later',
    name: 'Now / Next / Later by team',
    description: 'A roadmap without dates: one swimlane per team across Now, Next and Later.',
    build: nowNextLaterTemplate,
  },
  {
    id: 'impact-effort',
    name: 'Impact / Effort matrix',
    description: 'Sort ideas into quick wins, big bets, fill-ins and money pits.',
    build: impactEffortTemplate,
  },
  {
    id: 'moscow',
    name: 'MoSCoW',
    description: "Must, Should, Could and Won't have, per team.",
    build: moscowTemplate,
  },
];
