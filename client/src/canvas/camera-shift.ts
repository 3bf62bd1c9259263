import Konva from 'konva';
import type { BoardEditor } from '../editor/editor';
import type { Viewport } from '../editor/viewport';
import type { Store } from '../lib/store';
import { resizeStage } from './konva-internals';

/**
 * While panning, the stage's canvases reach this far (CSS pixels) beyond each side of the window,
 * so that a pan moves drawn pixels instead of drawing them again. Items this far out are mounted
 * while it lasts (see visible-items.ts).
 */
export const PAN_MARGIN = 256;
/** After this long without a pan step, the canvases shrink back to the window, drawn exactly. */
const SETTLE_MS = 150;

/** Where the stage's canvases lie and what they hold, for code that maps the board onto them. */
export interface StagePlacement {
  /** The camera the canvases were drawn for (screen = board × scale + x, y: window pixels). */
  camera: Viewport;
  /** Window pixels of canvas beyond each side of the window (0 at rest). */
  margin: number;
}

const placements = new WeakMap<Konva.Stage, StagePlacement>();

/** The stage's placement: at rest, the camera itself and no margin. */
export function stagePlacement(stage: Konva.Stage): StagePlacement {
  const placement = placements.get(stage);
  if (placement) return placement;
  return { camera: { x: stage.x(), y: stage.y(), scale: stage.scaleX() }, margin: 0 };
}

/** Where a board point lies on canvases placed so (CSS pixels from their top-left corner). */
export function boardToCanvas(placement: StagePlacement, point: { x: number; y: number }) {
  const { camera, margin } = placement;
  return {
    x: point.x * camera.scale + camera.x + margin,
    y: point.y * camera.scale + camera.y + margin,
  };
}

/** Where a board point lies on the stage's canvases (what Konva's hit tests take). */
export function onStage(stage: Konva.Stage, point: { x: number; y: number }) {
  return boardToCanvas(stagePlacement(stage), point);
}

export type CameraStep =
  { kind: 'none' } | { kind: 'draw'; margin: number } | { kind: 'move'; dx: number; dy: number };

/**
 * What a new camera asks of canvases placed so: nothing (the same camera), a move by whole device
 * pixels (a pan that stays inside their margin), or a draw (a zoom at the window's size, or a pan
 * that reaches their edge with PAN_MARGIN around the window).
 */
export function cameraStep(placement: StagePlacement, camera: Viewport, ratio: number): CameraStep {
  const drawn = placement.camera;
  if (camera.scale !== drawn.scale) return { kind: 'draw', margin: 0 };
  const dx = camera.x - drawn.x;
  const dy = camera.y - drawn.y;
  if (dx === 0 && dy === 0) return { kind: 'none' };
  const reach = placement.margin - 1;
  if (Math.abs(dx) >= reach || Math.abs(dy) >= reach) return { kind: 'draw', margin: PAN_MARGIN };
  const whole = (d: number) => Math.round(d * ratio) / ratio;
  return { kind: 'move', dx: whole(dx), dy: whole(dy) };
}

/**
 * Applies the editor's camera to the stage. A zoom (or anything with a new scale) redraws at
 * once, as before. A pan grows the canvases by PAN_MARGIN on each side once, then only moves
 * them with a CSS transform (whole device pixels), which costs the main thread no drawing at
 * all; they are drawn again when the view reaches their edge, and exactly (at the window's size
 * and the camera's sub-pixel position) once the pan rests. In software rendering every redraw of
 * a window-sized canvas costs several milliseconds (clear, raster and hand-over to the
 * compositor), so a pan then costs a redraw every ~20 frames instead of one a frame.
 */
export function installCameraShift(
  stage: Konva.Stage,
  editor: BoardEditor,
  drawnMargin?: Store<number>,
): () => void {
  let placement: StagePlacement = { camera: editor.viewport.get(), margin: 0 };
  let settle: ReturnType<typeof setTimeout> | null = null;

  const move = (dx: number, dy: number) => {
    const { margin } = placement;
    stage.content.style.transform =
      dx === 0 && dy === 0 && margin === 0 ? '' : `translate(${dx - margin}px, ${dy - margin}px)`;
  };

  // The items in a grown margin are mounted after the frame that grows the canvases (a task of
  // its own after that frame's paint), not in it: that frame already reallocates and draws the
  // grown canvases, and the mounts (~20 ms for 1,000 notes at the working view in software
  // rendering) made it one long task at the start of every pan. The margin is out of view in that
  // frame; a shrinking margin unmounts at once.
  let marginAsked = 0;
  const setMargin = (margin: number) => {
    if (!drawnMargin) return;
    const asked = ++marginAsked;
    if (margin <= drawnMargin.get()) return drawnMargin.set(margin);
    requestAnimationFrame(() =>
      setTimeout(() => {
        if (asked === marginAsked) drawnMargin.set(margin);
      }),
    );
  };

  const draw = (camera: Viewport, margin: number) => {
    const { width, height } = editor.canvasSize.get();
    if (margin !== placement.margin || stage.width() !== width + 2 * margin) {
      resizeStage(stage, { width: width + 2 * margin, height: height + 2 * margin });
    }
    placement = { camera, margin };
    placements.set(stage, placement);
    setMargin(margin);
    move(0, 0);
    const x = camera.x + margin;
    const y = camera.y + margin;
    // Konva asks every layer for a draw when an attribute changes from what it holds, and a new
    // stage holds none: the first placement (at 0, 0, 100 %, once the board has drawn its first
    // view) drew every layer again for the same picture.
    if (
      stage.x() !== x ||
      stage.y() !== y ||
      stage.scaleX() !== camera.scale ||
      stage.scaleY() !== camera.scale
    ) {
      stage.setAttrs({ x, y, scaleX: camera.scale, scaleY: camera.scale });
    }
  };

  const stopSettle = () => {
    if (settle) clearTimeout(settle);
    settle = null;
  };
  const rest = () => {
    stopSettle();
    draw(editor.viewport.get(), 0);
  };

  const onCamera = () => {
    const camera = editor.viewport.get();
    const step = cameraStep(placement, camera, Konva.pixelRatio);
    if (step.kind === 'none') return;
    if (step.kind === 'draw' && step.margin === 0) return rest();
    stopSettle();
    settle = setTimeout(rest, SETTLE_MS);
    if (step.kind === 'move') move(step.dx, step.dy);
    else draw(camera, step.margin);
  };

  // A layer of its own for the compositor: moving it then repaints nothing (else every move would
  // paint, and so copy, all of its canvases again).
  stage.content.style.willChange = 'transform';
  rest();
  const stops = [editor.viewport.subscribe(onCamera), editor.canvasSize.subscribe(rest)];
  return () => {
    marginAsked++;
    stops.forEach((stop) => stop());
    stopSettle();
    placements.delete(stage);
    stage.content.style.transform = '';
    stage.content.style.willChange = '';
  };
}
