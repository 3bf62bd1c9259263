import { boxFromCorners, unionBoxes } from '@weboard/shared';
import type {
  BoardItem,
  Box,
  ConnectorEndpoint,
  ConnectorItem,
  ConnectorRoute,
  Point,
} from '@weboard/shared';
import { snapBox } from './snapping';
import type { Guide } from './snapping';
import type { Store } from './store';

/*
 * Tools are small state machines driven by pointer input in board coordinates. They never touch
 * the DOM or Konva, so they are unit-tested in Node: the canvas only forwards pointer events.
 * A tool's state reads `tool.state`, e.g. `select.idle → select.pointing_item → select.dragging`.
 */

/** Tools that draw an item by dragging out its box (a click gives the default size). */
export const BOX_TOOL_IDS = ['rect', 'ellipse', 'diamond', 'frame'] as const;
export type BoxKind = (typeof BOX_TOOL_IDS)[number];

/** The modal tools; notes and text are instant actions (S, T), not modes. */
export const TOOL_IDS = ['select', 'hand', 'connector', 'pen', ...BOX_TOOL_IDS] as const;
export type ToolId = (typeof TOOL_IDS)[number];

/** True for the tools only editors may use. */
export function isEditingTool(id: ToolId): boolean {
  return id !== 'select' && id !== 'hand';
}

export interface PointerInput {
  /** Board coordinates. */
  point: Point;
  /** Canvas (CSS pixel) coordinates, for panning. */
  screen: Point;
  shift: boolean;
  /** Alt/Option: suspend snapping. */
  alt: boolean;
}

/** Transient things drawn over the board while a gesture is under way. */
export interface Overlay {
  marquee: Box | null;
  guides: readonly Guide[];
  connectorDraft: { from: ConnectorEndpoint; to: Point; targetId: string | null } | null;
  /** Absolute board points x0, y0, x1, y1, … of the stroke being drawn. */
  penDraft: readonly number[] | null;
  /** The item a dragged connector end would attach to if dropped now. */
  attachTarget: string | null;
  /** The box a shape or frame tool is dragging out. */
  boxDraft: { kind: BoxKind; box: Box } | null;
}

export const EMPTY_OVERLAY: Overlay = {
  marquee: null,
  guides: [],
  connectorDraft: null,
  penDraft: null,
  attachTarget: null,
  boxDraft: null,
};

/** What tools need from the editor. */
export interface ToolHost {
  readonly canEdit: boolean;
  readonly selection: Store<readonly string[]>;
  readonly overlay: Store<Overlay>;
  /** Board units per screen pixel at the current zoom. */
  pixel(): number;
  itemAt(point: Point): BoardItem | undefined;
  /** The topmost item a connector end can attach to at a point (not a connector or a stroke). */
  attachableAt(point: Point): BoardItem | undefined;
  connectorRoute(connector: ConnectorItem): ConnectorRoute;
  /** Moves one end of a connector; an attached end is stored where it touches its item. */
  setConnectorEnd(id: string, end: ConnectorEndName, endpoint: ConnectorEndpoint): void;
  itemsInBox(box: Box): BoardItem[];
  byId(id: string): BoardItem | undefined;
  select(ids: readonly string[]): void;
  canMove(item: BoardItem): boolean;
  /** Items carried along when these move: contents of frames among them. */
  carried(ids: readonly string[]): BoardItem[];
  /** Boxes of items (other than `moving`) to snap to. */
  snapTargets(moving: ReadonlySet<string>): Box[];
  itemBox(item: BoardItem): Box;
  moveItems(origins: readonly BoardItem[], dx: number, dy: number): void;
  panBy(dx: number, dy: number): void;
  beginGesture(): void;
  endGesture(): void;
  createConnector(from: ConnectorEndpoint, to: ConnectorEndpoint): string | null;
  createPen(points: readonly number[]): string | null;
  /** Makes a shape or frame filling `box`, or of the default size centred on a point. */
  createBox(kind: BoxKind, at: Box | Point): string | null;
  startEditing(id: string): void;
  createStickyAt(point: Point): string | null;
  setTool(id: ToolId): void;
}

export type ConnectorEndName = 'from' | 'to';

/** Pointer travel (screen pixels) before a press becomes a drag. */
export const DRAG_THRESHOLD_PX = 3;
/** How near (screen pixels) a pointer must be to a thin line or an edge to hit it or snap. */
export const HIT_TOLERANCE_PX = 6;
/** How near (screen pixels) a press must be to a selected connector's end to grab that end. */
export const END_HANDLE_PX = 9;

export interface Tool {
  readonly id: ToolId;
  /** `tool.state`, for tests and the cursor. */
  readonly state: string;
  pointerDown(input: PointerInput): void;
  pointerMove(input: PointerInput): void;
  pointerUp(input: PointerInput): void;
  doubleClick(input: PointerInput): void;
  /** Abandons any gesture under way; true when there was one. */
  cancel(): boolean;
}

const moved = (host: ToolHost, a: Point, b: Point) =>
  Math.hypot(b.x - a.x, b.y - a.y) / host.pixel() > DRAG_THRESHOLD_PX;

/** After a creating tool made an item (id null: it made none): back to select, with it selected. */
function selectCreated(host: ToolHost, id: string | null): void {
  if (!id) return;
  host.setTool('select');
  host.select([id]);
}

type SelectState =
  | { name: 'idle' }
  | { name: 'pointing_canvas'; start: Point; shift: boolean }
  | { name: 'pointing_item'; start: Point; itemId: string; shift: boolean; wasSelected: boolean }
  | {
      name: 'dragging';
      start: Point;
      origins: BoardItem[];
      bounds: Box;
      targets: Box[];
    }
  | { name: 'brushing'; start: Point; base: readonly string[] }
  | { name: 'pointing_end'; start: Point; connector: ConnectorItem; end: ConnectorEndName }
  | { name: 'dragging_end'; connector: ConnectorItem; end: ConnectorEndName };

/**
 * Click, shift-click and marquee selection; dragging moves the selection with snapping. With one
 * connector selected, its two ends are handles: drag one onto an item to re-attach it there, or
 * onto empty canvas to leave it free at that point.
 */
export class SelectTool implements Tool {
  readonly id = 'select';
  private current: SelectState = { name: 'idle' };

  constructor(private readonly host: ToolHost) {}

  get state() {
    return `select.${this.current.name}`;
  }

  pointerDown({ point, shift }: PointerInput) {
    const handle = shift ? null : this.endHandleAt(point);
    if (handle) {
      this.current = { name: 'pointing_end', start: point, ...handle };
      return;
    }
    const item = this.host.itemAt(point);
    if (!item) {
      this.current = { name: 'pointing_canvas', start: point, shift };
      return;
    }
    const selection = this.host.selection.get();
    const wasSelected = selection.includes(item.id);
    if (shift) {
      if (!wasSelected) this.host.select([...selection, item.id]);
    } else if (!wasSelected) {
      this.host.select([item.id]);
    }
    this.current = { name: 'pointing_item', start: point, itemId: item.id, shift, wasSelected };
  }

  pointerMove(input: PointerInput) {
    const state = this.current;
    switch (state.name) {
      case 'idle':
        return;
      case 'pointing_canvas':
        if (!moved(this.host, state.start, input.point)) return;
        this.current = {
          name: 'brushing',
          start: state.start,
          base: state.shift ? this.host.selection.get() : [],
        };
        this.pointerMove(input);
        return;
      case 'pointing_item':
        if (!moved(this.host, state.start, input.point)) return;
        this.startDrag(state.start);
        this.pointerMove(input);
        return;
      case 'dragging': {
        let dx = input.point.x - state.start.x;
        let dy = input.point.y - state.start.y;
        let guides: Guide[] = [];
        if (!input.alt) {
          const moving = { ...state.bounds, x: state.bounds.x + dx, y: state.bounds.y + dy };
          const snap = snapBox(moving, state.targets, HIT_TOLERANCE_PX * this.host.pixel());
          dx += snap.dx;
          dy += snap.dy;
          guides = snap.guides;
        }
        this.host.moveItems(state.origins, dx, dy);
        this.host.overlay.set((o) => ({ ...o, guides }));
        return;
      }
      case 'pointing_end':
        if (!moved(this.host, state.start, input.point)) return;
        this.host.beginGesture();
        this.current = { name: 'dragging_end', connector: state.connector, end: state.end };
        this.pointerMove(input);
        return;
      case 'dragging_end': {
        const other = state.connector[state.end === 'from' ? 'to' : 'from'];
        const target = this.host.attachableAt(input.point);
        // Never both ends on one item: a self-loop draws as nothing useful.
        const attachTo = target && target.id !== other.itemId ? target.id : null;
        this.host.setConnectorEnd(state.connector.id, state.end, {
          itemId: attachTo,
          x: input.point.x,
          y: input.point.y,
        });
        this.host.overlay.set((o) =>
          o.attachTarget === attachTo ? o : { ...o, attachTarget: attachTo },
        );
        return;
      }
      case 'brushing': {
        const marquee = boxFromCorners(state.start, input.point);
        const inside = this.host.itemsInBox(marquee).map((item) => item.id);
        const ids = [...state.base, ...inside.filter((id) => !state.base.includes(id))];
        this.host.select(ids);
        this.host.overlay.set((o) => ({ ...o, marquee }));
        return;
      }
    }
  }

  pointerUp(_input: PointerInput) {
    const state = this.current;
    this.current = { name: 'idle' };
    switch (state.name) {
      case 'pointing_canvas':
        if (!state.shift) this.host.select([]);
        return;
      case 'pointing_item': {
        // A click (no drag) on a selected item: shift toggles it off; a plain click selects only it.
        const selection = this.host.selection.get();
        if (state.shift && state.wasSelected) {
          this.host.select(selection.filter((id) => id !== state.itemId));
        } else if (!state.shift) {
          this.host.select([state.itemId]);
        }
        return;
      }
      case 'dragging':
        this.host.endGesture();
        this.host.overlay.set((o) => ({ ...o, guides: [] }));
        return;
      case 'brushing':
        this.host.overlay.set((o) => ({ ...o, marquee: null }));
        return;
      case 'dragging_end':
        this.host.endGesture();
        this.host.overlay.set((o) => ({ ...o, attachTarget: null }));
        return;
      case 'pointing_end':
      case 'idle':
        return;
    }
  }

  doubleClick({ point }: PointerInput) {
    if (!this.host.canEdit) return;
    const item = this.host.itemAt(point);
    if (item) {
      this.host.startEditing(item.id);
      return;
    }
    const id = this.host.createStickyAt(point);
    if (id) this.host.startEditing(id);
  }

  cancel() {
    const state = this.current;
    this.current = { name: 'idle' };
    if (state.name === 'dragging') {
      this.host.moveItems(state.origins, 0, 0);
      this.host.endGesture();
    }
    if (state.name === 'dragging_end') {
      // Writing the connector back as it was restores both ends exactly.
      this.host.moveItems([state.connector], 0, 0);
      this.host.endGesture();
    }
    this.host.overlay.set(EMPTY_OVERLAY);
    return state.name !== 'idle';
  }

  /** The end of the one selected connector under the pointer, if the user may move it. */
  private endHandleAt(point: Point): { connector: ConnectorItem; end: ConnectorEndName } | null {
    const selection = this.host.selection.get();
    if (selection.length !== 1 || !this.host.canEdit) return null;
    const connector = this.host.byId(selection[0]!);
    if (connector?.type !== 'connector' || !this.host.canMove(connector)) return null;
    const route = this.host.connectorRoute(connector);
    const reach = END_HANDLE_PX * this.host.pixel();
    const toEnd = Math.hypot(point.x - route.end.x, point.y - route.end.y);
    const toStart = Math.hypot(point.x - route.start.x, point.y - route.start.y);
    if (Math.min(toEnd, toStart) > reach) return null;
    return { connector, end: toEnd <= toStart ? 'to' : 'from' };
  }

  private startDrag(start: Point) {
    if (!this.host.canEdit) {
      this.current = { name: 'idle' };
      return;
    }
    const chosen = this.host.selection
      .get()
      .map((id) => this.host.byId(id))
      .filter((item): item is BoardItem => !!item && this.host.canMove(item));
    const origins = [...chosen, ...this.host.carried(chosen.map((i) => i.id))];
    if (origins.length === 0) {
      this.current = { name: 'idle' };
      return;
    }
    const ids = new Set(origins.map((i) => i.id));
    this.host.beginGesture();
    this.current = {
      name: 'dragging',
      start,
      origins,
      bounds: unionBoxes(chosen.map((item) => this.host.itemBox(item)))!,
      targets: this.host.snapTargets(ids),
    };
  }
}

type HandState = { name: 'idle' } | { name: 'panning'; last: Point };

/** Drags the canvas. */
export class HandTool implements Tool {
  readonly id = 'hand';
  private current: HandState = { name: 'idle' };

  constructor(private readonly host: ToolHost) {}

  get state() {
    return `hand.${this.current.name}`;
  }

  pointerDown({ screen }: PointerInput) {
    this.current = { name: 'panning', last: screen };
  }

  pointerMove({ screen }: PointerInput) {
    if (this.current.name !== 'panning') return;
    this.host.panBy(screen.x - this.current.last.x, screen.y - this.current.last.y);
    this.current = { name: 'panning', last: screen };
  }

  pointerUp() {
    this.current = { name: 'idle' };
  }

  doubleClick() {}

  cancel() {
    const busy = this.current.name !== 'idle';
    this.current = { name: 'idle' };
    return busy;
  }
}

type ConnectorState =
  | { name: 'idle' }
  | { name: 'pointing'; from: ConnectorEndpoint }
  | { name: 'dragging'; from: ConnectorEndpoint };

/** Drag from an item (or anywhere) to another item (or anywhere) to connect them. */
export class ConnectorTool implements Tool {
  readonly id = 'connector';
  private current: ConnectorState = { name: 'idle' };

  constructor(private readonly host: ToolHost) {}

  get state() {
    return `connector.${this.current.name}`;
  }

  private endpointAt(point: Point): ConnectorEndpoint {
    const item = this.host.attachableAt(point);
    return { itemId: item?.id ?? null, x: point.x, y: point.y };
  }

  pointerDown({ point }: PointerInput) {
    if (!this.host.canEdit) return;
    this.current = { name: 'pointing', from: this.endpointAt(point) };
  }

  pointerMove({ point }: PointerInput) {
    const state = this.current;
    if (state.name === 'idle') return;
    if (state.name === 'pointing') {
      if (!moved(this.host, state.from, point)) return;
      this.current = { name: 'dragging', from: state.from };
    }
    const to = this.endpointAt(point);
    const targetId = to.itemId !== state.from.itemId ? to.itemId : null;
    this.host.overlay.set((o) => ({
      ...o,
      connectorDraft: { from: state.from, to: point, targetId },
    }));
  }

  pointerUp({ point }: PointerInput) {
    const state = this.current;
    this.current = { name: 'idle' };
    this.host.overlay.set((o) => ({ ...o, connectorDraft: null }));
    if (state.name !== 'dragging') return;
    const to = this.endpointAt(point);
    if (to.itemId !== null && to.itemId === state.from.itemId) return; // no self-loops
    selectCreated(this.host, this.host.createConnector(state.from, to));
  }

  doubleClick() {}

  cancel() {
    const busy = this.current.name !== 'idle';
    this.current = { name: 'idle' };
    this.host.overlay.set((o) => ({ ...o, connectorDraft: null }));
    return busy;
  }
}

type PenState = { name: 'idle' } | { name: 'drawing'; points: number[] };

/** Freehand strokes; the tool stays on for the next stroke. */
export class PenTool implements Tool {
  readonly id = 'pen';
  private current: PenState = { name: 'idle' };

  constructor(private readonly host: ToolHost) {}

  get state() {
    return `pen.${this.current.name}`;
  }

  pointerDown({ point }: PointerInput) {
    if (!this.host.canEdit) return;
    this.current = { name: 'drawing', points: [point.x, point.y] };
    this.host.overlay.set((o) => ({ ...o, penDraft: [point.x, point.y] }));
  }

  pointerMove({ point }: PointerInput) {
    if (this.current.name !== 'drawing') return;
    const points = this.current.points;
    const lastX = points[points.length - 2]!;
    const lastY = points[points.length - 1]!;
    // Skip sub-pixel jitter; it only fattens the stroke.
    if (Math.hypot(point.x - lastX, point.y - lastY) < this.host.pixel()) return;
    points.push(point.x, point.y);
    this.host.overlay.set((o) => ({ ...o, penDraft: [...points] }));
  }

  pointerUp() {
    const state = this.current;
    this.current = { name: 'idle' };
    this.host.overlay.set((o) => ({ ...o, penDraft: null }));
    if (state.name === 'drawing') this.host.createPen(state.points);
  }

  doubleClick() {}

  cancel() {
    const busy = this.current.name !== 'idle';
    this.current = { name: 'idle' };
    this.host.overlay.set((o) => ({ ...o, penDraft: null }));
    return busy;
  }
}

/** Smallest side (board units) of a dragged-out box; a sliver would be impossible to grab. */
export const MIN_DRAWN_SIZE = 12;

/**
 * The box dragged out from `start` to `point`: Shift makes it square (a circle for the ellipse),
 * as in every drawing tool. Each side is at least MIN_DRAWN_SIZE, growing away from `start`.
 */
export function drawnBox(start: Point, point: Point, square: boolean): Box {
  let dx = point.x - start.x;
  let dy = point.y - start.y;
  if (square) {
    const side = Math.max(Math.abs(dx), Math.abs(dy));
    dx = (Math.sign(dx) || 1) * side;
    dy = (Math.sign(dy) || 1) * side;
  }
  const w = Math.max(MIN_DRAWN_SIZE, Math.abs(dx));
  const h = Math.max(MIN_DRAWN_SIZE, Math.abs(dy));
  return {
    x: Math.round(dx < 0 ? start.x - w : start.x),
    y: Math.round(dy < 0 ? start.y - h : start.y),
    w: Math.round(w),
    h: Math.round(h),
  };
}

type BoxToolState =
  { name: 'idle' } | { name: 'pointing'; start: Point } | { name: 'drawing'; start: Point };

/**
 * Rectangle, ellipse, diamond and frame: drag out a box to draw the item that size, or click to
 * drop one of the default size centred there (Miro, tldraw). Then back to select, with the new
 * item selected.
 */
export class BoxTool implements Tool {
  private current: BoxToolState = { name: 'idle' };

  constructor(
    private readonly host: ToolHost,
    readonly id: BoxKind,
  ) {}

  get state() {
    return `${this.id}.${this.current.name}`;
  }

  pointerDown({ point }: PointerInput) {
    if (!this.host.canEdit) return;
    this.current = { name: 'pointing', start: point };
  }

  pointerMove({ point, shift }: PointerInput) {
    const state = this.current;
    if (state.name === 'idle') return;
    if (state.name === 'pointing') {
      if (!moved(this.host, state.start, point)) return;
      this.current = { name: 'drawing', start: state.start };
    }
    const box = drawnBox(state.start, point, shift);
    this.host.overlay.set((o) => ({ ...o, boxDraft: { kind: this.id, box } }));
  }

  pointerUp({ point, shift }: PointerInput) {
    const state = this.current;
    this.current = { name: 'idle' };
    this.host.overlay.set((o) => ({ ...o, boxDraft: null }));
    if (state.name === 'idle') return;
    selectCreated(
      this.host,
      this.host.createBox(
        this.id,
        state.name === 'drawing' ? drawnBox(state.start, point, shift) : state.start,
      ),
    );
  }

  doubleClick() {}

  cancel() {
    const busy = this.current.name !== 'idle';
    this.current = { name: 'idle' };
    this.host.overlay.set((o) => ({ ...o, boxDraft: null }));
    return busy;
  }
}
