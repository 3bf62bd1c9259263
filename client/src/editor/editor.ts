import {
  compareIndex,
  getItem,
  isNewerSchema,
  itemBounds,
  metaMap,
  migrateBoard,
  needsMigration,
} from '@weboard/shared';
import type { BoardItem, Box, InkColorName, ItemPatch, TextItem, Role } from '@weboard/shared';
import type * as Y from 'yjs';
import { arrangeActions } from './arrange';
import type { ArrangeApi } from './arrange';
import { createCamera } from './camera';
import { clipboardActions } from './clipboard';
import type { EditorContext } from './context';
import { creationActions } from './creation';
import type { CreateKind, NewImage } from './creation';
import { editingActions } from './editing';
import { groupingActions } from './grouping';
import type { GroupingApi } from './grouping';
import type { ReorderOp } from './editing';
import { createChangeGate } from './gate';
import { boardQueries } from './queries';
import type { ReadOnlyReason } from './gate';
import { createItemsStore } from './items';
import type { ItemsStore } from './items';
import { createStore } from '../lib/store';
import type { Store } from '../lib/store';
import type { StylePatch } from './style';
import { createUndo } from './undo';
import {
  BOX_TOOL_IDS,
  BoxTool,
  ConnectorTool,
  EMPTY_OVERLAY,
  HandTool,
  isEditingTool,
  PenTool,
  SelectTool,
} from './tools';
import type { Overlay, PointerInput, Tool, ToolHost, ToolId } from './tools';
import { INITIAL_VIEWPORT, screenToBoard } from './viewport';
import type { Point, Viewport } from './viewport';

/*
 * The editor is assembled here from parts a newcomer can find: the change gate (gate.ts), undo
 * (undo.ts), the camera (camera.ts), creating items (creation.ts), changing them (editing.ts),
 * the clipboard (clipboard.ts) and the tools (tools/, one file each).
 */
export { LOCAL_ORIGIN, isOwnChange } from './gate';
export type { ReadOnlyReason } from './gate';
export { CREATE_KINDS } from './creation';
export type { CreateKind, NewImage } from './creation';
export type { ReorderOp } from './editing';
export { PASTE_OFFSET } from './clipboard';

/**
 * Everything about an open board that is not the document itself: the camera, what is selected,
 * the active tool and its gesture, undo. React renders from these stores; it never owns them.
 */
export interface BoardEditor extends ToolHost, GroupingApi, ArrangeApi {
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
  /** `change`, as an undo step of its own (never merged with a change just before or after). */
  changeStep(change: () => void, itemIds?: Iterable<string>): boolean;
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
  /** Who new items (and reactions) are attributed to. */
  author(): string;
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
  /**
   * Puts a stored image on the board, centred on `at` (the viewport's centre by default), at its
   * natural size or smaller so it fits the screen; selects it and returns its id.
   */
  createImage(image: NewImage, at?: Point): string | null;
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
  /**
   * The selection as clipboard text (our JSON fragment), or null when nothing is selected;
   * `grantOf` adds the grants of its pictures, so they can be linked where it is pasted.
   */
  copySelection(grantOf?: (hash: string) => string | undefined): string | null;
  /** Pastes clipboard text; returns the new ids, or null when it is not a fragment of ours. */
  paste(text: string): string[] | null;
  duplicateSelection(): string[] | null;
  stopEditing(): void;
  undo(): void;
  redo(): void;
  zoomBy(factor: number): void;
  zoomTo(scale: number): void;
  zoomToFit(): void;
  /** On opening a board: fit its content in view unless it already shows or the camera moved. */
  fitOnOpen(): void;
  zoomToSelection(): void;
  /** Frames a board box in the canvas, leaving `padding` screen pixels around it. */
  showBox(box: Box, padding?: number): void;
  /** The bounds of everything (or of the selection), for export and zoom to fit. */
  contentBox(selectionOnly: boolean): Box | null;
  lookup(id: string): BoardItem | undefined;
  /**
   * Lets hit tests, the marquee and snapping ask this index (the canvas's R-tree) for the items
   * near a box instead of scanning the whole board; returns the call that stops it. Without one
   * they scan every item, with the same results.
   */
  attachItemIndex(index: ItemIndex): () => void;
  follow(clientId: number | null): void;
  /** Moves the camera to show someone else's viewport, without ending follow mode. */
  showFollowed(box: Box): void;
  dispose(): void;
}

/** Where items are: the ids of those whose bounds (itemBox, kept current) meet a board box. */
export interface ItemIndex {
  search(box: Box): string[];
}

export function createBoardEditor(doc: Y.Doc, role: Role, initialAuthor: string): BoardEditor {
  const items = createItemsStore(doc);
  const viewport = createStore<Viewport>(INITIAL_VIEWPORT);
  const selection = createStore<readonly string[]>([]);
  const editingId = createStore<string | null>(null);
  const enteredGroup = createStore<string | null>(null);
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

  const lookup = (id: string) => items.byId(id);
  const gate = createChangeGate(doc, role, lookup);
  const { readOnly, writable, canChange, write } = gate;
  const undo = createUndo(doc, canUndo);

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

  const pixel = () => 1 / viewport.get().scale;
  const visibleBox = (): Box => {
    const { width, height } = canvasSize.get();
    const topLeft = screenToBoard(viewport.get(), { x: 0, y: 0 });
    const scale = viewport.get().scale;
    return { x: topLeft.x, y: topLeft.y, w: width / scale, h: height / scale };
  };
  const itemBox = (item: BoardItem) => itemBounds(item, lookup);
  let itemIndex: ItemIndex | null = null;
  const itemsNear = (...boxes: Box[]): BoardItem[] | null => {
    if (!itemIndex) return null;
    const index = itemIndex;
    const ids =
      boxes.length === 1
        ? index.search(boxes[0]!)
        : new Set(boxes.flatMap((box) => index.search(box)));
    const near: BoardItem[] = [];
    for (const id of ids) {
      const item = lookup(id);
      if (item) near.push(item);
    }
    // Bottom first, as the items store orders them.
    return near.sort((a, b) => compareIndex({ key: a.z, id: a.id }, { key: b.z, id: b.id }));
  };
  const selectedItems = () =>
    selection
      .get()
      .map(lookup)
      .filter((item): item is BoardItem => !!item);
  let authorName = initialAuthor;

  const tools: Record<ToolId, Tool> = {} as Record<ToolId, Tool>;
  const activeTool = () => tools[tool.get()];
  const syncToolState = () => toolState.set(activeTool().state);

  // A board written by a newer WeBoard may hold what this version would damage: look, don't touch.
  const meta = metaMap(doc);
  // One written by an older WeBoard is brought up to date on open, unless we may not change it
  // (the server migrates it too when it loads the board; both runs converge).
  const checkSchema = () => {
    editor.setReadOnly('newer-schema', isNewerSchema(doc));
    if (writable() && needsMigration(doc)) migrateBoard(doc);
  };

  const ctx: EditorContext = {
    doc,
    role,
    items,
    viewport,
    selection,
    canvasSize,
    following,
    gate,
    undo,
    lookup,
    itemBox,
    itemsNear,
    visibleBox,
    selectedItems,
    author: () => authorName.slice(0, 200),
    self: () => editor,
  };
  const camera = createCamera(ctx);

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
    changeStep: (fn, itemIds) => undo.step(() => write(fn, itemIds)),
    items,
    viewport,
    selection,
    editingId,
    enteredGroup,
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
    author: () => authorName.slice(0, 200),
    pixel,
    lookup,
    attachItemIndex(index) {
      itemIndex = index;
      return () => {
        if (itemIndex === index) itemIndex = null;
      };
    },
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
      else if (!editor.exitGroup()) editor.select([]);
    },
    canMove: canChange,
    beginGesture: undo.beginGesture,
    endGesture: undo.endGesture,

    ...boardQueries(ctx),
    ...creationActions(ctx),
    ...editingActions(ctx),
    ...clipboardActions(ctx),
    ...groupingActions(ctx, enteredGroup),
    ...arrangeActions(ctx, enteredGroup),
    ...camera.actions,

    // ── selection and text editing ─────────────────────────────────────────
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
    startEditing(id) {
      if (!getItem(doc, id)) return;
      const item = lookup(id);
      if (!item || item.type === 'pen' || !canChange(item)) return;
      selection.set([id]);
      editingId.set(id);
    },
    stopEditing() {
      editingId.set(null);
      undo.manager.stopCapturing();
    },
    undo() {
      activeTool().cancel();
      // Undo writes to the live board like any other change.
      if (writable()) undo.manager.undo();
    },
    redo() {
      activeTool().cancel();
      if (writable()) undo.manager.redo();
    },
    dispose() {
      dropVanished();
      closeLockedEditor();
      meta.unobserve(checkSchema);
      camera.dispose();
      undo.destroy();
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
