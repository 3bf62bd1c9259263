import { unionBoxes } from '@weboard/shared';
import type { Box } from '@weboard/shared';
import type { EditorContext } from './context';
import type { BoardEditor } from './editor';
import { clampScale, zoomAt } from './viewport';

type CameraActions = Pick<
  BoardEditor,
  | 'panBy'
  | 'zoomBy'
  | 'zoomTo'
  | 'showBox'
  | 'zoomToFit'
  | 'fitOnOpen'
  | 'zoomToSelection'
  | 'contentBox'
  | 'follow'
  | 'showFollowed'
>;

/** Board pixels under the title bar at 100 %: content above this line counts as hidden. */
const FIT_TOP = 64;
/** Below this zoom a fitted board is a haze of blocks; it then opens at 100 % instead. */
const MIN_FIT_SCALE = 0.25;

/** The camera: zoom, framing a box, and following someone else's viewport. */
export function createCamera(ctx: EditorContext): { actions: CameraActions; dispose(): void } {
  const { viewport, canvasSize, following } = ctx;
  let followMove = false;
  // Any camera move of our own ends follow mode.
  const stopFollowOnMove = viewport.subscribe(() => {
    if (!followMove && following.get() !== null) following.set(null);
  });

  const actions: CameraActions = {
    panBy(dx, dy) {
      viewport.set((v) => ({ ...v, x: v.x + dx, y: v.y + dy }));
    },
    zoomBy(factor) {
      const { width, height } = canvasSize.get();
      viewport.set((v) => zoomAt(v, { x: width / 2, y: height / 2 }, v.scale * factor));
    },
    zoomTo(scale) {
      const { width, height } = canvasSize.get();
      viewport.set((v) => zoomAt(v, { x: width / 2, y: height / 2 }, scale));
    },
    showBox(box: Box, padding = 64) {
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
      const editor = ctx.self();
      const box = editor.contentBox(false);
      if (box) editor.showBox(box);
    },
    fitOnOpen() {
      // Only a camera nobody moved yet, and only when the content does not already show at 100 %:
      // a board someone opens shows all of it, titles included, without moving a small board.
      const v = viewport.get();
      if (v.x !== 0 || v.y !== 0 || v.scale !== 1) return;
      const editor = ctx.self();
      const box = editor.contentBox(false);
      const { width, height } = canvasSize.get();
      if (!box || width === 0 || height === 0) return;
      const inView =
        box.x >= 0 && box.y >= FIT_TOP && box.x + box.w <= width && box.y + box.h <= height;
      // A board too big to read when fitted (thousands of notes) opens where it always did: at
      // 100 %, its top left in view, drawing only what is there.
      const fitScale = Math.min(
        (width - 128) / Math.max(box.w, 1),
        (height - 128) / Math.max(box.h, 1),
      );
      if (!inView && fitScale >= MIN_FIT_SCALE) editor.showBox(box);
    },
    zoomToSelection() {
      const editor = ctx.self();
      const box = editor.contentBox(true);
      if (box) editor.showBox(box);
    },
    contentBox(selectionOnly) {
      const chosen = selectionOnly ? ctx.selectedItems() : ctx.items.get();
      return unionBoxes(chosen.map(ctx.itemBox));
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
  };
  return { actions, dispose: stopFollowOnMove };
}
