import {
  addItem,
  addItems,
  boxContains,
  boxesIntersect,
  bringForward,
  bringToFront,
  connectorBounds,
  decodeFragment,
  deleteItems,
  encodeFragment,
  getItem,
  indexBetween,
  instantiateFragment,
  isNewerSchema,
  itemBounds,
  itemsInMarquee,
  itemsMap,
  makeConnector,
  makeFrame,
  makePen,
  makeShape,
  makeSticky,
  makeText,
  MAX_PEN_COORDINATES,
  metaMap,
  newItemId,
  PALETTE,
  roleAtLeast,
  routeConnector,
  sendBackward,
  sendToBack,
  STICKY_SIZE,
  topItemAt,
  topZ,
  unionBoxes,
  updateItem,
  updateItems,
} from '@weboard/shared';
import type {
  BoardItem,
  Box,
  ColorName,
  ConnectorEndpoint,
  InkColorName,
  ItemPatch,
  TextItem,
  Role,
  ShapeKind,
} from '@weboard/shared';
import * as Y from 'yjs';
import { createItemsStore } from './items';
import type { ItemsStore } from './items';
import { createStore } from './store';
import type { Store } from './store';
import { hasStrokeWidth, hasTextSize } from './style';
import type { StylePatch } from './style';
import {
  BOX_TOOL_IDS,
  BoxTool,
  ConnectorTool,
  EMPTY_OVERLAY,
  HandTool,
  HIT_TOLERANCE_PX,
  isEditingTool,
  PenTool,
  SelectTool,
} from './tools';
import type { Overlay, PointerInput, Tool, ToolHost, ToolId } from './tools';
import { clampScale, INITIAL_VIEWPORT, screenToBoard, viewportCenter, zoomAt } from './viewport';
import type { Point, Viewport } from './viewport';

/** Transaction origin of every change made through the editor, so undo/persistence can tell. */
export const LOCAL_ORIGIN = 'weboard:local';

/** True for a change this person made through the editor or an action (not a remote one). */
export function isOwnChange(transaction: Y.Transaction): boolean {
  return transaction.origin === LOCAL_ORIGIN;
}

/** What the create actions (toolbar buttons, S T R O D F) make. */
export const CREATE_KINDS = ['sticky', 'text', 'rect', 'ellipse', 'diamond', 'frame'] as const;
export type CreateKind = (typeof CREATE_KINDS)[number];

export type ReorderOp = 'forward' | 'backward' | 'front' | 'back';

/**
 * Why the board is read-only for this person right now: a viewer's link, a snapshot preview open
 * over the live board, a board written by a newer WeBoard. Any one of them stops every change.
 */
export type ReadOnlyReason = 'viewer' | 'preview' | 'newer-schema';

/** How far a paste or duplicate lands from its original, in board units. */
export const PASTE_OFFSET = 24;
/** Undo steps closer together than this merge (typing); gestures merge explicitly. */
const CAPTURE_MS = 500;

/**
 * Everything about an open board that is not the document itself: the camera, what is selected,
 * the active tool and its gesture, undo. React renders from these stores; it never owns them.
 */
export interface BoardEditor extends ToolHost {
  readonly doc: Y.Doc;
  readonly role: Role;
  /** True while we may change the board: an editor's role and nothing making it read-only. */
  readonly canEdit: boolean;
  /** Why the board is read-only for us now; empty while we may edit. */
  readonly readOnly: Store<readonly ReadOnlyReason[]>;
  /** Makes the board read-only for one reason (or lifts that reason); gestures under way end. */
  setReadOnly(reason: ReadOnlyReason, on: boolean): void;
  /**
   * True when we may change the board now and, when given, that item: locked items are a
   * facilitator's, so nobody else moves, restyles, retypes, restacks or deletes them.
   */
  canChange(item?: BoardItem): boolean;
  /**
   * The one gate every change a person makes goes through (the editor's own writes and the
   * planning and facilitation actions): runs `change` as one transaction tagged LOCAL_ORIGIN when
   * we may change the board and every item named in `itemIds`; otherwise changes nothing.
   * Returns whether it ran.
   */
  change(change: () => void, itemIds?: Iterable<string>): boolean;
  readonly items: ItemsStore;
  readonly viewport: Store<Viewport>;
  readonly selection: Store<readonly string[]>;
  readonly editingId: Store<string | null>;
  readonly tool: Store<ToolId>;
  /** The active tool's state, e.g. `select.dragging`. */
  readonly toolState: Store<string>;
  readonly overlay: Store<Overlay>;
  readonly canUndo: Store<{ undo: boolean; redo: boolean }>;
  /** Canvas size in CSS pixels, kept current by the canvas. */
  readonly canvasSize: Store<{ width: number; height: number }>;
  /** False while everything must be drawn (PNG export); true otherwise. */
  readonly culling: Store<boolean>;
  /** Client id of the person whose viewport we follow, or null. */
  readonly following: Store<number | null>;
  /** Last pointer position over the canvas, in board coordinates (null when outside). */
  pointer(): Point | null;
  setPointer(point: Point | null): void;
  /** Sets who new items are attributed to. */
  setAuthor(name: string): void;
  pointerDown(input: PointerInput): void;
  pointerMove(input: PointerInput): void;
  pointerUp(input: PointerInput): void;
  doubleClick(input: PointerInput): void;
  /** Escape: abandon the gesture, else go back to select, else clear the selection. */
  escape(): void;
  /** Makes an item of the default size centred on a point, or filling a box. */
  create(kind: CreateKind, at: Point | Box): string | null;
  createAtViewportCenter(kind: CreateKind): string | null;
  createStickyAtViewportCenter(): string | null;
  moveItem(id: string, x: number, y: number): void;
  updateItem(id: string, patch: ItemPatch): void;
  /** Writes a resize/rotate of one or many items (bracket a gesture with begin/endGesture). */
  applyTransforms(changes: readonly { id: string; patch: ItemPatch }[]): void;
  /** Recolours: fills for notes, shapes and frames; ink for text, pen and connectors. */
  setColor(ids: readonly string[], color: InkColorName): void;
  /**
   * Sets text size and/or stroke width on every item that has it, as one undo step. A text item
   * grows to fit its lettering: `textHeight` measures it (the canvas knows the font).
   */
  setStyle(
    ids: readonly string[],
    style: StylePatch,
    textHeight?: (item: TextItem, fontSize: number) => number,
  ): void;
  /** True when we may restyle the item: editors, and only facilitators on locked items. */
  canStyle(item: BoardItem): boolean;
  toggleSelected(id: string): void;
  selectAll(): void;
  deleteSelection(): void;
  nudgeSelection(dx: number, dy: number): void;
  reorderSelection(op: ReorderOp): void;
  /** The selection as clipboard text (our JSON fragment), or null when nothing is selected. */
  copySelection(): string | null;
  /** Pastes clipboard text; returns the new ids, or null when it is not a fragment of ours. */
  paste(text: string): string[] | null;
  duplicateSelection(): string[] | null;
  stopEditing(): void;
  undo(): void;
  redo(): void;
  zoomBy(factor: number): void;
  zoomTo(scale: number): void;
  zoomToFit(): void;
  zoomToSelection(): void;
  /** Frames a board box in the canvas, leaving `padding` screen pixels around it. */
  showBox(box: Box, padding?: number): void;
  /** The board area the canvas shows. */
  visibleBox(): Box;
  /** The bounds of everything (or of the selection), for export and zoom to fit. */
  contentBox(selectionOnly: boolean): Box | null;
  lookup(id: string): BoardItem | undefined;
  follow(clientId: number | null): void;
  /** Moves the camera to show someone else's viewport, without ending follow mode. */
  showFollowed(box: Box): void;
  dispose(): void;
}

export function createBoardEditor(doc: Y.Doc, role: Role, initialAuthor: string): BoardEditor {
  const items = createItemsStore(doc);
  const readOnly = createStore<readonly ReadOnlyReason[]>(
    roleAtLeast(role, 'editor') ? [] : ['viewer'],
  );
  const viewport = createStore<Viewport>(INITIAL_VIEWPORT);
  const selection = createStore<readonly string[]>([]);
  const editingId = createStore<string | null>(null);
  const tool = createStore<ToolId>('select');
  const toolState = createStore('select.idle');
  const overlay = createStore<Overlay>(EMPTY_OVERLAY);
  const canUndo = createStore({ undo: false, redo: false });
  const following = createStore<number | null>(null);
  const culling = createStore(true);
  const canvasSize = createStore(
    typeof window === 'undefined'
      ? { width: 0, height: 0 }
      : { width: window.innerWidth, height: window.innerHeight },
  );
  let pointer: Point | null = null;
  let followMove = false;

  const undoManager = new Y.UndoManager(itemsMap(doc), {
    trackedOrigins: new Set([LOCAL_ORIGIN]),
    captureTimeout: CAPTURE_MS,
  });
  const refreshUndo = () =>
    canUndo.set((current) => {
      const next = { undo: undoManager.canUndo(), redo: undoManager.canRedo() };
      return current.undo === next.undo && current.redo === next.redo ? current : next;
    });
  undoManager.on('stack-item-added', refreshUndo);
  undoManager.on('stack-item-popped', refreshUndo);
  undoManager.on('stack-cleared', refreshUndo);

  // An item deleted by someone else must drop out of our selection and text editor.
  const dropVanished = items.order.subscribe(() => {
    const kept = selection.get().filter((id) => items.byId(id));
    if (kept.length !== selection.get().length) selection.set(kept);
    const editing = editingId.get();
    if (editing && !items.byId(editing)) editingId.set(null);
  });
  // A note a facilitator locks while we type in it is theirs from then on: its editor closes.
  const closeLockedEditor = items.subscribeChanges((ids) => {
    const editing = editingId.get();
    if (editing && ids.has(editing) && !canChange(items.byId(editing))) editingId.set(null);
  });
  // Any camera move of our own ends follow mode.
  const stopFollowOnMove = viewport.subscribe(() => {
    if (!followMove && following.get() !== null) following.set(null);
  });

  const lookup = (id: string) => items.byId(id);
  const writable = () => readOnly.get().length === 0;
  const canChange = (item?: BoardItem) =>
    writable() &&
    (!item || (item as { locked?: boolean }).locked !== true || role === 'facilitator');
  /** True when we may change every one of these items (ids no longer on the board pass). */
  const canChangeAll = (ids: Iterable<string>) => {
    for (const id of ids) if (!canChange(lookup(id))) return false;
    return true;
  };
  // Every write below goes through here: the one place that knows who may change what, now.
  const write = (fn: () => void, itemIds: Iterable<string> = []) => {
    if (!writable() || !canChangeAll(itemIds)) return false;
    doc.transact(fn, LOCAL_ORIGIN);
    return true;
  };
  const pixel = () => 1 / viewport.get().scale;
  const visibleBox = (): Box => {
    const { width, height } = canvasSize.get();
    const topLeft = screenToBoard(viewport.get(), { x: 0, y: 0 });
    const scale = viewport.get().scale;
    return { x: topLeft.x, y: topLeft.y, w: width / scale, h: height / scale };
  };
  const itemBox = (item: BoardItem) => itemBounds(item, lookup);
  const selectedItems = () =>
    selection
      .get()
      .map(lookup)
      .filter((item): item is BoardItem => !!item);
  let authorName = initialAuthor;
  const author = () => authorName.slice(0, 200);

  const tools: Record<ToolId, Tool> = {} as Record<ToolId, Tool>;
  const activeTool = () => tools[tool.get()];
  const syncToolState = () => toolState.set(activeTool().state);

  // A board written by a newer WeBoard may hold what this version would damage: look, don't touch.
  const meta = metaMap(doc);
  const checkSchema = () => editor.setReadOnly('newer-schema', isNewerSchema(doc));

  const editor: BoardEditor = {
    doc,
    role,
    get canEdit() {
      return writable();
    },
    readOnly,
    setReadOnly(reason, on) {
      const current = readOnly.get();
      if (current.includes(reason) === on) return;
      readOnly.set(on ? [...current, reason] : current.filter((r) => r !== reason));
      if (!on) return;
      // A drag, a drawing or a text editor open when the board turns read-only ends here.
      if (activeTool().cancel()) syncToolState();
      editingId.set(null);
      if (isEditingTool(tool.get())) editor.setTool('select');
    },
    canChange,
    change: (fn, itemIds) => write(fn, itemIds),
    items,
    viewport,
    selection,
    editingId,
    tool,
    toolState,
    overlay,
    canUndo,
    canvasSize,
    culling,
    following,
    pointer: () => pointer,
    setPointer(point) {
      pointer = point;
    },
    setAuthor(name) {
      authorName = name;
    },
    pixel,
    lookup,
    byId: lookup,
    itemBox,
    visibleBox,

    // ── tools ──────────────────────────────────────────────────────────────
    setTool(id) {
      if (tool.get() === id) return;
      activeTool().cancel();
      if (!writable() && isEditingTool(id)) return;
      tool.set(id);
      syncToolState();
    },
    pointerDown(input) {
      activeTool().pointerDown(input);
      syncToolState();
    },
    pointerMove(input) {
      activeTool().pointerMove(input);
      syncToolState();
    },
    pointerUp(input) {
      activeTool().pointerUp(input);
      syncToolState();
    },
    doubleClick(input) {
      activeTool().doubleClick(input);
      syncToolState();
    },
    escape() {
      if (activeTool().cancel()) {
        syncToolState();
        return;
      }
      if (tool.get() !== 'select') editor.setTool('select');
      else editor.select([]);
    },
    itemAt(point) {
      return topItemAt(items.get(), point, HIT_TOLERANCE_PX * pixel(), lookup);
    },
    attachableAt(point) {
      const attachable = items.get().filter((i) => i.type !== 'connector' && i.type !== 'pen');
      return topItemAt(attachable, point, HIT_TOLERANCE_PX * pixel(), lookup);
    },
    connectorRoute(connector) {
      return routeConnector(connector, lookup);
    },
    setConnectorEnd(id, end, endpoint) {
      const connector = lookup(id);
      if (connector?.type !== 'connector') return;
      const ends = { from: connector.from, to: connector.to, [end]: endpoint };
      const route = routeConnector({ ...connector, ...ends }, lookup);
      // As when drawn: an attached end keeps the point where it touches its item.
      const touch = end === 'from' ? route.start : route.end;
      ends[end] = endpoint.itemId ? { ...endpoint, x: touch.x, y: touch.y } : endpoint;
      write(
        () =>
          updateItem(doc, id, { ...ends, ...connectorBounds(ends.from, ends.to) }, LOCAL_ORIGIN),
        [id],
      );
    },
    itemsInBox(box) {
      return itemsInMarquee(items.get(), box, lookup);
    },
    canMove: canChange,
    carried(ids) {
      const moving = new Set(ids);
      const frames = ids.map(lookup).filter((item) => item?.type === 'frame') as BoardItem[];
      if (frames.length === 0) return [];
      return items.get().filter((item) => {
        if (moving.has(item.id) || !editor.canMove(item)) return false;
        const box = itemBox(item);
        return frames.some((frame) => boxContains(frame, box));
      });
    },
    snapTargets(moving) {
      const view = visibleBox();
      return items
        .get()
        .filter((item) => !moving.has(item.id) && item.type !== 'connector')
        .map(itemBox)
        .filter((box) => boxesIntersect(box, view));
    },
    moveItems(origins, dx, dy) {
      write(() => {
        for (const origin of origins) {
          if (!canChange(lookup(origin.id))) continue;
          if (origin.type === 'connector') {
            const shift = (end: ConnectorEndpoint) =>
              end.itemId && lookup(end.itemId) ? end : { ...end, x: end.x + dx, y: end.y + dy };
            const from = shift(origin.from);
            const to = shift(origin.to);
            updateItem(doc, origin.id, { from, to, ...connectorBounds(from, to) }, LOCAL_ORIGIN);
          } else {
            updateItem(doc, origin.id, { x: origin.x + dx, y: origin.y + dy }, LOCAL_ORIGIN);
          }
        }
      });
    },
    panBy(dx, dy) {
      viewport.set((v) => ({ ...v, x: v.x + dx, y: v.y + dy }));
    },
    beginGesture() {
      // One gesture, one undo step, however long it lasts.
      undoManager.stopCapturing();
      undoManager.captureTimeout = Number.POSITIVE_INFINITY;
    },
    endGesture() {
      undoManager.captureTimeout = CAPTURE_MS;
      undoManager.stopCapturing();
    },

    // ── creating ───────────────────────────────────────────────────────────
    create(kind, place) {
      if (!writable()) return null;
      const id = newItemId();
      const fields = { id, z: topZ(doc), createdBy: author() };
      // A box is taken as it is; a point gets the kind's default size centred on it.
      const at = (w: number, h: number) =>
        'w' in place
          ? { x: place.x, y: place.y, w: place.w, h: place.h }
          : { x: Math.round(place.x - w / 2), y: Math.round(place.y - h / 2), w, h };
      let item: BoardItem;
      switch (kind) {
        case 'sticky':
          item = makeSticky({ ...fields, ...at(STICKY_SIZE, STICKY_SIZE) });
          break;
        case 'text':
          item = makeText({ ...fields, ...at(240, 40), text: 'Text' });
          break;
        case 'rect':
        case 'ellipse':
        case 'diamond':
          item = makeShape({ ...fields, ...at(200, 120), kind: kind satisfies ShapeKind });
          break;
        case 'frame': {
          // A frame goes under everything so it never hides what it is drawn around.
          const lowest = items.get()[0]?.z ?? null;
          item = makeFrame({ ...fields, ...at(800, 600), z: indexBetween(null, lowest) });
          break;
        }
      }
      undoManager.stopCapturing();
      write(() => addItem(doc, item, LOCAL_ORIGIN));
      undoManager.stopCapturing();
      selection.set([id]);
      return id;
    },
    createAtViewportCenter(kind) {
      const { width, height } = canvasSize.get();
      const center = viewportCenter(viewport.get(), width, height);
      // Repeated clicks on a toolbar button cascade the new items instead of stacking them exactly.
      const taken = (p: Point) =>
        items.get().some((item) => {
          const box = itemBox(item);
          return (
            item.type !== 'frame' &&
            Math.abs(box.x + box.w / 2 - p.x) < 1 &&
            Math.abs(box.y + box.h / 2 - p.y) < 1
          );
        });
      let at = { x: Math.round(center.x), y: Math.round(center.y) };
      for (let i = 0; i < 50 && taken(at); i++) {
        at = { x: at.x + PASTE_OFFSET, y: at.y + PASTE_OFFSET };
      }
      return editor.create(kind, at);
    },
    createBox(kind, place) {
      return editor.create(kind, place);
    },
    createStickyAt(center) {
      return editor.create('sticky', center);
    },
    createStickyAtViewportCenter() {
      return editor.createAtViewportCenter('sticky');
    },
    createConnector(from, to) {
      if (!writable()) return null;
      const draft = makeConnector({ id: newItemId(), z: topZ(doc), createdBy: author(), from, to });
      // Store each attached end at the point it touches its item: that is where it stays if the
      // item is deleted by someone who never saw this connector.
      const route = routeConnector(draft, lookup);
      const connector = makeConnector({
        ...draft,
        from: { ...from, x: route.start.x, y: route.start.y },
        to: { ...to, x: route.end.x, y: route.end.y },
      });
      undoManager.stopCapturing();
      write(() => addItem(doc, connector, LOCAL_ORIGIN));
      undoManager.stopCapturing();
      return connector.id;
    },
    createPen(absolute) {
      if (!writable() || absolute.length < 2) return null;
      // Long scribbles are thinned to fit the schema's cap.
      const stride = Math.ceil(absolute.length / MAX_PEN_COORDINATES);
      const kept: number[] = [];
      for (let i = 0; i + 1 < absolute.length; i += 2 * stride) {
        kept.push(absolute[i]!, absolute[i + 1]!);
      }
      let minX = Infinity;
      let minY = Infinity;
      for (let i = 0; i < kept.length; i += 2) {
        minX = Math.min(minX, kept[i]!);
        minY = Math.min(minY, kept[i + 1]!);
      }
      const points = kept.map((v, i) => Math.round((v - (i % 2 === 0 ? minX : minY)) * 10) / 10);
      const pen = makePen({
        id: newItemId(),
        x: minX,
        y: minY,
        z: topZ(doc),
        createdBy: author(),
        points,
      });
      undoManager.stopCapturing();
      write(() => addItem(doc, pen, LOCAL_ORIGIN));
      undoManager.stopCapturing();
      return pen.id;
    },

    // ── editing ────────────────────────────────────────────────────────────
    moveItem(id, x, y) {
      write(() => updateItem(doc, id, { x: Math.round(x), y: Math.round(y) }, LOCAL_ORIGIN), [id]);
    },
    updateItem(id, patch) {
      write(() => updateItem(doc, id, patch, LOCAL_ORIGIN), [id]);
    },
    applyTransforms(changes) {
      undoManager.stopCapturing();
      write(() =>
        updateItems(
          doc,
          changes.filter((c) => canChange(lookup(c.id))).map((c) => [c.id, c.patch] as const),
          LOCAL_ORIGIN,
        ),
      );
      undoManager.stopCapturing();
    },
    setColor(ids, color) {
      undoManager.stopCapturing();
      write(() => {
        for (const id of ids) {
          const item = lookup(id);
          if (item && !editor.canStyle(item)) continue;
          const inked = item?.type === 'text' || item?.type === 'pen' || item?.type === 'connector';
          // Black is ink only; a fill keeps its colour when black is chosen for a mixed selection.
          if (!item || (!inked && !(color in PALETTE))) continue;
          updateItem(doc, id, { color: color as ColorName }, LOCAL_ORIGIN);
        }
      });
      undoManager.stopCapturing();
    },
    setStyle(ids, style, textHeight) {
      const changes: [string, ItemPatch][] = [];
      for (const item of ids.map(lookup)) {
        if (!item || !editor.canStyle(item)) continue;
        const patch: { fontSize?: number; strokeWidth?: number; h?: number } = {};
        if (style.fontSize !== undefined && hasTextSize(item)) {
          patch.fontSize = style.fontSize;
          if (item.type === 'text' && textHeight) {
            patch.h = Math.max(1, Math.ceil(textHeight(item, style.fontSize)));
          }
        }
        if (style.strokeWidth !== undefined && hasStrokeWidth(item)) {
          patch.strokeWidth = style.strokeWidth;
        }
        if (Object.keys(patch).length > 0) changes.push([item.id, patch]);
      }
      if (changes.length === 0) return;
      undoManager.stopCapturing();
      write(() => updateItems(doc, changes, LOCAL_ORIGIN));
      undoManager.stopCapturing();
    },
    canStyle(item) {
      return editor.canMove(item);
    },
    select(ids) {
      const current = selection.get();
      if (current.length === ids.length && current.every((id, i) => id === ids[i])) return;
      selection.set([...ids]);
    },
    toggleSelected(id) {
      const current = selection.get();
      selection.set(current.includes(id) ? current.filter((x) => x !== id) : [...current, id]);
    },
    selectAll() {
      selection.set(items.order.get());
    },
    deleteSelection() {
      if (!writable()) return;
      // Locked items stay (and stay selected): they are a facilitator's to remove.
      const ids = selection.get().filter((id) => canChange(lookup(id)));
      if (ids.length === 0) return;
      undoManager.stopCapturing();
      write(() => deleteItems(doc, ids, LOCAL_ORIGIN), ids);
      undoManager.stopCapturing();
      const gone = new Set(ids);
      selection.set(selection.get().filter((id) => !gone.has(id)));
    },
    nudgeSelection(dx, dy) {
      const chosen = selectedItems().filter((item) => editor.canMove(item));
      const origins = [...chosen, ...editor.carried(chosen.map((i) => i.id))];
      if (origins.length > 0) editor.moveItems(origins, dx, dy);
    },
    reorderSelection(op) {
      if (!writable()) return;
      const chosen = new Set(selection.get().filter((id) => canChange(lookup(id))));
      if (chosen.size === 0) return;
      const all = items.get();
      const changes = {
        forward: bringForward,
        backward: sendBackward,
        front: bringToFront,
        back: sendToBack,
      }[op](all, chosen);
      undoManager.stopCapturing();
      write(() =>
        updateItems(
          doc,
          // Restacking may renumber neighbours; a locked one keeps its place.
          [...changes]
            .filter(([id]) => canChange(lookup(id)))
            .map(([id, z]) => [id, { z }] as const),
          LOCAL_ORIGIN,
        ),
      );
      undoManager.stopCapturing();
    },
    copySelection() {
      const chosen = selectedItems();
      return chosen.length === 0 ? null : encodeFragment(chosen, lookup);
    },
    paste(text) {
      const fragment = decodeFragment(text);
      if (!fragment || !writable()) return fragment ? [] : null;
      if (fragment.length === 0) return [];
      const bounds = unionBoxes(
        fragment.map((item) => itemBounds(item, (id) => fragment.find((i) => i.id === id))),
      )!;
      const view = visibleBox();
      let dx = 0;
      let dy = 0;
      if (fragment.every((item) => lookup(item.id))) {
        // Pasting onto the board the items came from: beside the originals, as everyone does.
        dx = dy = PASTE_OFFSET;
      }
      if (view.w > 0 && !boxesIntersect({ ...bounds, x: bounds.x + dx, y: bounds.y + dy }, view)) {
        // Out of sight: land in the middle of what we are looking at.
        dx = view.x + view.w / 2 - (bounds.x + bounds.w / 2);
        dy = view.y + view.h / 2 - (bounds.y + bounds.h / 2);
      }
      const copies = instantiateFragment(fragment, {
        newId: newItemId,
        dx: Math.round(dx),
        dy: Math.round(dy),
        topZ: topZ(doc),
        createdBy: author(),
        now: Date.now(),
      });
      // A copy of a locked item is an ordinary item unless a facilitator makes it.
      const pasted =
        role === 'facilitator'
          ? copies
          : copies.map((item) => {
              if (!('locked' in item)) return item;
              const { locked: _locked, ...unlocked } = item;
              return unlocked as BoardItem;
            });
      undoManager.stopCapturing();
      write(() => addItems(doc, pasted, LOCAL_ORIGIN));
      undoManager.stopCapturing();
      const ids = pasted.map((item) => item.id);
      selection.set(ids);
      return ids;
    },
    duplicateSelection() {
      const text = editor.copySelection();
      return text ? editor.paste(text) : null;
    },
    startEditing(id) {
      if (!getItem(doc, id)) return;
      const item = lookup(id);
      if (!item || item.type === 'pen' || !canChange(item)) return;
      selection.set([id]);
      editingId.set(id);
    },
    stopEditing() {
      editingId.set(null);
      undoManager.stopCapturing();
    },
    undo() {
      activeTool().cancel();
      // Undo writes to the live board like any other change.
      if (writable()) undoManager.undo();
    },
    redo() {
      activeTool().cancel();
      if (writable()) undoManager.redo();
    },

    // ── camera ─────────────────────────────────────────────────────────────
    zoomBy(factor) {
      const { width, height } = canvasSize.get();
      viewport.set((v) => zoomAt(v, { x: width / 2, y: height / 2 }, v.scale * factor));
    },
    zoomTo(scale) {
      const { width, height } = canvasSize.get();
      viewport.set((v) => zoomAt(v, { x: width / 2, y: height / 2 }, scale));
    },
    showBox(box, padding = 64) {
      const { width, height } = canvasSize.get();
      const scale = clampScale(
        Math.min(
          (width - 2 * padding) / Math.max(box.w, 1),
          (height - 2 * padding) / Math.max(box.h, 1),
          1,
        ),
      );
      viewport.set({
        scale,
        x: width / 2 - (box.x + box.w / 2) * scale,
        y: height / 2 - (box.y + box.h / 2) * scale,
      });
    },
    zoomToFit() {
      const box = editor.contentBox(false);
      if (box) editor.showBox(box);
    },
    zoomToSelection() {
      const box = editor.contentBox(true);
      if (box) editor.showBox(box);
    },
    contentBox(selectionOnly) {
      const chosen = selectionOnly ? selectedItems() : items.get();
      return unionBoxes(chosen.map(itemBox));
    },
    follow(clientId) {
      following.set(clientId);
    },
    showFollowed(box) {
      const { width, height } = canvasSize.get();
      const scale = clampScale(Math.min(width / Math.max(box.w, 1), height / Math.max(box.h, 1)));
      followMove = true;
      try {
        viewport.set({
          scale,
          x: width / 2 - (box.x + box.w / 2) * scale,
          y: height / 2 - (box.y + box.h / 2) * scale,
        });
      } finally {
        followMove = false;
      }
    },
    dispose() {
      dropVanished();
      closeLockedEditor();
      meta.unobserve(checkSchema);
      stopFollowOnMove();
      undoManager.destroy();
      items.dispose();
    },
  };

  tools.select = new SelectTool(editor);
  tools.hand = new HandTool(editor);
  tools.connector = new ConnectorTool(editor);
  tools.pen = new PenTool(editor);
  for (const kind of BOX_TOOL_IDS) tools[kind] = new BoxTool(editor, kind);
  meta.observe(checkSchema);
  checkSchema();
  return editor;
}
