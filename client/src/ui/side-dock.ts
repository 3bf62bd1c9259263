import { createStore } from '../lib/store';
import type { Store } from '../lib/store';

/** The side panels that share the left dock under the board title (one open at a time). */
export const SIDE_PANELS = ['planning', 'facilitation', 'comments'] as const;
export type SidePanel = (typeof SIDE_PANELS)[number];

const KEY = 'weboard.sidePanel';

function load(): SidePanel | null {
  try {
    const saved = localStorage.getItem(KEY);
    // Only planning is remembered: the facilitation panel is opened for a moment, on purpose.
    return saved === 'planning' ? saved : null;
  } catch {
    return null;
  }
}

/**
 * Which side panel is open. The planning and facilitation panels sit in the same place, so the
 * dock holds at most one: opening one closes the other instead of stacking them on top of each
 * other.
 */
export const sideDock: Store<SidePanel | null> = createStore(load());

sideDock.subscribe(() => {
  try {
    localStorage.setItem(KEY, sideDock.get() ?? '');
  } catch {
    // Private mode: the choice lasts for this page only.
  }
});

/** Opens `panel` (closing the other one), or closes it when it is already open. */
export function toggleSidePanel(panel: SidePanel): void {
  sideDock.set((current) => (current === panel ? null : panel));
}
