import { createStore } from '../lib/store';
import type { Store } from '../lib/store';

/**
 * Whether other people's cursors are hidden on this screen: for a facilitator sharing their
 * screen, so the room sees the board and not 35 pointers. Local to this page; nobody else's view
 * changes. The page's root carries it (`data-cursors`), which the cursor layer's CSS reads.
 */
export const cursorsHidden: Store<boolean> = createStore(false);

cursorsHidden.subscribe(() => {
  if (cursorsHidden.get()) document.documentElement.dataset.cursors = 'hidden';
  else delete document.documentElement.dataset.cursors;
});
