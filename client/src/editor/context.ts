import type { BoardItem, Box, Role } from '@weboard/shared';
import type * as Y from 'yjs';
import type { BoardEditor } from './editor';
import type { ChangeGate } from './gate';
import type { ItemsStore } from './items';
import type { Store } from '../lib/store';
import type { EditorUndo } from './undo';
import type { Viewport } from './viewport';

/**
 * What the editor's parts (camera, creation, clipboard, editing) share: the stores, the change
 * gate and undo. `self` is the assembled editor, for calls between parts.
 */
export interface EditorContext {
  readonly doc: Y.Doc;
  readonly role: Role;
  readonly items: ItemsStore;
  readonly viewport: Store<Viewport>;
  readonly selection: Store<readonly string[]>;
  readonly canvasSize: Store<{ width: number; height: number }>;
  readonly following: Store<number | null>;
  readonly gate: ChangeGate;
  readonly undo: EditorUndo;
  lookup(id: string): BoardItem | undefined;
  itemBox(item: BoardItem): Box;
  /**
   * The items whose bounds meet one of `boxes` (and maybe a few more), each once, bottom first,
   * from the canvas's R-tree; null when no index is attached (then callers scan `items`).
   */
  itemsNear(...boxes: Box[]): BoardItem[] | null;
  visibleBox(): Box;
  selectedItems(): BoardItem[];
  /** Who new items are attributed to. */
  author(): string;
  self(): BoardEditor;
}
