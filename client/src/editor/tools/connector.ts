import type { ConnectorEndpoint, Point } from '@weboard/shared';
import { moved, selectCreated } from './tool';
import type { PointerInput, ToolHost, Tool } from './tool';

type ConnectorState =
  | { name: 'idle' }
  | { name: 'pointing'; from: ConnectorEndpoint }
  | { name: 'dragging'; from: ConnectorEndpoint };

/** Drag from an item (or anywhere) to another item (or anywhere) to connect them. */
export class ConnectorTool implements Tool {
  readonly id = 'connector';
  private current: ConnectorState = { name: 'idle' };

  constructor(private readonly host: ToolHost) {}

  get state() {
    return `connector.${this.current.name}`;
  }

  private endpointAt(point: Point): ConnectorEndpoint {
    const item = this.host.attachableAt(point);
    return { itemId: item?.id ?? null, x: point.x, y: point.y };
  }

  pointerDown({ point }: PointerInput) {
    if (!this.host.canEdit) return;
    this.current = { name: 'pointing', from: this.endpointAt(point) };
  }

  pointerMove({ point }: PointerInput) {
    const state = this.current;
    if (state.name === 'idle') return;
    if (state.name === 'pointing') {
      if (!moved(this.host, state.from, point)) return;
      this.current = { name: 'dragging', from: state.from };
    }
    const to = this.endpointAt(point);
    const targetId = to.itemId !== state.from.itemId ? to.itemId : null;
    this.host.overlay.set((o) => ({
      ...o,
      connectorDraft: { from: state.from, to: point, targetId },
    }));
  }

  pointerUp({ point }: PointerInput) {
    const state = this.current;
    this.current = { name: 'idle' };
    this.host.overlay.set((o) => ({ ...o, connectorDraft: null }));
    if (state.name !== 'dragging') return;
    const to = this.endpointAt(point);
    if (to.itemId !== null && to.itemId === state.from.itemId) return; // no self-loops
    selectCreated(this.host, this.host.createConnector(state.from, to));
  }

  doubleClick() {}

  cancel() {
    const busy = this.current.name !== 'idle';
    this.current = { name: 'idle' };
    this.host.overlay.set((o) => ({ ...o, connectorDraft: null }));
    return busy;
  }
}
