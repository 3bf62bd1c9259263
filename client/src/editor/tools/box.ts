import type { Box, Point } from '@weboard/shared';
import { moved, selectCreated } from './tool';
import type { BoxKind, PointerInput, ToolHost, Tool } from './tool';

/** Smallest side (board units) of a dragged-out box; a sliver would be impossible to grab. */
export const MIN_DRAWN_SIZE = 12;

/**
 * The box dragged out from `start` to `point`: Shift makes it square (a circle for the ellipse),
 * as in every drawing tool. Each side is at least MIN_DRAWN_SIZE, growing away from `start`.
 */
export function drawnBox(start: Point, point: Point, square: boolean): Box {
  let dx = point.x - start.x;
  let dy = point.y - start.y;
  if (square) {
    const side = Math.max(Math.abs(dx), Math.abs(dy));
    dx = (Math.sign(dx) || 1) * side;
    dy = (Math.sign(dy) || 1) * side;
  }
  const w = Math.max(MIN_DRAWN_SIZE, Math.abs(dx));
  const h = Math.max(MIN_DRAWN_SIZE, Math.abs(dy));
  return {
    x: Math.round(dx < 0 ? start.x - w : start.x),
    y: Math.round(dy < 0 ? start.y - h : start.y),
    w: Math.round(w),
    h: Math.round(h),
  };
}

type BoxToolState =
  { name: 'idle' } | { name: 'pointing'; start: Point } | { name: 'drawing'; start: Point };

/**
 * Rectangle, ellipse, diamond and frame: drag out a box to draw the item that size, or click to
 * drop one of the default size centred there (Miro, tldraw). Then back to select, with the new
 * item selected.
 */
export class BoxTool implements Tool {
  private current: BoxToolState = { name: 'idle' };

  constructor(
    private readonly host: ToolHost,
    readonly id: BoxKind,
  ) {}

  get state() {
    return `${this.id}.${this.current.name}`;
  }

  pointerDown({ point }: PointerInput) {
    if (!this.host.canEdit) return;
    this.current = { name: 'pointing', start: point };
  }

  pointerMove({ point, shift }: PointerInput) {
    const state = this.current;
    if (state.name === 'idle') return;
    if (state.name === 'pointing') {
      if (!moved(this.host, state.start, point)) return;
      this.current = { name: 'drawing', start: state.start };
    }
    const box = drawnBox(state.start, point, shift);
    this.host.overlay.set((o) => ({ ...o, boxDraft: { kind: this.id, box } }));
  }

  pointerUp({ point, shift }: PointerInput) {
    const state = this.current;
    this.current = { name: 'idle' };
    this.host.overlay.set((o) => ({ ...o, boxDraft: null }));
    if (state.name === 'idle') return;
    selectCreated(
      this.host,
      this.host.createBox(
        this.id,
        state.name === 'drawing' ? drawnBox(state.start, point, shift) : state.start,
      ),
    );
  }

  doubleClick() {}

  cancel() {
    const busy = this.current.name !== 'idle';
    this.current = { name: 'idle' };
    this.host.overlay.set((o) => ({ ...o, boxDraft: null }));
    return busy;
  }
}
