import type { BoardItem } from '../schema';
import type { FrameItem } from '../schema/frame';
import type { ShapeItem } from '../schema/shape';
import type { StickyItem } from '../schema/sticky';
import type { TextItem } from '../schema/text';

/** A card that can carry planning fields. */
export type CardItem = StickyItem | ShapeItem | TextItem;

export function isCard(item: { type: string }): item is CardItem {
  return item.type === 'sticky' || item.type === 'shape' || item.type === 'text';
}

/**
 * True for an item that belongs in the backlog: every sticky note, and a shape or text item once
 * it carries planning data (a team, lane, rank or score). A plain heading or arrow label stays out.
 */
export function isBacklogItem(item: BoardItem): item is CardItem {
  if (item.type === 'sticky') return true;
  if (item.type !== 'shape' && item.type !== 'text') return false;
  return (
    item.teamId !== undefined ||
    item.laneId !== undefined ||
    item.rank !== undefined ||
    item.wsjf !== undefined ||
    item.rice !== undefined ||
    item.source !== undefined
  );
}

/** An item's title: its first line of text. */
export function itemTitle(item: { text: string }): string {
  const first = item.text.split('\n', 1)[0]?.trim() ?? '';
  return first || 'Untitled';
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

function contains(frame: Rect, point: { x: number; y: number }): boolean {
  return (
    point.x >= frame.x &&
    point.x <= frame.x + frame.w &&
    point.y >= frame.y &&
    point.y <= frame.y + frame.h
  );
}

/**
 * What dropping a card at `rect` binds it to: the team and lane of the smallest bound frames that
 * contain its centre (a team × lane cell inside a team swimlane gives both). Undefined fields mean
 * "no frame says": the card keeps what it had.
 */
export function bindingAt(
  frames: readonly FrameItem[],
  rect: Rect,
): { teamId?: string; laneId?: string } {
  const centre = { x: rect.x + rect.w / 2, y: rect.y + rect.h / 2 };
  const around = frames
    .filter((f) => (f.teamId || f.laneId) && contains(f, centre))
    .sort((a, b) => a.w * a.h - b.w * b.h);
  const team = around.find((f) => f.teamId)?.teamId;
  const lane = around.find((f) => f.laneId)?.laneId;
  return { ...(team ? { teamId: team } : {}), ...(lane ? { laneId: lane } : {}) };
}

function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** Room for a frame's title bar above the cards placed in it. */
const FRAME_HEADER = 56;
const GAP = 20;

/**
 * Positions for `count` new cards of `size` inside `region` (row by row), never overlapping
 * `occupied` or each other. Cards that do not fit in the region (or all of them, with no region)
 * go in a block to the right of everything on the board, outside every frame, so that they never
 * land in another team's swimlane.
 */
export function layoutCards(
  occupied: readonly Rect[],
  region: Rect | null,
  count: number,
  size: { w: number; h: number },
  /** Everything on the board including frames: overflow goes to the right of all of it. */
  everything: readonly Rect[] = occupied,
  /** Cards that find no free spot in the region are stacked inside it instead of leaving it. */
  options: { stackInRegion?: boolean } = {},
): { x: number; y: number }[] {
  const taken = [...occupied];
  const positions: { x: number; y: number }[] = [];
  const step = { x: size.w + GAP, y: size.h + GAP };
  const fill = (area: Rect) => {
    const columns = Math.max(1, Math.floor((area.w + GAP) / step.x));
    const rows = Number.isFinite(area.h) ? Math.floor((area.h + GAP) / step.y) : Infinity;
    // Slots are visited row by row; a slot is skipped when anything overlaps it.
    for (let slot = 0; positions.length < count && slot < count * 50 + 10_000; slot++) {
      if (Math.floor(slot / columns) >= rows) break;
      const candidate = {
        x: area.x + (slot % columns) * step.x,
        y: area.y + Math.floor(slot / columns) * step.y,
        w: size.w,
        h: size.h,
      };
      if (taken.some((r) => overlaps(r, candidate))) continue;
      taken.push(candidate);
      positions.push({ x: candidate.x, y: candidate.y });
    }
  };
  if (region) {
    fill({
      x: region.x + GAP,
      y: region.y + FRAME_HEADER,
      w: region.w - 2 * GAP,
      h: region.h - FRAME_HEADER - GAP,
    });
  }
  if (region && options.stackInRegion) {
    // A full cell keeps its cards: the rest fan out over it, each a little lower and to the right.
    const room = { w: region.w - 2 * GAP - size.w, h: region.h - FRAME_HEADER - GAP - size.h };
    // Offsets start at one step so that no card hides exactly behind the one in the first slot.
    for (let k = 1; positions.length < count; k++) {
      positions.push({
        x: region.x + GAP + Math.max(0, Math.min(room.w, (k % 10) * 16 + Math.floor(k / 10) * 6)),
        y: region.y + FRAME_HEADER + Math.max(0, Math.min(room.h, (k % 10) * 16)),
      });
    }
  }
  const left = count - positions.length;
  if (left > 0) {
    const all = [...everything, ...taken];
    const right = all.reduce((max, r) => Math.max(max, r.x + r.w), 0);
    const top = all.reduce((min, r) => Math.min(min, r.y), 0);
    const columns = Math.max(1, Math.ceil(Math.sqrt(left)));
    fill({
      x: all.length > 0 ? right + 4 * GAP : 0,
      y: top,
      w: columns * step.x - GAP,
      h: Number.POSITIVE_INFINITY,
    });
  }
  return positions;
}
