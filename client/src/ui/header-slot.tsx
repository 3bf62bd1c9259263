import type { ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { createStore } from '../lib/store';
import { useStore } from '../lib/store';

/**
 * The place in the board's title bar where panels put their toggles, so the top left is one
 * toolbar (title, role, then Facilitate and Planning) instead of buttons of different styles
 * floating over the board's content. The board page fills it; the panels portal into it.
 */
export const headerSlot = createStore<HTMLElement | null>(null);

/** A button of a panel, shown in the title bar's tool slot once the page has one. */
export function HeaderTool({ children }: { children: ReactNode }) {
  const slot = useStore(headerSlot);
  return slot ? createPortal(children, slot) : null;
}

/**
 * The place beside the title bar (in the same row, wrapping under it in a narrow window) where the
 * session's timer and agenda step sit, so they never cover the title bar's buttons or the board.
 */
export const besideHeaderSlot = createStore<HTMLElement | null>(null);

/** Content shown beside the title bar once the page has the place for it. */
export function BesideHeader({ children }: { children: ReactNode }) {
  const slot = useStore(besideHeaderSlot);
  return slot ? createPortal(children, slot) : null;
}
