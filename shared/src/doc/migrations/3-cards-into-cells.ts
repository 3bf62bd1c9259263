import * as Y from 'yjs';
import { isCard, layoutCards } from '../../planning/backlog';
import type { Rect } from '../../planning/backlog';
import { isFrame } from '../../schema/frame';
import type { FrameItem } from '../../schema/frame';
import { sortLanes } from '../../schema/team';
import { itemsMap, readItems } from '../board-doc';
import { readLanes } from '../planning-doc';
import type { BoardMigration } from './index';

const inside = (frame: Rect, item: Rect) => {
  const x = item.x + item.w / 2;
  const y = item.y + item.h / 2;
  return x >= frame.x && x <= frame.x + frame.w && y >= frame.y && y <= frame.y + frame.h;
};

/**
 * Version 3: imports before it put a card without a lane into its team's swimlane frame, which
 * left it in the swimlane's label column, outside every iteration cell. Such a card (its centre in
 * a team swimlane that has cells, in no cell, left of the first one) moves into its lane's cell, or
 * the team's first iteration cell, and takes that cell's lane when it had none. Nothing else moves.
 */
export const cardsIntoCells: BoardMigration = {
  id: 'cards-into-cells',
  toVersion: 3,
  up(doc) {
    const items = readItems(doc);
    const frames = items.filter(isFrame);
    const cells = frames.filter((f) => f.teamId && f.laneId);
    const order = new Map(sortLanes(readLanes(doc)).map((l, i) => [l.id, i]));
    const occupied: Rect[] = items.filter((i) => i.type !== 'frame' && i.type !== 'connector');
    const maps = itemsMap(doc);
    for (const card of items.filter(isCard)) {
      const swimlane = frames.find(
        (f) => f.teamId && !f.laneId && f.teamId === card.teamId && inside(f, card),
      );
      if (!swimlane) continue;
      const own = cells
        .filter((c) => c.teamId === swimlane.teamId && inside(swimlane, c))
        .sort((a, b) => (order.get(a.laneId!) ?? 1e9) - (order.get(b.laneId!) ?? 1e9) || a.x - b.x);
      const left = Math.min(...own.map((c) => c.x));
      if (own.length === 0 || own.some((c) => inside(c, card)) || card.x + card.w / 2 >= left)
        continue;
      const target: FrameItem = own.find((c) => card.laneId && c.laneId === card.laneId) ?? own[0]!;
      const [spot] = layoutCards(occupied, target, 1, card, [...frames, ...occupied], {
        stackInRegion: true,
      });
      const map = maps.get(card.id);
      if (!spot || !(map instanceof Y.Map)) continue;
      map.set('x', spot.x);
      map.set('y', spot.y);
      if (!card.laneId) map.set('laneId', target.laneId!);
      occupied.push({ ...spot, w: card.w, h: card.h });
    }
  },
};
