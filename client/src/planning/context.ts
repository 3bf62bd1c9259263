import { createContext, useContext, useMemo } from 'react';
import { useStore } from '../editor/store';
import { useEditor } from '../ui/editor-context';
import type { Planning } from './planning';
import { planningView } from './view';
import type { PlanningView } from './view';

export const PlanningContext = createContext<Planning | null>(null);

/** The planning of the board this component is rendered in. */
export function usePlanning(): Planning {
  const planning = useContext(PlanningContext);
  if (!planning) throw new Error('usePlanning must be used inside a board');
  return planning;
}

/** The planning of the board, or null outside one (the canvas also renders without planning). */
export function useOptionalPlanning(): Planning | null {
  return useContext(PlanningContext);
}

/** The live planning view: re-derived when items or planning data change. */
export function usePlanningView(planning: Planning): PlanningView {
  const editor = useEditor();
  const items = useStore(editor.items);
  const state = useStore(planning.state);
  return useMemo(
    () => planningView(items, state, planning.userId),
    [items, state, planning.userId],
  );
}
