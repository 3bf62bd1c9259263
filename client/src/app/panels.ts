import { useEffect, useState } from 'react';
import { whenIdle } from '../lib/idle';
import type * as Panels from './BoardPanels';

export type BoardPanels = typeof Panels;

let loading: Promise<BoardPanels> | null = null;
let loaded: BoardPanels | null = null;

/** A failed load is tried again this long after (a network blip, a server restarting). */
const RETRY_MS = 3_000;

/** The panels' code (BoardPanels.ts): one download however many callers ask; a failure is retried. */
export function loadBoardPanels(): Promise<BoardPanels> {
  loading ??= import('./BoardPanels').then(
    (panels) => (loaded = panels),
    (error: unknown) => {
      loading = null;
      throw error;
    },
  );
  return loading;
}

/**
 * The panels once `opened` (the board is drawn) and the frame that shows it is out: null before.
 * Until then the page runs none of their code, so they never delay the board's first frame.
 */
export function useBoardPanels(opened: boolean): BoardPanels | null {
  const [panels, setPanels] = useState(loaded);
  useEffect(() => {
    if (panels || !opened) return;
    let current = true;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const load = () =>
      loadBoardPanels().then(
        (module) => {
          if (current) setPanels(module);
        },
        (error: unknown) => {
          console.warn('could not load the board panels, trying again:', error);
          if (current) retry = setTimeout(load, RETRY_MS);
        },
      );
    const frame = requestAnimationFrame(() =>
      whenIdle(() => {
        if (current) void load();
      }),
    );
    return () => {
      current = false;
      cancelAnimationFrame(frame);
      clearTimeout(retry);
    };
  }, [opened, panels]);
  return panels;
}
