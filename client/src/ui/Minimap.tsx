import { PALETTE, unionBoxes } from '@weboard/shared';
import type { BoardItem, Box } from '@weboard/shared';
import { useEffect, useRef } from 'react';
import type { PointerEvent as ReactPointerEvent } from 'react';
import type { Presence } from '../collab/presence';
import { SELECTION_COLOR } from '../canvas/theme';
import type { BoardEditor } from '../editor/editor';

const WIDTH = 200;
const HEIGHT = 128;
/**
 * Item changes are repainted at most this often: repainting a 10k-item board's picture on every
 * remote move would cost each browser milliseconds per move for a 200-pixel picture. Reading the
 * changes themselves is O(changed items).
 */
const ITEMS_REFRESH_MS = 500;

interface Block {
  box: Box;
  fill: string;
  frame: boolean;
}

function fillOf(item: BoardItem): string | null {
  switch (item.type) {
    case 'sticky':
      return PALETTE[item.color];
    case 'shape':
      return item.color === 'white' ? '#d1d5db' : PALETTE[item.color];
    case 'frame':
      return item.color === 'gray' ? '#ffffff' : PALETTE[item.color];
    case 'text':
      return '#9ca3af';
    case 'connector':
    case 'pen':
      return null;
  }
}

/**
 * The whole board in miniature with everyone's viewport in their colour; click or drag to move
 * there. Drawn on a 2D canvas, redrawn at most once a frame; the items it shows are re-read at most
 * every ITEMS_REFRESH_MS.
 */
export function Minimap({ editor, presence }: { editor: BoardEditor; presence: Presence }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const world = useRef<{ box: Box; scale: number } | null>(null);

  useEffect(() => {
    let frame: number | null = null;
    let refresh: ReturnType<typeof setTimeout> | null = null;
    // One block per drawn item, kept current from the ids each change touched.
    const blocks = new Map<string, Block>();
    const readBlock = (id: string) => {
      const item = editor.items.byId(id);
      const fill = item ? fillOf(item) : null;
      if (item && fill)
        blocks.set(id, { box: editor.itemBox(item), fill, frame: item.type === 'frame' });
      else blocks.delete(id);
    };
    for (const id of editor.items.order.get()) readBlock(id);
    let content: Box | null | undefined;
    // The items drawn once per map framing: while you pan inside the board the framing stays the
    // same, so a frame costs one drawImage instead of one fillRect per item.
    let picture: { canvas: HTMLCanvasElement; key: string } | null = null;
    const draw = () => {
      frame = null;
      const canvas = canvasRef.current;
      const context = canvas?.getContext('2d');
      if (!canvas || !context) return;
      const ratio = window.devicePixelRatio || 1;
      canvas.width = WIDTH * ratio;
      canvas.height = HEIGHT * ratio;
      context.setTransform(ratio, 0, 0, ratio, 0, 0);
      context.clearRect(0, 0, WIDTH, HEIGHT);
      const own = editor.visibleBox();
      const peers = presence.remote.get().filter((p) => p.viewport);
      content ??= unionBoxes([...blocks.values()].map((block) => block.box));
      const all = unionBoxes([
        own,
        ...(content ? [content] : []),
        ...peers.map((p) => p.viewport!),
      ])!;
      const pad = Math.max(all.w, all.h) * 0.06;
      const box = { x: all.x - pad, y: all.y - pad, w: all.w + 2 * pad, h: all.h + 2 * pad };
      const scale = Math.min(WIDTH / box.w, HEIGHT / box.h);
      const ox = (WIDTH - box.w * scale) / 2 - box.x * scale;
      const oy = (HEIGHT - box.h * scale) / 2 - box.y * scale;
      world.current = {
        box: { x: -ox / scale, y: -oy / scale, w: WIDTH / scale, h: HEIGHT / scale },
        scale,
      };
      const rect = (b: Box) =>
        [
          b.x * scale + ox,
          b.y * scale + oy,
          Math.max(1, b.w * scale),
          Math.max(1, b.h * scale),
        ] as const;
      const key = `${scale} ${ox} ${oy} ${ratio}`;
      if (picture?.key !== key) {
        const offscreen = picture?.canvas ?? document.createElement('canvas');
        offscreen.width = WIDTH * ratio;
        offscreen.height = HEIGHT * ratio;
        const paint = offscreen.getContext('2d');
        if (!paint) return;
        paint.setTransform(ratio, 0, 0, ratio, 0, 0);
        // Bottom first, as on the canvas.
        for (const id of editor.items.order.get()) {
          const block = blocks.get(id);
          if (!block) continue;
          paint.fillStyle = block.fill;
          paint.fillRect(...rect(block.box));
          if (block.frame) {
            paint.strokeStyle = 'rgba(15, 23, 42, 0.2)';
            paint.lineWidth = 1;
            paint.strokeRect(...rect(block.box));
          }
        }
        picture = { canvas: offscreen, key };
      }
      context.drawImage(picture.canvas, 0, 0, WIDTH, HEIGHT);
      for (const peer of peers) {
        context.strokeStyle = peer.user.color;
        context.lineWidth = 1.5;
        context.strokeRect(...rect(peer.viewport!));
      }
      context.fillStyle = 'rgba(99, 102, 241, 0.08)';
      context.fillRect(...rect(own));
      context.strokeStyle = SELECTION_COLOR;
      context.lineWidth = 1.5;
      context.strokeRect(...rect(own));
    };
    const schedule = () => {
      frame ??= requestAnimationFrame(draw);
    };
    const itemsChanged = (ids: ReadonlySet<string>) => {
      for (const id of ids) readBlock(id);
      refresh ??= setTimeout(() => {
        refresh = null;
        content = undefined;
        picture = null;
        schedule();
      }, ITEMS_REFRESH_MS);
    };
    draw();
    const stops = [
      editor.items.subscribeChanges(itemsChanged),
      editor.viewport.subscribe(schedule),
      editor.canvasSize.subscribe(schedule),
      presence.remote.subscribe(schedule),
    ];
    return () => {
      stops.forEach((stop) => stop());
      if (frame !== null) cancelAnimationFrame(frame);
      if (refresh !== null) clearTimeout(refresh);
    };
  }, [editor, presence]);

  const moveTo = (event: ReactPointerEvent<HTMLCanvasElement>) => {
    const map = world.current;
    if (!map) return;
    const bounds = event.currentTarget.getBoundingClientRect();
    const x = map.box.x + (event.clientX - bounds.left) / map.scale;
    const y = map.box.y + (event.clientY - bounds.top) / map.scale;
    const { width, height } = editor.canvasSize.get();
    editor.viewport.set((v) => ({ ...v, x: width / 2 - x * v.scale, y: height / 2 - y * v.scale }));
  };

  return (
    <div className="floating-toolbar minimap" aria-label="Minimap">
      <canvas
        ref={canvasRef}
        data-testid="minimap"
        style={{ width: WIDTH, height: HEIGHT }}
        onPointerDown={(event) => {
          event.currentTarget.setPointerCapture(event.pointerId);
          moveTo(event);
        }}
        onPointerMove={(event) => {
          if (event.currentTarget.hasPointerCapture(event.pointerId)) moveTo(event);
        }}
      />
    </div>
  );
}
