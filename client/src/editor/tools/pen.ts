import type { PointerInput, ToolHost, Tool } from './tool';

type PenState = { name: 'idle' } | { name: 'drawing'; points: number[] };

/** Freehand strokes; the tool stays on for the next stroke. */
export class PenTool implements Tool {
  readonly id = 'pen';
  private current: PenState = { name: 'idle' };

  constructor(private readonly host: ToolHost) {}

  get state() {
    return `pen.${this.current.name}`;
  }

  pointerDown({ point }: PointerInput) {
    if (!this.host.canEdit) return;
    this.current = { name: 'drawing', points: [point.x, point.y] };
    this.host.overlay.set((o) => ({ ...o, penDraft: [point.x, point.y] }));
  }

  pointerMove({ point }: PointerInput) {
    if (this.current.name !== 'drawing') return;
    const points = this.current.points;
    const lastX = points[points.length - 2]!;
    const lastY = points[points.length - 1]!;
    // Skip sub-pixel jitter; it only fattens the stroke.
    if (Math.hypot(point.x - lastX, point.y - lastY) < this.host.pixel()) return;
    points.push(point.x, point.y);
    this.host.overlay.set((o) => ({ ...o, penDraft: [...points] }));
  }

  pointerUp() {
    const state = this.current;
    this.current = { name: 'idle' };
    this.host.overlay.set((o) => ({ ...o, penDraft: null }));
    if (state.name === 'drawing') this.host.createPen(state.points);
  }

  doubleClick() {}

  cancel() {
    const busy = this.current.name !== 'idle';
    this.current = { name: 'idle' };
    this.host.overlay.set((o) => ({ ...o, penDraft: null }));
    return busy;
  }
}
