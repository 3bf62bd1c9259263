import type * as Y from 'yjs';
import { isBacklogItem } from '../planning/backlog';
import type { Rect } from '../planning/backlog';
import { rankedOrder } from '../planning/rank-ops';
import { indicesBetween } from '../planning/rank';
import type { BoardItem } from '../schema';
import { isFrame, makeFrame } from '../schema/frame';
import type { FrameItem } from '../schema/frame';
import type { Lane, Team } from '../schema/team';
import { addItem, newItemId, readItems, topZ } from './board-doc';
import type { BoardFile } from './board-file';
import { ensureLanes, readLanes, readTeams } from './planning-doc';

/*
 * "Many sessions into one": another board's file lands in one team's swimlane. The source board
 * keeps its own layout (it was arranged by people), so its items move as one block, wrapped in a
 * frame bound to the team that names the source; the block goes into the team's swimlane where it
 * fits without covering anything, else right beside it. Every card remembers where it came from.
 */

/** Padding between the wrapping frame and the source board's items (the frame's title sits above). */
const PAD = 40;
const TITLE_ROOM = 56;
const GAP = 40;
/** Step of the free-spot search inside a swimlane, in board units. */
const STEP = 40;

export interface BoardMergeOptions {
  /** The team whose swimlane receives the board. */
  teamId: string;
  /** What the cards record as their source: the source board's title or file name. */
  sourceName: string;
  createdBy: string;
  now?: number;
  newId?: () => string;
}

/** What merging a board file adds: the wrapping frame first, then the source items, bottom-most first. */
export interface BoardMergePlan {
  frame: FrameItem;
  items: BoardItem[];
  /** Ids of the new backlog cards, in their new rank order. */
  cardIds: string[];
  /** The lanes the source's cards were planned in that this board lacks, by name (their cards become unlaned). */
  droppedLanes: string[];
}

/** The team's swimlane: the largest frame bound to the team and no lane. */
export function swimlaneOf(items: readonly BoardItem[], teamId: string): FrameItem | null {
  const frames = items.filter(isFrame).filter((f) => f.teamId === teamId && !f.laneId);
  return frames.sort((a, b) => b.w * b.h - a.w * a.h)[0] ?? null;
}

function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

function boundsOf(items: readonly Rect[]): Rect {
  const x = Math.min(...items.map((i) => i.x));
  const y = Math.min(...items.map((i) => i.y));
  return {
    x,
    y,
    w: Math.max(...items.map((i) => i.x + i.w)) - x,
    h: Math.max(...items.map((i) => i.y + i.h)) - y,
  };
}

function inside(outer: Rect, inner: Rect): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.w <= outer.x + outer.w &&
    inner.y + inner.h <= outer.y + outer.h
  );
}

/**
 * Where a block of `size` goes: the first free spot inside `swimlane` (row by row, below its
 * title), else the first free spot to the right of it at its top, else (no swimlane) to the right
 * of the whole board. A spot is free when it overlaps no item and no frame other than the swimlane
 * and the frames around it (a lane cell in the swimlane is not free room).
 */
export function placeBlock(
  items: readonly BoardItem[],
  swimlane: FrameItem | null,
  size: { w: number; h: number },
): { x: number; y: number } {
  const obstacles: Rect[] = items.filter(
    (i) => i.type !== 'connector' && !(swimlane && isFrame(i) && inside(i, swimlane)),
  );
  const free = (spot: Rect) => !obstacles.some((o) => overlaps(o, spot));
  if (swimlane) {
    const area = {
      x: swimlane.x + GAP / 2,
      y: swimlane.y + TITLE_ROOM,
      w: swimlane.w - GAP,
      h: swimlane.h - TITLE_ROOM - GAP / 2,
    };
    for (let y = area.y; y + size.h <= area.y + area.h; y += STEP)
      for (let x = area.x; x + size.w <= area.x + area.w; x += STEP)
        if (free({ x, y, ...size })) return { x, y };
    // Beside the swimlane, on its row: hop over whatever is in the way until the spot is free.
    let spot = { x: swimlane.x + swimlane.w + GAP, y: swimlane.y, ...size };
    for (;;) {
      const blocking = obstacles.filter((o) => overlaps(o, spot));
      if (blocking.length === 0) return { x: spot.x, y: spot.y };
      spot = { ...spot, x: Math.max(...blocking.map((o) => o.x + o.w)) + GAP };
    }
  }
  if (obstacles.length === 0) return { x: 0, y: 0 };
  const all = boundsOf(obstacles);
  return { x: all.x + all.w + 2 * GAP, y: all.y };
}

/** The board's lane for a source lane: the same id, else the same name (any case). */
function laneMatcher(target: readonly Lane[], source: readonly Lane[]) {
  const byId = new Map(target.map((l) => [l.id, l.id]));
  const byName = new Map(target.map((l) => [l.name.trim().toLowerCase(), l.id]));
  const sourceName = new Map(source.map((l) => [l.id, l.name]));
  return (laneId: string | undefined): { laneId?: string; dropped?: string } => {
    if (!laneId) return {};
    const name = sourceName.get(laneId);
    const match = byId.get(laneId) ?? (name ? byName.get(name.trim().toLowerCase()) : undefined);
    return match ? { laneId: match } : { dropped: name ?? laneId };
  };
}

/** The source board's lanes, as its file stores them (invalid entries are skipped). */
function fileLanes(file: BoardFile): Lane[] {
  const lanes: Lane[] = [];
  for (const [id, fields] of Object.entries(file.lanes ?? {})) {
    const { name, order } = fields;
    if (typeof name === 'string' && typeof order === 'string') lanes.push({ id, name, order });
  }
  return lanes;
}

/**
 * Plans the merge of `file` into the swimlane of `options.teamId`, without touching the document:
 * fresh ids (connectors re-wired to the copies, ends on items not in the file left free), the
 * block moved to its spot and stacked above everything, every card given the team, a lane of this
 * board (matched by id or name) and a rank after the existing backlog in the source's order, and
 * its source. Votes and people stay behind: they belong to the other session. Throws a RangeError
 * when the team does not exist.
 */
export function planBoardMerge(
  doc: Y.Doc,
  file: BoardFile,
  options: BoardMergeOptions,
): BoardMergePlan {
  const team: Team | undefined = readTeams(doc).find((t) => t.id === options.teamId);
  if (!team) throw new RangeError(`unknown team ${options.teamId}`);
  const newId = options.newId ?? newItemId;
  const now = options.now ?? Date.now();
  const existing = readItems(doc);
  const sourceName = options.sourceName.trim().slice(0, 200) || 'board';
  const source = { kind: 'board' as const, name: sourceName, teamId: team.id };
  const lane = laneMatcher(readLanes(doc), fileLanes(file));
  const dropped = new Set<string>();

  const sourceItems = [...file.items].sort((a, b) =>
    a.z !== b.z ? (a.z < b.z ? -1 : 1) : a.id < b.id ? -1 : 1,
  );
  const content = sourceItems.length > 0 ? boundsOf(sourceItems) : { x: 0, y: 0, w: 400, h: 200 };
  const frameSize = { w: content.w + 2 * PAD, h: content.h + PAD + TITLE_ROOM };
  const swimlane = swimlaneOf(existing, team.id);
  const at = placeBlock(existing, swimlane, frameSize);
  const dx = at.x + PAD - content.x;
  const dy = at.y + TITLE_ROOM - content.y;

  const zKeys = indicesBetween(topZ(doc), null, sourceItems.length + 1);
  const ids = new Map(sourceItems.map((item) => [item.id, newId()]));
  const cards = rankedOrder(sourceItems.filter(isBacklogItem));
  let lastRank: string | null = null;
  for (const item of existing)
    if (isBacklogItem(item) && item.rank && (!lastRank || item.rank > lastRank))
      lastRank = item.rank;
  const ranks = new Map(
    indicesBetween(lastRank, null, cards.length).map((rank, i) => [cards[i]!.id, rank]),
  );

  const frame = makeFrame(
    {
      id: newId(),
      x: at.x,
      y: at.y,
      w: frameSize.w,
      h: frameSize.h,
      z: zKeys[0]!,
      createdBy: options.createdBy.slice(0, 200),
      title: `${team.name} · from ${sourceName}`.slice(0, 200),
      color: team.color,
      teamId: team.id,
    },
    now,
  );

  const items = sourceItems.map((item, i): BoardItem => {
    const moved = {
      ...item,
      id: ids.get(item.id)!,
      x: item.x + dx,
      y: item.y + dy,
      z: zKeys[i + 1]!,
      createdAt: now,
    };
    if (moved.type === 'connector') {
      const end = (e: typeof moved.from) => ({
        itemId: e.itemId ? (ids.get(e.itemId) ?? null) : null,
        x: e.x + dx,
        y: e.y + dy,
      });
      return { ...moved, from: end(moved.from), to: end(moved.to) };
    }
    if (moved.type === 'frame') {
      // A swimlane of the source (bound to one of its teams) becomes one of this team's.
      const frame: FrameItem = { ...moved, ...(moved.teamId ? { teamId: team.id } : {}) };
      delete frame.laneId;
      const mapped = lane(moved.laneId);
      return mapped.laneId ? { ...frame, laneId: mapped.laneId } : frame;
    }
    if (isBacklogItem(moved)) {
      const card = { ...moved, teamId: team.id, rank: ranks.get(item.id)!, source };
      delete card.laneId;
      const mapped = lane(moved.laneId);
      if (mapped.dropped) dropped.add(mapped.dropped);
      return mapped.laneId ? { ...card, laneId: mapped.laneId } : card;
    }
    return moved;
  });
  return {
    frame,
    items,
    cardIds: cards.map((c) => ids.get(c.id)!),
    droppedLanes: [...dropped].sort(),
  };
}

/** Adds a planned merge in one transaction. */
export function applyBoardMerge(doc: Y.Doc, plan: BoardMergePlan, origin?: unknown): void {
  doc.transact(() => {
    ensureLanes(doc, undefined, origin);
    addItem(doc, plan.frame, origin);
    for (const item of plan.items) addItem(doc, item, origin);
  }, origin);
}
