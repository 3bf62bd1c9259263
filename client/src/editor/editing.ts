import {
  boxesIntersect,
  bringForward,
  bringToFront,
  connectorBounds,
  deleteItems,
  itemBounds,
  PALETTE,
  routeConnector,
  sendBackward,
  sendToBack,
  updateItem,
  updateItems,
} from '@weboard/shared';
import type { BoardItem, Box, ColorName, ConnectorEndpoint, ItemPatch } from '@weboard/shared';
import type { EditorContext } from './context';
import type { BoardEditor } from './editor';
import { LOCAL_ORIGIN } from './gate';
import { hasStrokeWidth, hasTextSize } from './style';

export type ReorderOp = 'forward' | 'backward' | 'front' | 'back';

type EditingActions = Pick<
  BoardEditor,
  | 'setConnectorEnd'
  | 'moveItems'
  | 'moveItem'
  | 'updateItem'
  | 'applyTransforms'
  | 'setColor'
  | 'setStyle'
  | 'canStyle'
  | 'deleteSelection'
  | 'nudgeSelection'
  | 'reorderSelection'
>;

/** Changing items already on the board: move, resize, restyle, restack, delete. */
export function editingActions(ctx: EditorContext): EditingActions {
  const { doc, gate, undo, lookup, selection } = ctx;
  const { write, canChange } = gate;
  return {
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
    moveItem(id, x, y) {
      write(() => updateItem(doc, id, { x: Math.round(x), y: Math.round(y) }, LOCAL_ORIGIN), [id]);
    },
    updateItem(id, patch) {
      write(() => updateItem(doc, id, patch, LOCAL_ORIGIN), [id]);
    },
    applyTransforms(changes) {
      undo.step(() =>
        write(() =>
          updateItems(
            doc,
            changes.filter((c) => canChange(lookup(c.id))).map((c) => [c.id, c.patch] as const),
            LOCAL_ORIGIN,
          ),
        ),
      );
    },
    setColor(ids, color) {
      const editor = ctx.self();
      undo.step(() =>
        write(() => {
          for (const id of ids) {
            const item = lookup(id);
            if (item && (item.type === 'image' || !editor.canStyle(item))) continue;
            const inked =
              item?.type === 'text' || item?.type === 'pen' || item?.type === 'connector';
            // Black is ink only; a fill keeps its colour when black is chosen for a mixed selection.
            if (!item || (!inked && !(color in PALETTE))) continue;
            updateItem(doc, id, { color: color as ColorName }, LOCAL_ORIGIN);
          }
        }),
      );
    },
    setStyle(ids, style, textHeight) {
      const editor = ctx.self();
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
      undo.step(() => write(() => updateItems(doc, changes, LOCAL_ORIGIN)));
    },
    canStyle(item) {
      return ctx.self().canMove(item);
    },
    deleteSelection() {
      if (!gate.writable()) return;
      // Locked items stay (and stay selected): they are a facilitator's to remove.
      const ids = selection.get().filter((id) => canChange(lookup(id)));
      if (ids.length === 0) return;
      undo.step(() => write(() => deleteItems(doc, ids, LOCAL_ORIGIN), ids));
      const gone = new Set(ids);
      selection.set(selection.get().filter((id) => !gone.has(id)));
    },
    nudgeSelection(dx, dy) {
      const editor = ctx.self();
      const chosen = ctx.selectedItems().filter((item) => editor.canMove(item));
      const origins = [...chosen, ...editor.carried(chosen.map((i) => i.id))];
      if (origins.length > 0) editor.moveItems(origins, dx, dy);
    },
    reorderSelection(op) {
      if (!gate.writable()) return;
      const chosen = new Set(selection.get().filter((id) => canChange(lookup(id))));
      if (chosen.size === 0) return;
      const all = ctx.items.get();
      // A step passes only an item that overlaps (tldraw's rule), so every press changes what is seen.
      const boxes = new Map<string, Box>();
      const boxOf = (item: BoardItem): Box => {
        let box = boxes.get(item.id);
        if (!box) boxes.set(item.id, (box = itemBounds(item, lookup)));
        return box;
      };
      const overlaps = (a: BoardItem, b: BoardItem) => boxesIntersect(boxOf(a), boxOf(b));
      const changes =
        op === 'forward'
          ? bringForward(all, chosen, overlaps)
          : op === 'backward'
            ? sendBackward(all, chosen, overlaps)
            : (op === 'front' ? bringToFront : sendToBack)(all, chosen);
      undo.step(() =>
        write(() =>
          updateItems(
            doc,
            // Restacking may renumber neighbours; a locked one keeps its place.
            [...changes]
              .filter(([id]) => canChange(lookup(id)))
              .map(([id, z]) => [id, { z }] as const),
            LOCAL_ORIGIN,
          ),
        ),
      );
    },
  };
}
