import { checkMilestone, sortMilestones } from '@weboard/shared';
import { useState } from 'react';
import { useStore } from '../lib/store';
import { useEditor } from '../editor/editor-context';
import { NamedOptions } from './bits';
import { usePlanning } from './context';
import * as pi from './pi-actions';
import { PiForm } from './pi-form';
import { usePi } from './pi-state';

/** Milestones and events on the iteration axis; those in an iteration are drawn on the canvas. */
export function MilestonesPanel() {
  const editor = useEditor();
  const planning = usePlanning();
  const state = useStore(planning.state);
  const { milestones } = usePi();
  const [name, setName] = useState('');
  const [laneId, setLaneId] = useState('');
  const [date, setDate] = useState('');
  const laneName = new Map(state.lanes.map((l) => [l.id, l.name]));

  return (
    <div data-testid="milestones-panel">
      {editor.canEdit && (
        <PiForm
          testId="milestone-form"
          check={() =>
            checkMilestone({ name, laneId: laneId || null, date: date || null }, state.lanes)
          }
          save={(draft) => {
            if (pi.saveMilestone(editor, draft, planning.userId)) setName('');
          }}
        >
          <div className="pi-form-row">
            <input
              aria-label="Milestone"
              placeholder="Release, demo, deadline…"
              data-testid="milestone-name"
              value={name}
              maxLength={100}
              onChange={(e) => setName(e.target.value)}
            />
          </div>
          <div className="pi-form-row">
            <select
              aria-label="Iteration"
              data-testid="milestone-lane"
              value={laneId}
              onChange={(e) => setLaneId(e.target.value)}
            >
              <option value="">No iteration</option>
              <NamedOptions of={state.lanes} />
            </select>
            <input
              type="date"
              aria-label="Date"
              data-testid="milestone-date"
              value={date}
              onChange={(e) => setDate(e.target.value)}
            />
            <button
              type="submit"
              className="button button-primary button-small"
              data-testid="milestone-add"
            >
              Add
            </button>
          </div>
        </PiForm>
      )}
      {milestones.length === 0 && <p className="muted small planning-empty">No milestones yet.</p>}
      <ul className="pi-list">
        {sortMilestones(milestones, state.lanes).map((m) => {
          const lane = m.laneId ? laneName.get(m.laneId) : undefined;
          return (
            <li key={m.id} className="pi-row" data-testid="milestone-row" data-milestone-id={m.id}>
              <span className="pi-milestone-mark">◆</span>
              <span className="pi-text">{m.name}</span>
              <span className="muted small">
                {[lane ?? (m.laneId ? 'iteration removed' : null), m.date]
                  .filter(Boolean)
                  .join(' · ')}
              </span>
              {editor.canEdit && (
                <button
                  type="button"
                  className="text-button"
                  data-testid="milestone-remove"
                  aria-label="Remove milestone"
                  onClick={() => pi.removeMilestone(editor, m.id)}
                >
                  ✕
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
