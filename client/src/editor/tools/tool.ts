import type {
  BoardItem,
  Box,
  ConnectorEndpoint,
  ConnectorItem,
  ConnectorRoute,
  Point,
} from '@weboard/shared';
import type { Guide } from '../snapping';
import type { Store } from '../../lib/store';

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
  /** The board area the canvas shows. */
  visibleBox(): Box;
  itemAt(point: Point): BoardItem | undefined;
  /** The topmost item a connector end can attach to at a point (not a connector or a stroke). */
  attachableAt(point: Point): BoardItem | undefined;
  connectorRoute(connector: ConnectorItem): ConnectorRoute;
  /** Moves one end of a connector; an attached end is stored where it touches its item. */
  setConnectorEnd(id: string, end: ConnectorEndName, endpoint: ConnectorEndpoint): void;
  itemsInBox(box: Box): BoardItem[];
  /** The ids a click on an item selects: its whole group at the current level, or it alone. */
  clickTargets(item: BoardItem): string[];
  /** The ids a marquee that caught these items selects: groups only when caught whole. */
  catchTargets(caught: readonly BoardItem[]): string[];
  /** Double-click on a grouped item: go inside its group and select the member; false if none. */
  enterGroup(item: BoardItem): boolean;
  byId(id: string): BoardItem | undefined;
  select(ids: readonly string[]): void;
  canMove(item: BoardItem): boolean;
  /** Items carried along when these move: contents of frames among them. */
  carried(ids: readonly string[]): BoardItem[];
  /**
   * Boxes of the items in view (other than `moving`) that `box` may snap to within `reach` (board
   * units), bottom first: those in the column and the row of the view through `box` widened by
   * twice `reach` (no other item has an edge or centre that can line up with one of `box`'s, and
   * the extra reach keeps every target a guide along the snapped line spans).
   */
  snapTargets(moving: ReadonlySet<string>, box: Box, reach: number): Box[];
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

export const moved = (host: ToolHost, a: Point, b: Point) =>
  Math.hypot(b.x - a.x, b.y - a.y) / host.pixel() > DRAG_THRESHOLD_PX;

/** After a creating tool made an item (id null: it made none): back to select, with it selected. */
export function selectCreated(host: ToolHost, id: string | null): void {
  if (!id) return;
  host.setTool('select');
  host.select([id]);
}
