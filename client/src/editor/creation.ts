import {
  addItem,
  indexBetween,
  makeConnector,
  makeFrame,
  makeImage,
  makePen,
  makeShape,
  makeSticky,
  makeText,
  MAX_PEN_COORDINATES,
  newItemId,
  routeConnector,
  STICKY_SIZE,
  topZ,
} from '@weboard/shared';
import type { BoardItem, ImageItem, ShapeKind } from '@weboard/shared';
import { PASTE_OFFSET } from './clipboard';
import type { EditorContext } from './context';
import type { BoardEditor } from './editor';
import { LOCAL_ORIGIN } from './gate';
import { viewportCenter } from './viewport';
import type { Point } from './viewport';

/** What the create actions (toolbar buttons, S T R O D F) make. */
export const CREATE_KINDS = ['sticky', 'text', 'rect', 'ellipse', 'diamond', 'frame'] as const;
export type CreateKind = (typeof CREATE_KINDS)[number];

/** An image already stored on the server, to put on the board. */
export type NewImage = Pick<ImageItem, 'src' | 'naturalW' | 'naturalH' | 'name' | 'alt'>;

/** Largest share of the visible board a new image takes, so a big screenshot lands whole. */
const IMAGE_SCREEN_SHARE = 0.6;

type CreationActions = Pick<
  BoardEditor,
  | 'create'
  | 'createAtViewportCenter'
  | 'createBox'
  | 'createStickyAt'
  | 'createStickyAtViewportCenter'
  | 'createConnector'
  | 'createPen'
  | 'createImage'
>;

/** Making new items: notes, text, shapes, frames (clicked or dragged out), connectors, ink. */
export function creationActions(ctx: EditorContext): CreationActions {
  const { doc, items, gate, undo, lookup } = ctx;
  const actions: CreationActions = {
    create(kind, place) {
      if (!gate.writable()) return null;
      const id = newItemId();
      const fields = { id, z: topZ(doc), createdBy: ctx.author() };
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
      undo.step(() => gate.write(() => addItem(doc, item, LOCAL_ORIGIN)));
      ctx.selection.set([id]);
      return id;
    },
    createAtViewportCenter(kind) {
      const { width, height } = ctx.canvasSize.get();
      const center = viewportCenter(ctx.viewport.get(), width, height);
      // Repeated clicks on a toolbar button cascade the new items instead of stacking them exactly.
      const taken = (p: Point) =>
        items.get().some((item) => {
          const box = ctx.itemBox(item);
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
      return ctx.self().create(kind, at);
    },
    createBox(kind, place) {
      return ctx.self().create(kind, place);
    },
    createStickyAt(center) {
      return ctx.self().create('sticky', center);
    },
    createStickyAtViewportCenter() {
      return ctx.self().createAtViewportCenter('sticky');
    },
    createConnector(from, to) {
      if (!gate.writable()) return null;
      const draft = makeConnector({
        id: newItemId(),
        z: topZ(doc),
        createdBy: ctx.author(),
        from,
        to,
      });
      // Store each attached end at the point it touches its item: that is where it stays if the
      // item is deleted by someone who never saw this connector.
      const route = routeConnector(draft, lookup);
      const connector = makeConnector({
        ...draft,
        from: { ...from, x: route.start.x, y: route.start.y },
        to: { ...to, x: route.end.x, y: route.end.y },
      });
      undo.step(() => gate.write(() => addItem(doc, connector, LOCAL_ORIGIN)));
      return connector.id;
    },
    createPen(absolute) {
      if (!gate.writable() || absolute.length < 2) return null;
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
        createdBy: ctx.author(),
        points,
      });
      undo.step(() => gate.write(() => addItem(doc, pen, LOCAL_ORIGIN)));
      return pen.id;
    },
    createImage(image, at) {
      if (!gate.writable()) return null;
      const { width, height } = ctx.canvasSize.get();
      const viewport = ctx.viewport.get();
      const center = at ?? viewportCenter(viewport, width, height);
      const room = (IMAGE_SCREEN_SHARE * Math.min(width || 800, height || 600)) / viewport.scale;
      const fit = Math.min(1, room / Math.max(image.naturalW, image.naturalH));
      const w = Math.max(1, Math.round(image.naturalW * fit));
      const h = Math.max(1, Math.round(image.naturalH * fit));
      const item = makeImage({
        ...image,
        id: newItemId(),
        x: Math.round(center.x - w / 2),
        y: Math.round(center.y - h / 2),
        w,
        h,
        z: topZ(doc),
        createdBy: ctx.author(),
      });
      undo.step(() => gate.write(() => addItem(doc, item, LOCAL_ORIGIN)));
      ctx.selection.set([item.id]);
      return item.id;
    },
  };
  return actions;
}
