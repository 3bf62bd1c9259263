import type * as Y from 'yjs';
import { bindingAt, isCard } from '../planning/backlog';
import { isFrame } from '../schema/frame';
import { itemMap, readItems } from './board-doc';
import { ITEM_FIELD } from './keys';

/*
 * A frame's binding: a frame item may carry a `teamId` (a swimlane), a `laneId` (a lane) or both (a
 * cell); cards dropped into it take those values.
 */

/** What a frame is bound to: a team (its swimlane), a lane, both (a cell) or nothing. */
export interface FrameBinding {
  teamId: string | null;
  laneId: string | null;
}

const BINDING_FIELDS = [ITEM_FIELD.teamId, ITEM_FIELD.laneId] as const;

/**
 * Binds a frame to a team and/or lane (null unbinds). The cards lying in it then take what the
 * frame says, as if they had just been dropped there (the smallest bound frame around a card wins,
 * so a team × lane cell inside a swimlane keeps its own lane); unbinding leaves the cards as they
 * are. Returns the ids of the cards that changed; false when there is no such frame.
 */
export function bindFrame(
  doc: Y.Doc,
  frameId: string,
  binding: FrameBinding,
  origin?: unknown,
): string[] | false {
  const frame = itemMap(doc, frameId);
  if (!frame || frame.get(ITEM_FIELD.type) !== 'frame') return false;
  const changed: string[] = [];
  doc.transact(() => {
    for (const key of BINDING_FIELDS) {
      const value = binding[key];
      if (value === null) {
        if (frame.has(key)) frame.delete(key);
      } else if (frame.get(key) !== value) frame.set(key, value);
    }
    const items = readItems(doc);
    const frames = items.filter(isFrame);
    const bound = frames.find((f) => f.id === frameId)!;
    for (const card of items.filter(isCard)) {
      const centre = { x: card.x + card.w / 2, y: card.y + card.h / 2 };
      const within =
        centre.x >= bound.x &&
        centre.x <= bound.x + bound.w &&
        centre.y >= bound.y &&
        centre.y <= bound.y + bound.h;
      if (!within) continue;
      const at = bindingAt(frames, card);
      const map = itemMap(doc, card.id)!;
      let touched = false;
      for (const key of BINDING_FIELDS) {
        const value = at[key];
        if (value && map.get(key) !== value) {
          map.set(key, value);
          touched = true;
        }
      }
      if (touched) changed.push(card.id);
    }
  }, origin);
  return changed;
}
