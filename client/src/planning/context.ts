import { createContext, useContext, useMemo } from 'react';
import { useStore } from '../lib/store';
import { useEditor } from '../editor/editor-context';
import type { BoardItem } from '@weboard/shared';
import type { Planning, PlanningState } from './planning';
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

/** The view last derived for each board's planning, with what it was derived from. */
const derived = new WeakMap<
  Planning,
  { revision: number; state: PlanningState; view: PlanningView }
>();

/**
 * The planning view of this revision and state, derived once however many panels and layers ask
 * (a dozen components read it; each derived it over every item, several times when a board opens).
 */
export function sharedPlanningView(
  planning: Planning,
  revision: number,
  state: PlanningState,
  items: () => readonly BoardItem[],
): PlanningView {
  const last = derived.get(planning);
  if (last && last.revision === revision && last.state === state) return last.view;
  const view = planningView(items(), state, planning.userId);
  derived.set(planning, { revision, state, view });
  return view;
}

/**
 * The live planning view: re-derived when planning data or what planning sees of the items
 * changes, not when an item is only moved (card positions in it may then be stale: read where a
 * card is from the items store).
 */
export function usePlanningView(planning: Planning): PlanningView {
  const editor = useEditor();
  const revision = useStore(planning.revision);
  const state = useStore(planning.state);
  return useMemo(
    () => sharedPlanningView(planning, revision, state, () => editor.items.get()),
    // `revision` stands for the items it was read from.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [editor, revision, state, planning.userId],
  );
}
