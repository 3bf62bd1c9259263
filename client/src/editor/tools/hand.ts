import type { Point } from '@weboard/shared';
import type { PointerInput, ToolHost, Tool } from './tool';

type HandState = { name: 'idle' } | { name: 'panning'; last: Point };

/** Drags the canvas. */
export class HandTool implements Tool {
  readonly id = 'hand';
  private current: HandState = { name: 'idle' };

  constructor(private readonly host: ToolHost) {}

  get state() {
    return `hand.${this.current.name}`;
  }

  pointerDown({ screen }: PointerInput) {
    this.current = { name: 'panning', last: screen };
  }

  pointerMove({ screen }: PointerInput) {
    if (this.current.name !== 'panning') return;
    this.host.panBy(screen.x - this.current.last.x, screen.y - this.current.last.y);
    this.current = { name: 'panning', last: screen };
  }

  pointerUp() {
    this.current = { name: 'idle' };
  }

  doubleClick() {}

  cancel() {
    const busy = this.current.name !== 'idle';
    this.current = { name: 'idle' };
    return busy;
  }
}
