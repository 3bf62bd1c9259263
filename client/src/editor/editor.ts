import {
  addItem,
  deleteItem,
  getItem,
  makeSticky,
  newItemId,
  roleAtLeast,
  STICKY_SIZE,
  topZ,
  updateItem,
} from '@weboard/shared';
import type { ColorName, ItemPatch, Role } from '@weboard/shared';
import type * as Y from 'yjs';
import { createItemsStore } from './items';
import { createStore } from './store';
import type { Store } from './store';
import { INITIAL_VIEWPORT, viewportCenter } from './viewport';
import type { Point, Viewport } from './viewport';

/** Transaction origin of every change made through the editor, so undo/persistence can tell. */
export const LOCAL_ORIGIN = 'weboard:local';

/**
 * Everything about an open board that is not the document itself: the camera, what is selected,
 * which note is being typed into. React renders from these stores; it never owns them.
 */
export interface BoardEditor {
  readonly doc: Y.Doc;
  readonly role: Role;
  readonly canEdit: boolean;
  readonly items: ReturnType<typeof createItemsStore>;
  readonly viewport: Store<Viewport>;
  readonly selection: Store<readonly string[]>;
  readonly editingId: Store<string | null>;
  /** Canvas size in CSS pixels, kept current by the canvas. */
  readonly canvasSize: Store<{ width: number; height: number }>;
  /** Last pointer position over the canvas, in board coordinates (null when outside). */
  pointer(): Point | null;
  setPointer(point: Point | null): void;
  /** Sets who new items are attributed to. */
  setAuthor(name: string): void;
  createStickyAt(center: Point): string | null;
  createStickyAtViewportCenter(): string | null;
  moveItem(id: string, x: number, y: number): void;
  updateItem(id: string, patch: ItemPatch): void;
  setColor(ids: readonly string[], color: ColorName): void;
  select(ids: readonly string[]): void;
  toggleSelected(id: string): void;
  deleteSelection(): void;
  startEditing(id: string): void;
  stopEditing(): void;
  dispose(): void;
}

export function createBoardEditor(doc: Y.Doc, role: Role, author: string): BoardEditor {
  const canEdit = roleAtLeast(role, 'editor');
  const items = createItemsStore(doc);
  const viewport = createStore<Viewport>(INITIAL_VIEWPORT);
  const selection = createStore<readonly string[]>([]);
  const editingId = createStore<string | null>(null);
  const canvasSize = createStore(
    typeof window === 'undefined'
      ? { width: 0, height: 0 }
      : { width: window.innerWidth, height: window.innerHeight },
  );
  let pointer: Point | null = null;

  // A note deleted by someone else must drop out of our selection and text editor.
  const dropVanished = items.subscribe(() => {
    const present = new Set(items.get().map((item) => item.id));
    const kept = selection.get().filter((id) => present.has(id));
    if (kept.length !== selection.get().length) selection.set(kept);
    const editing = editingId.get();
    if (editing && !present.has(editing)) editingId.set(null);
  });

  const editor: BoardEditor = {
    doc,
    role,
    canEdit,
    items,
    viewport,
    selection,
    editingId,
    canvasSize,
    pointer: () => pointer,
    setPointer(point) {
      pointer = point;
    },
    setAuthor(name) {
      author = name;
    },
    createStickyAt(center) {
      if (!canEdit) return null;
      const id = newItemId();
      const sticky = makeSticky({
        id,
        x: Math.round(center.x - STICKY_SIZE / 2),
        y: Math.round(center.y - STICKY_SIZE / 2),
        z: topZ(doc),
        createdBy: author.slice(0, 200),
      });
      addItem(doc, sticky, LOCAL_ORIGIN);
      selection.set([id]);
      return id;
    },
    createStickyAtViewportCenter() {
      const { width, height } = canvasSize.get();
      return editor.createStickyAt(viewportCenter(viewport.get(), width, height));
    },
    moveItem(id, x, y) {
      if (!canEdit) return;
      updateItem(doc, id, { x: Math.round(x), y: Math.round(y) }, LOCAL_ORIGIN);
    },
    updateItem(id, patch) {
      if (!canEdit) return;
      updateItem(doc, id, patch, LOCAL_ORIGIN);
    },
    setColor(ids, color) {
      if (!canEdit) return;
      doc.transact(() => {
        for (const id of ids) updateItem(doc, id, { color }, LOCAL_ORIGIN);
      }, LOCAL_ORIGIN);
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
    deleteSelection() {
      if (!canEdit) return;
      const ids = selection.get();
      if (ids.length === 0) return;
      doc.transact(() => {
        for (const id of ids) deleteItem(doc, id, LOCAL_ORIGIN);
      }, LOCAL_ORIGIN);
      selection.set([]);
    },
    startEditing(id) {
      if (!canEdit || !getItem(doc, id)) return;
      selection.set([id]);
      editingId.set(id);
    },
    stopEditing() {
      editingId.set(null);
    },
    dispose() {
      dropVanished();
      items.dispose();
    },
  };
  return editor;
}
