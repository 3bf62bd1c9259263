import { PALETTE, unionBoxes } from '@weboard/shared';
import type { BoardItem, Box } from '@weboard/shared';
import { useEffect, useRef } from 'react';
import type { PointerEvent as ReactPointerEvent } from 'react';
import type { Presence } from '../collab/presence';
import { SELECTION_COLOR } from '../canvas/theme';
import type { BoardEditor } from '../editor/editor';
import { whenIdle } from '../lib/idle';
import { MinimapBlocks } from './minimap-blocks';
import type { Block } from './minimap-blocks';

const WIDTH = 200;
const HEIGHT = 128;
/**
 * Item changes are repainted at most this often: repainting a 10k-item board's picture on every
 * remote move would cost each browser milliseconds per move for a 200-pixel picture. Reading the
 * changes themselves is O(changed items).
 */
const ITEMS_REFRESH_MS = 500;
/**
 * Once a refresh is due, it waits this long at most for the next item change, and is drawn in
 * that change's frame. In software rendering every frame hands the board's window-sized canvas
 * to the compositor again (~0.4 ms) with its lifecycle (~1 ms in all): a refresh in a frame of
 * its own cost one more such frame per ITEMS_REFRESH_MS while someone else drags a note.
 */
const ITEMS_REFRESH_WAIT_MS = 500;

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
    case 'image':
      return '#cbd5e1';
    case 'connector':
    case 'pen':
      return null;
  }
}

/** Whether `box` lies inside `outer` without touching its edges (so it does not define them). */
function strictlyInside(box: Box, outer: Box): boolean {
  return (
    box.x > outer.x &&
    box.y > outer.y &&
    box.x + box.w < outer.x + outer.w &&
    box.y + box.h < outer.y + outer.h
  );
}

/** Past this many changed items a refresh repaints the whole picture rather than their areas. */
const PATCH_LIMIT = 200;

/** The items in miniature, painted in the content box's own framing; frames only place it. */
interface Picture {
  canvas: HTMLCanvasElement;
  /** The board area it shows: the items' bounds when it was painted. */
  box: Box;
  /** Picture pixels per board unit. */
  scale: number;
}

/**
 * The whole board in miniature with everyone's viewport in their colour; click or drag to move
 * there. The items are painted into a picture of their own bounds, which frames only place and
 * scale with one drawImage, so panning and zooming never repaint them. Item changes reach the
 * picture at most every ITEMS_REFRESH_MS, repainting only the areas the changed items left and
 * entered (all of it after a large change, or when the items' bounds change).
 */
export function Minimap({ editor, presence }: { editor: BoardEditor; presence: Presence }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const world = useRef<{ box: Box; scale: number } | null>(null);

  useEffect(() => {
    let frame: number | null = null;
    let refresh: ReturnType<typeof setTimeout> | null = null;
    // A refresh is due and waits for the next item change (or ITEMS_REFRESH_WAIT_MS).
    let due = false;
    // One block per drawn item, kept current from the ids each change touched.
    const blocks = new MinimapBlocks((id) => {
      const item = editor.items.byId(id);
      const fill = item ? fillOf(item) : null;
      if (!item || !fill) return null;
      return { box: editor.itemBox(item), fill, frame: item.type === 'frame', z: item.z };
    }, whenIdle);
    const readBlock = (id: string) => blocks.read(id);
    // The minimap starts once the page is idle: reading every item and painting them is no part
    // of the board's first frame (at 1,000 notes ~10 ms of it, before).
    let started = false;
    let disposed = false;
    let picture: Picture | null = null;
    // The items' bounds, kept as items change; recomputed (a pass over every block) only when a
    // change may have moved them: an item left the edge or went beyond it.
    let content: Box | null = null;
    let contentStale = true;
    // What to repaint at the next refresh: the board area changed items were and are in (one box,
    // so one pass over the blocks), 'all', or null for nothing; and how many items changed.
    let dirty: Box | 'all' | null = 'all';
    let changes = 0;

    /** Paints the blocks (bottom first) that meet `clip`, in picture pixels (all when null). */
    const paintBlocks = (paint: CanvasRenderingContext2D, target: Picture, clip: Box | null) => {
      const { box, scale } = target;
      // The clip in board units, grown by a pixel: blocks are drawn at least a pixel wide.
      const near = clip && {
        x: box.x + (clip.x - 1) / scale,
        y: box.y + (clip.y - 1) / scale,
        w: (clip.w + 2) / scale,
        h: (clip.h + 2) / scale,
      };
      const paintBlock = (block: Block) => {
        const b = block.box;
        const x = (b.x - box.x) * scale;
        const y = (b.y - box.y) * scale;
        const w = Math.max(1, b.w * scale);
        const h = Math.max(1, b.h * scale);
        paint.fillStyle = block.fill;
        paint.fillRect(x, y, w, h);
        if (block.frame) {
          paint.strokeStyle = 'rgba(15, 23, 42, 0.2)';
          paint.lineWidth = 1;
          paint.strokeRect(x, y, w, h);
        }
      };
      // A small area: only the blocks there (an R-tree query), not a pass over every item.
      if (near) blocks.near(near).forEach(paintBlock);
      else
        for (const id of editor.items.order.get()) {
          const block = blocks.get(id);
          if (block) paintBlock(block);
        }
    };

    /** Brings the picture up to date (none when there are no items). */
    const updatePicture = (ratio: number) => {
      if (contentStale) {
        content = unionBoxes([...blocks.values()].map((block) => block.box));
        contentStale = false;
      }
      const area = dirty;
      dirty = null;
      changes = 0;
      if (!content) {
        picture = null;
        return;
      }
      const sameFraming =
        picture &&
        picture.box.x === content.x &&
        picture.box.y === content.y &&
        picture.box.w === content.w &&
        picture.box.h === content.h;
      if (picture && sameFraming && area !== 'all') {
        if (!area) return;
        // Grown by a pixel (and to the smallest block) for frame outlines and anti-aliasing.
        const clip = {
          x: (area.x - picture.box.x) * picture.scale - 1,
          y: (area.y - picture.box.y) * picture.scale - 1,
          w: Math.max(1, area.w * picture.scale) + 2,
          h: Math.max(1, area.h * picture.scale) + 2,
        };
        const paint = picture.canvas.getContext('2d')!;
        paint.save();
        paint.beginPath();
        paint.rect(clip.x, clip.y, clip.w, clip.h);
        paint.clip();
        paint.clearRect(clip.x, clip.y, clip.w, clip.h);
        paintBlocks(paint, picture, clip);
        paint.restore();
      } else {
        // Sharp at the largest the items can appear on the map.
        const scale = Math.min(WIDTH / content.w, HEIGHT / content.h) * ratio;
        const canvas = picture?.canvas ?? document.createElement('canvas');
        canvas.width = Math.max(1, Math.ceil(content.w * scale));
        canvas.height = Math.max(1, Math.ceil(content.h * scale));
        picture = { canvas, box: content, scale };
        paintBlocks(canvas.getContext('2d')!, picture, null);
      }
    };

    const draw = () => {
      frame = null;
      const canvas = canvasRef.current;
      const context = canvas?.getContext('2d');
      if (!canvas || !context) return;
      const ratio = window.devicePixelRatio || 1;
      if (canvas.width !== WIDTH * ratio || canvas.height !== HEIGHT * ratio) {
        canvas.width = WIDTH * ratio;
        canvas.height = HEIGHT * ratio;
        dirty = 'all';
      }
      context.setTransform(ratio, 0, 0, ratio, 0, 0);
      context.clearRect(0, 0, WIDTH, HEIGHT);
      readChanged();
      if (dirty || contentStale) updatePicture(ratio);
      const own = editor.visibleBox();
      const peers = presence.remote.get().filter((p) => p.viewport);
      const all = unionBoxes([
        own,
        ...(picture ? [picture.box] : []),
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
      if (picture) context.drawImage(picture.canvas, ...rect(picture.box));
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
    let drawnViewports: readonly (Box | null | undefined)[] = [];
    const schedule = () => {
      if (started) frame ??= requestAnimationFrame(draw);
    };
    // Items of a large batch (a board arriving) not read yet: they are read once the page is
    // idle, not in the task that applies the batch (at 10,000 notes ~18 ms of the first frame).
    let unread: Set<string> | null = null;
    // Items changed since the last draw, read when it next draws (at most every ITEMS_REFRESH_MS
    // while people edit): not at each change, ten times between two refreshes for a dragged note.
    let changed = new Set<string>();
    const readUnread = () => {
      const ids = unread;
      unread = null;
      if (disposed || !ids) return;
      blocks.readAll(ids);
      contentStale = true;
      dirty = 'all';
      schedule();
    };
    const itemsChanged = (ids: ReadonlySet<string>) => {
      // Until it starts, the minimap reads every item then.
      if (!started) return;
      if (unread || ids.size > PATCH_LIMIT) {
        // A large batch repaints everything: keeping the blocks' tree in step with it would be
        // wasted. Later changes join it, so every item is read in the order it changed.
        if (!unread) {
          // Changes not read yet come first, so every item is still read in the order it changed.
          unread = changed;
          changed = new Set();
          blocks.dropIndex();
          whenIdle(readUnread);
        }
        for (const id of ids) unread.add(id);
        return;
      }
      for (const id of ids) changed.add(id);
      if (due) {
        // The change's own frame (the board redraws it) draws the refresh too.
        due = false;
        if (refresh !== null) clearTimeout(refresh);
        refresh = null;
        schedule();
        return;
      }
      refresh ??= setTimeout(() => {
        due = true;
        refresh = setTimeout(() => {
          refresh = null;
          if (!due) return;
          due = false;
          schedule();
        }, ITEMS_REFRESH_WAIT_MS);
      }, ITEMS_REFRESH_MS);
    };
    /** Reads the items changed since the last draw and marks what to repaint. */
    const readChanged = () => {
      if (changed.size === 0) return;
      const ids = changed;
      changed = new Set();
      for (const id of ids) {
        const before = blocks.get(id)?.box;
        readBlock(id);
        const after = blocks.get(id)?.box;
        // Bounds are only known to hold when the item was and is strictly inside them.
        if (before && content && !strictlyInside(before, content)) contentStale = true;
        if (after && (!content || !strictlyInside(after, content))) contentStale = true;
        if (dirty === 'all') continue;
        if (++changes > PATCH_LIMIT) {
          dirty = 'all';
          continue;
        }
        dirty = unionBoxes([
          ...(dirty ? [dirty] : []),
          ...(before ? [before] : []),
          ...(after ? [after] : []),
        ]);
      }
    };
    whenIdle(() => {
      if (disposed) return;
      started = true;
      blocks.readAll(editor.items.order.get());
      draw();
    });
    const stops = [
      editor.items.subscribeChanges(itemsChanged),
      editor.viewport.subscribe(schedule),
      editor.canvasSize.subscribe(schedule),
      presence.remote.subscribe(() => {
        // Only other people's viewports are drawn here, not their cursors.
        const viewports = presence.remote.get().map((p) => p.viewport);
        if (
          viewports.length === drawnViewports.length &&
          viewports.every((v, i) => v === drawnViewports[i])
        )
          return;
        drawnViewports = viewports;
        schedule();
      }),
    ];
    return () => {
      disposed = true;
      stops.forEach((stop) => stop());
      blocks.dispose();
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
