import { addItems, indicesBetween, makeSticky } from '@weboard/shared';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

/** Presence colours as the WeBoard client picks them. */
const COLORS = ['#e03131', '#d6336c', '#ae3ec9', '#7048e8', '#4263eb', '#1c7ed6', '#0c8599'];

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * One person on the board through a stock y-websocket 3.x provider (over `ws`, unmodified, so it
 * echoes other people's presence the way stock clients do), with WeBoard's presence fields.
 */
export class StockPerson {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  /** Close codes the server sent (1000 and our own closes are not counted). */
  readonly closes: number[] = [];
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    url: string,
    boardId: string,
    token: string,
    readonly name: string,
    teamId: string | null,
    index: number,
  ) {
    this.provider = new WebsocketProvider(`${url.replace(/^http/, 'ws')}/sync`, boardId, this.doc, {
      params: { token },
      // The `ws` types differ from the DOM WebSocket the provider is typed with; the same API.
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    });
    this.provider.on('connection-close', (event) => {
      if (event && event.code !== 1000) this.closes.push(event.code);
    });
    this.provider.awareness.setLocalState({
      user: { name, color: COLORS[index % COLORS.length]!, role: 'editor' },
      cursor: null,
      selection: [],
      teamId,
      viewport: { x: 0, y: 0, w: 1280, h: 800 },
    });
  }

  synced(): Promise<void> {
    if (this.provider.synced) return Promise.resolve();
    return new Promise((done) => {
      const onSync = (synced: boolean) => {
        if (!synced) return;
        this.provider.off('sync', onSync);
        done();
      };
      this.provider.on('sync', onSync);
    });
  }

  select(ids: string[]) {
    this.provider.awareness.setLocalStateField('selection', ids);
  }

  /**
   * Moves the pointer every 50 ms (WeBoard's 20 Hz cursor rate) along a loop inside `area`, each
   * person on their own loop and phase, as a pointer wanders over a board.
   */
  move(area: Box, seed: number) {
    const started = Date.now();
    const cx = area.x + area.w * (0.2 + 0.6 * ((seed * 0.37) % 1));
    const cy = area.y + area.h * (0.2 + 0.6 * ((seed * 0.61) % 1));
    const rx = area.w * 0.15;
    const ry = area.h * 0.15;
    this.timer = setInterval(() => {
      const t = (Date.now() - started) / 1000 + seed;
      this.provider.awareness.setLocalStateField('cursor', {
        x: Math.round(cx + rx * Math.sin(t * 1.3)),
        y: Math.round(cy + ry * Math.sin(t * 0.9 + seed)),
      });
    }, 50);
  }

  /** Puts the pointer somewhere in `area` and leaves it there (a person listening, not moving). */
  rest(area: Box, seed: number) {
    this.provider.awareness.setLocalStateField('cursor', {
      x: Math.round(area.x + area.w * (0.1 + 0.8 * ((seed * 0.37) % 1))),
      y: Math.round(area.y + area.h * (0.1 + 0.8 * ((seed * 0.61) % 1))),
    });
  }

  /** Nudges one of `cards` once a second, and every third time types into it. */
  edit(cards: readonly string[], seed: number) {
    let tick = 0;
    this.timer = setInterval(() => {
      tick++;
      const items = this.doc.getMap<Y.Map<unknown>>('items');
      const card = items.get(cards[(seed + tick) % cards.length]!);
      if (!card) return;
      this.doc.transact(() => {
        card.set('x', (card.get('x') as number) + (tick % 2 ? 12 : -12));
        const text = card.get('text');
        if (tick % 3 === 0 && text instanceof Y.Text) text.insert(text.length, '.');
      });
    }, 1000);
  }

  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  destroy() {
    this.stop();
    this.provider.destroy();
    this.doc.destroy();
  }
}

/** Puts `count` sticky notes (cards) in a grid inside `area`; returns their ids. */
export function addCards(doc: Y.Doc, area: Box, count: number): string[] {
  const columns = Math.ceil(Math.sqrt(count * (area.w / area.h)));
  const cell = area.w / columns;
  // Above everything already there (the template's frames).
  let top: string | null = null;
  doc.getMap<Y.Map<unknown>>('items').forEach((item) => {
    const z = item.get('z');
    if (typeof z === 'string' && (top === null || z > top)) top = z;
  });
  const z = indicesBetween(top, null, count);
  const cards = Array.from({ length: count }, (_, i) =>
    makeSticky({
      id: `card-${i}`,
      x: Math.round(area.x + (i % columns) * cell + 10),
      y: Math.round(area.y + Math.floor(i / columns) * cell + 10),
      z: z[i]!,
      w: Math.round(cell * 0.8),
      h: Math.round(cell * 0.8),
      text: `Card ${i + 1}`,
      createdBy: 'bench',
    }),
  );
  addItems(doc, cards);
  return cards.map((card) => card.id);
}
