import { dependencyEdges, itemTitle, resolveRankConflicts } from '@weboard/shared';
import type { ResolvePlan } from '@weboard/shared';
import { useMemo, useState } from 'react';
import { useEditor } from '../editor/editor-context';
import { applyResolvePlan } from './program-actions';
import type { PlanningView } from './view';

/**
 * "Resolve all rank conflicts": proposes the fewest moves that put every dependency above what
 * needs it, shows them, and applies them as one change (one undo) when asked.
 */
export function ResolveConflicts({ view }: { view: PlanningView }) {
  const editor = useEditor();
  const [previewing, setPreviewing] = useState(false);
  const [refused, setRefused] = useState(false);
  // Recomputed while the preview is open, so what is applied is what is shown, however the
  // backlog changed (remote reorders) since it was opened.
  const plan: ResolvePlan | null = useMemo(
    () =>
      previewing ? resolveRankConflicts(view.backlog, dependencyEdges(editor.items.get())) : null,
    [previewing, view, editor],
  );
  if (!editor.canEdit || (view.conflicts.length === 0 && !plan)) return null;
  const name = (id: string | null) => {
    const card = id ? view.byId.get(id) : undefined;
    return card ? itemTitle(card) : 'the top';
  };
  const propose = () => {
    setRefused(false);
    setPreviewing(true);
  };
  return (
    <div className="resolve-conflicts">
      {!plan && (
        <button
          type="button"
          className="button button-small"
          data-testid="resolve-all"
          onClick={propose}
        >
          Resolve all conflicts ({view.conflicts.length})…
        </button>
      )}
      {plan && (
        <div className="resolve-preview" data-testid="resolve-preview">
          <strong>
            {plan.moves.length === 0
              ? 'Nothing to move.'
              : `${plan.moves.length} move${plan.moves.length === 1 ? '' : 's'} put every dependency above what needs it:`}
          </strong>
          <ol>
            {plan.moves.map((move) => (
              <li key={move.id} data-testid="resolve-move" data-item-id={move.id}>
                <strong>{name(move.id)}</strong> from{' '}
                {move.from === null ? 'unranked' : `#${move.from}`} to #{move.to}
                {move.after ? `, just below ${name(move.after)}` : ', to the top'}
              </li>
            ))}
          </ol>
          {plan.cycles.length > 0 && (
            <p className="conflict" data-testid="resolve-cycles">
              ⟳ Left as they are (a cycle has no order that works):{' '}
              {plan.cycles.map((cycle) => cycle.map((id) => name(id)).join(' → ')).join('; ')}
            </p>
          )}
          {refused && (
            <p className="conflict">
              Not applied: a card it moves is locked (a facilitator can apply it).
            </p>
          )}
          <div className="planning-actions">
            {plan.moves.length > 0 && (
              <button
                type="button"
                className="button button-small button-primary"
                data-testid="resolve-apply"
                onClick={() => {
                  if (applyResolvePlan(editor, plan)) setPreviewing(false);
                  else setRefused(true);
                }}
              >
                Apply
              </button>
            )}
            <button
              type="button"
              className="button button-small button-ghost"
              data-testid="resolve-cancel"
              onClick={() => setPreviewing(false)}
            >
              Cancel
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
