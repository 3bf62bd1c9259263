import type { FrameBinding, FrameItem } from '@weboard/shared';
import { useStore } from '../lib/store';
import { useCanEdit, useEditor } from '../editor/editor-context';
import * as actions from './actions';
import { NamedOptions } from './bits';
import { usePlanning } from './context';

/** A selected frame: bind it to a team (its swimlane) and/or a lane (a column or cell). */
export function FramePanel({ frame }: { frame: FrameItem }) {
  const editor = useEditor();
  const planning = usePlanning();
  const state = useStore(planning.state);
  // Locked frames are a facilitator's.
  const readOnly = !useCanEdit() || !editor.canChange(frame);
  const bind = (binding: Partial<FrameBinding>) =>
    actions.bindFrame(editor, frame.id, {
      teamId: frame.teamId ?? null,
      laneId: frame.laneId ?? null,
      ...binding,
    });
  const team = frame.teamId ? state.teams.find((t) => t.id === frame.teamId) : undefined;
  const lane = frame.laneId ? state.lanes.find((l) => l.id === frame.laneId) : undefined;
  const says = [team && `join ${team.name}`, lane && `go to ${lane.name}`].filter(Boolean);
  return (
    <aside className="panel item-panel" data-testid="frame-panel" aria-label="Frame planning">
      <header>
        <strong>▭ {frame.title || 'Frame'}</strong>
        <span className="muted small">
          {says.length > 0
            ? `Cards dropped in it ${says.join(' and ')}.`
            : 'Bind it to a team (a swimlane) or a lane: cards dropped in it take them.'}
        </span>
      </header>
      <div className="item-grid">
        <label>
          Team swimlane
          <select
            data-testid="frame-team"
            value={frame.teamId ?? ''}
            disabled={readOnly}
            onChange={(e) => bind({ teamId: e.target.value || null })}
          >
            <option value="">No team</option>
            <NamedOptions of={state.teams} />
            {frame.teamId && !team && <option value={frame.teamId}>(removed team)</option>}
          </select>
        </label>
        <label>
          Lane
          <select
            data-testid="frame-lane"
            value={frame.laneId ?? ''}
            disabled={readOnly}
            onChange={(e) => bind({ laneId: e.target.value || null })}
          >
            <option value="">No lane</option>
            <NamedOptions of={state.lanes} />
            {frame.laneId && !lane && <option value={frame.laneId}>(removed lane)</option>}
          </select>
        </label>
      </div>
    </aside>
  );
}
