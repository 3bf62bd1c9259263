import { boxContains, boxFromCorners, unionBoxes } from '@weboard/shared';
import type { BoardItem, Box, ConnectorItem, Point } from '@weboard/shared';
import { snapBox } from '../snapping';
import type { Guide } from '../snapping';
import { EMPTY_OVERLAY, HIT_TOLERANCE_PX, END_HANDLE_PX, moved } from './tool';
import type { PointerInput, ToolHost, ConnectorEndName, Tool } from './tool';

/** How far (screen pixels) a dragged box may go before its snap targets are looked up again. */
const SNAP_SLACK_PX = 48;

const sameBox = (a: Box, b: Box) => a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h;

type SelectState =
  | { name: 'idle' }
  | { name: 'pointing_canvas'; start: Point; shift: boolean }
  | {
      name: 'pointing_item';
      start: Point;
      /** The item pressed and, when it is grouped, the rest of its group. */
      ids: readonly string[];
      shift: boolean;
      wasSelected: boolean;
    }
  | {
      name: 'dragging';
      start: Point;
      origins: BoardItem[];
      bounds: Box;
      /** What moves (the selection and what its frames carry): never a snap target. */
      moving: ReadonlySet<string>;
      /** The snap targets of a region around the dragged box in a view, kept while both hold. */
      snap: { around: Box; view: Box; targets: Box[] } | null;
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
    const ids = this.host.clickTargets(item);
    const selection = this.host.selection.get();
    const wasSelected = ids.every((id) => selection.includes(id));
    if (shift) {
      if (!wasSelected) this.host.select([...selection.filter((id) => !ids.includes(id)), ...ids]);
    } else if (!wasSelected) {
      this.host.select(ids);
    }
    this.current = { name: 'pointing_item', start: point, ids, shift, wasSelected };
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
          const reach = HIT_TOLERANCE_PX * this.host.pixel();
          const snap = snapBox(moving, this.snapTargets(state, moving, reach), reach);
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
        const inside = this.host.catchTargets(this.host.itemsInBox(marquee));
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
          this.host.select(selection.filter((id) => !state.ids.includes(id)));
        } else if (!state.shift) {
          this.host.select(state.ids);
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
    const item = this.host.itemAt(point);
    // Going inside a group changes nothing on the board, so viewers may do it too.
    if (item && this.host.enterGroup(item)) return;
    if (!this.host.canEdit) return;
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
    this.host.beginGesture();
    this.current = {
      name: 'dragging',
      start,
      origins,
      bounds: unionBoxes(chosen.map((item) => this.host.itemBox(item)))!,
      moving: new Set(origins.map((i) => i.id)),
      snap: null,
    };
  }

  /**
   * Targets `box` may snap to. Those of a region SNAP_SLACK_PX around it serve every step until the
   * box leaves it or the view changes: a superset, in the same order, snaps the same, and one query
   * serves many steps (issue #18).
   */
  private snapTargets(state: Extract<SelectState, { name: 'dragging' }>, box: Box, reach: number) {
    const view = this.host.visibleBox();
    const kept = state.snap;
    if (kept && boxContains(kept.around, box) && sameBox(kept.view, view)) return kept.targets;
    const slack = SNAP_SLACK_PX * this.host.pixel();
    const around = {
      x: box.x - slack,
      y: box.y - slack,
      w: box.w + 2 * slack,
      h: box.h + 2 * slack,
    };
    state.snap = { around, view, targets: this.host.snapTargets(state.moving, around, reach) };
    return state.snap.targets;
  }
}
