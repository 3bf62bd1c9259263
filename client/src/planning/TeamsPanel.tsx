import { COLOR_NAMES, isFrame, newItemId, roleAtLeast } from '@weboard/shared';
import type { ColorName, FrameItem, Team } from '@weboard/shared';
import { useMemo, useState } from 'react';
import { useStore } from '../lib/store';
import { useEditor } from '../editor/editor-context';
import * as actions from './actions';
import { TeamBadge, NamedOptions } from './bits';
import { focusBox } from './camera';
import { usePlanning } from './context';

/** Teams (facilitator) and lanes (editors): names, colours and order. */
export function TeamsPanel() {
  const editor = useEditor();
  const planning = usePlanning();
  const state = useStore(planning.state);
  const myTeam = useStore(planning.myTeam);
  const facilitator = roleAtLeast(editor.role, 'facilitator');
  const [newTeam, setNewTeam] = useState('');
  const [newLane, setNewLane] = useState('');
  const items = useStore(editor.items);
  const frames = useMemo(() => items.filter(isFrame), [items]);

  const saveTeam = (team: Team) => {
    actions.saveTeam(editor, team);
  };

  return (
    <div className="planning-section" data-testid="teams-panel">
      <h3>Your team</h3>
      <select
        aria-label="Your team"
        data-testid="my-team"
        value={myTeam ?? ''}
        onChange={(e) => planning.setMyTeam(e.target.value || null)}
      >
        <option value="">No team</option>
        <NamedOptions of={state.teams} />
      </select>

      <h3>Teams</h3>
      {!facilitator && <p className="muted small">Only a facilitator can change the teams.</p>}
      <ul className="edit-list">
        {state.teams.map((team) => (
          <li key={team.id} data-testid="team-row" data-team-id={team.id} className="with-binding">
            {facilitator ? (
              <>
                <input
                  aria-label="Team name"
                  defaultValue={team.name}
                  maxLength={100}
                  onBlur={(e) => saveTeam({ ...team, name: e.target.value })}
                />
                <select
                  aria-label="Team colour"
                  value={team.color}
                  onChange={(e) => saveTeam({ ...team, color: e.target.value as ColorName })}
                >
                  {COLOR_NAMES.map((c) => (
                    <option key={c} value={c}>
                      {c}
                    </option>
                  ))}
                </select>
                <button
                  type="button"
                  className="icon-button tiny"
                  aria-label={`Remove ${team.name}`}
                  onClick={() => actions.removeTeam(editor, team.id)}
                >
                  ✕
                </button>
              </>
            ) : (
              <TeamBadge team={team} />
            )}
            <FrameBinder kind="teamId" id={team.id} frames={frames} />
          </li>
        ))}
      </ul>
      {facilitator && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!newTeam.trim()) return;
            const color = COLOR_NAMES[(state.teams.length * 3 + 5) % COLOR_NAMES.length]!;
            saveTeam({ id: newItemId(), name: newTeam.trim(), color });
            setNewTeam('');
          }}
        >
          <input
            data-testid="new-team-name"
            placeholder="New team name"
            value={newTeam}
            maxLength={100}
            onChange={(e) => setNewTeam(e.target.value)}
          />
          <button type="submit" className="button button-small" data-testid="add-team">
            Add team
          </button>
        </form>
      )}

      <h3>Lanes</h3>
      <ul className="edit-list">
        {state.lanes.map((lane, index) => (
          <li key={lane.id} data-testid="lane-row" data-lane-id={lane.id} className="with-binding">
            <input
              aria-label="Lane name"
              defaultValue={lane.name}
              key={lane.name}
              maxLength={100}
              disabled={!editor.canEdit}
              onBlur={(e) => {
                if (e.target.value.trim() && e.target.value !== lane.name)
                  actions.renameLane(editor, lane.id, e.target.value);
              }}
            />
            {editor.canEdit && (
              <>
                <button
                  type="button"
                  className="icon-button tiny"
                  aria-label={`Move ${lane.name} earlier`}
                  disabled={index === 0}
                  onClick={() => actions.moveLane(editor, lane.id, index - 1)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="icon-button tiny"
                  aria-label={`Move ${lane.name} later`}
                  disabled={index === state.lanes.length - 1}
                  onClick={() => actions.moveLane(editor, lane.id, index + 1)}
                >
                  ↓
                </button>
                <button
                  type="button"
                  className="icon-button tiny"
                  aria-label={`Remove ${lane.name}`}
                  title="Remove the lane (its cards become unplanned)"
                  data-testid="lane-remove"
                  onClick={() => actions.removeLane(editor, lane.id)}
                >
                  ✕
                </button>
              </>
            )}
            <FrameBinder kind="laneId" id={lane.id} frames={frames} />
          </li>
        ))}
      </ul>
      {editor.canEdit && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!newLane.trim()) return;
            actions.addLane(editor, newLane.trim());
            setNewLane('');
          }}
        >
          <input
            placeholder="New lane name"
            value={newLane}
            maxLength={100}
            onChange={(e) => setNewLane(e.target.value)}
          />
          <button type="submit" className="button button-small">
            Add lane
          </button>
        </form>
      )}
    </div>
  );
}

/**
 * The frames bound to one team (its swimlanes) or lane, as chips that show the frame on the board
 * and unbind it, and a picker that binds another frame. Binding is an edit of the frame, so every
 * editor may do it.
 */
function FrameBinder({
  kind,
  id,
  frames,
}: {
  kind: 'teamId' | 'laneId';
  id: string;
  frames: FrameItem[];
}) {
  const editor = useEditor();
  const bound = frames.filter((f) => f[kind] === id);
  const free = frames.filter((f) => f[kind] !== id);
  const bind = (frame: FrameItem, value: string | null) =>
    actions.bindFrame(editor, frame.id, {
      teamId: frame.teamId ?? null,
      laneId: frame.laneId ?? null,
      [kind]: value,
    });
  if (bound.length === 0 && (!editor.canEdit || free.length === 0)) return null;
  return (
    <div className="frame-binder" data-testid="frame-binder">
      {bound.map((frame) => (
        <span key={frame.id} className="frame-chip" data-testid="bound-frame">
          <button
            type="button"
            className="text-button"
            title="Show on the board"
            onClick={() => focusBox(editor, frame)}
          >
            ▭ {frame.title || 'Frame'}
          </button>
          {editor.canEdit && (
            <button
              type="button"
              className="icon-button tiny"
              aria-label={`Unbind ${frame.title || 'frame'}`}
              data-testid="unbind-frame"
              onClick={() => bind(frame, null)}
            >
              ✕
            </button>
          )}
        </span>
      ))}
      {editor.canEdit && free.length > 0 && (
        <select
          aria-label={kind === 'teamId' ? 'Bind a frame as swimlane' : 'Bind a frame to the lane'}
          data-testid="bind-frame"
          value=""
          onChange={(e) => {
            const frame = free.find((f) => f.id === e.target.value);
            if (frame) bind(frame, id);
          }}
        >
          <option value="">{kind === 'teamId' ? '+ Swimlane frame…' : '+ Lane frame…'}</option>
          {free.map((f) => (
            <option key={f.id} value={f.id}>
              {f.title || 'Frame'}
            </option>
          ))}
        </select>
      )}
    </div>
  );
}
