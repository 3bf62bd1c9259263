import * as Y from 'yjs';
import { itemsMap } from '../board-doc';
import type { BoardMigration } from './index';

/**
 * Version 2: an item stored without `rotation` or `createdAt` (written by hand through the sync
 * protocol or an early script, before every writer used the make* helpers) fails validation, so
 * readers skip it and nobody sees it. It gets rotation 0 and createdAt 0, the make* defaults;
 * every other field is left as it is.
 */
export const itemDefaults: BoardMigration = {
  id: 'item-defaults',
  toVersion: 2,
  up(doc) {
    for (const map of itemsMap(doc).values()) {
      if (!(map instanceof Y.Map)) continue;
      if (!map.has('rotation')) map.set('rotation', 0);
      if (!map.has('createdAt')) map.set('createdAt', 0);
    }
  },
};
