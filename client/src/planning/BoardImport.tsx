import { NamedOptions } from './bits';
import { isBacklogItem, parseBoardFile } from '@weboard/shared';
import type { ApiError, BoardFile } from '@weboard/shared';
import { useEffect, useState } from 'react';
import { useStore } from '../lib/store';
import { useEditor } from '../editor/editor-context';
import { focusBox } from './camera';
import { usePlanning } from './context';

/** What the server answers to a board merged into a team. */
interface MergeResult {
  created: number;
  itemIds: string[];
  frameId: string;
  source: string;
  droppedLanes: string[];
}

/**
 * "Many sessions into one": another WeBoard board's file (its JSON export) lands in one team's
 * swimlane. The server places it, so everyone sees the same result at once.
 */
export function BoardImport({ onClose }: { onClose(): void }) {
  const editor = useEditor();
  const planning = usePlanning();
  const state = useStore(planning.state);
  const myTeam = useStore(planning.myTeam);
  const items = useStore(editor.items);
  const [picked, setPicked] = useState<{ name: string; text: string } | null>(null);
  const [team, setTeam] = useState(myTeam ?? state.teams[0]?.id ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<MergeResult | null>(null);

  let file: BoardFile | null = null;
  let fileError: string | null = null;
  if (picked) {
    try {
      const parsed = parseBoardFile(JSON.parse(picked.text));
      if (parsed.ok) file = parsed.file;
      else fileError = parsed.error;
    } catch {
      fileError = 'This file is not JSON. Export the other board with Facilitate → Export JSON.';
    }
  }
  const cards = file ? file.items.filter(isBacklogItem).length : 0;

  // Once the merged board has synced here, show it.
  const frame = result ? items.find((i) => i.id === result.frameId) : undefined;
  useEffect(() => {
    if (frame) focusBox(editor, frame);
  }, [editor, frame]);

  const run = async () => {
    if (!picked || !file || !team) return;
    setBusy(true);
    setError(null);
    try {
      const query = new URLSearchParams({ teamId: team, name: picked.name });
      const response = await fetch(
        `/api/boards/${encodeURIComponent(planning.boardId)}/import?${query}`,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${planning.token}`,
            'content-type': 'application/json',
          },
          body: picked.text,
        },
      );
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as ApiError | null;
        setError(body?.error.message ?? `The server refused the file (${response.status}).`);
        return;
      }
      setResult((await response.json()) as MergeResult);
    } catch {
      setError('The server could not be reached.');
    } finally {
      setBusy(false);
    }
  };

  const teamName = state.teams.find((t) => t.id === team)?.name ?? 'the team';

  return (
    <>
      <p className="dialog-description">
        Bring another WeBoard board (its <em>Export JSON</em> file) into one team&rsquo;s swimlane.
        It keeps its own layout, lands beside what is already there, and each card remembers which
        board it came from.
      </p>
      <label className="field">
        <span>Board file</span>
        <input
          type="file"
          accept=".json,application/json"
          data-testid="import-board-file"
          onChange={async (e) => {
            const chosen = e.target.files?.[0];
            if (!chosen) return;
            setResult(null);
            setError(null);
            setPicked({ name: chosen.name, text: await chosen.text() });
          }}
        />
      </label>
      <label className="field-inline">
        Into the swimlane of
        <select
          data-testid="import-board-team"
          value={team}
          onChange={(e) => setTeam(e.target.value)}
        >
          {state.teams.length === 0 && <option value="">(the board has no teams yet)</option>}
          <NamedOptions of={state.teams} />
        </select>
      </label>
      {fileError && (
        <p className="dialog-error" data-testid="import-board-error">
          {fileError}
        </p>
      )}
      {file && !result && (
        <div className="import-summary" data-testid="import-board-summary">
          <p>
            <strong>{file.meta.title || picked?.name}</strong>: {file.items.length} item
            {file.items.length === 1 ? '' : 's'}, of which <strong>{cards}</strong> backlog card
            {cards === 1 ? '' : 's'}.
          </p>
        </div>
      )}
      {error && (
        <p className="dialog-error" data-testid="import-board-error">
          {error}
        </p>
      )}
      {result && (
        <p data-testid="import-board-done">
          Added {result.itemIds.length} card{result.itemIds.length === 1 ? '' : 's'} from “
          {result.source}” to {teamName}.
          {result.droppedLanes.length > 0 && (
            <>
              {' '}
              This board has no lane {result.droppedLanes.map((l) => `“${l}”`).join(', ')}: those
              cards came in without a lane.
            </>
          )}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="button button-ghost" onClick={onClose} disabled={busy}>
          {result ? 'Close' : 'Cancel'}
        </button>
        <button
          type="button"
          className="button button-primary"
          data-testid="import-board-submit"
          disabled={!file || !team || busy || !!result}
          onClick={() => void run()}
        >
          {busy ? 'Importing…' : `Import into ${teamName}`}
        </button>
      </div>
    </>
  );
}
