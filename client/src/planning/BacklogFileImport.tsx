import * as actions from './actions';
import { NamedOptions } from './bits';
import {
  IMPORT_FIELDS,
  IMPORT_FIELD_LABELS,
  checkBacklogRecords,
  mapBacklogHeaders,
  planBacklogImport,
  withOverrides,
} from '@weboard/shared';
import type { BoardItem, ImportField, UnknownChoice } from '@weboard/shared';
import { useEffect, useMemo, useState } from 'react';
import { useStore } from '../lib/store';
import { useEditor } from '../editor/editor-context';
import { usePlanning } from './context';
import { isWorkbook, readCsvFile, readWorkbookFile } from './import-file';
import type { ReadFile, TextEncoding } from './import-file';
import { importInSlices } from './import-slices';
import { UnknownValues } from './UnknownValues';
import type { UnknownKind } from './UnknownValues';

/**
 * A backlog file (CSV or Excel) into the board: check how its headers map, decide what happens to
 * the sprints and teams the board does not know, see every bad row, then import with progress.
 * Rows whose key is already on the board update that card.
 */
export function BacklogFileImport({
  onClose,
  onBusy,
}: {
  onClose(): void;
  onBusy(busy: boolean): void;
}) {
  const editor = useEditor();
  const planning = usePlanning();
  const state = useStore(planning.state);
  const myTeam = useStore(planning.myTeam);
  const [file, setFile] = useState<{ name: string; bytes: ArrayBuffer } | null>(null);
  const [encoding, setEncoding] = useState<TextEncoding>('utf-8');
  const [team, setTeam] = useState(myTeam ?? '');
  const [overrides, setOverrides] = useState<Record<number, ImportField | ''>>({});
  const [choices, setChoices] = useState<Record<UnknownKind, Record<string, UnknownChoice>>>({
    lanes: {},
    teams: {},
  });
  const [loaded, setLoaded] = useState<ReadFile | { error: string } | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [finished, setFinished] = useState<{ created: number; updated: number } | null>(null);

  useEffect(() => {
    if (!file) return;
    let current = true;
    const read = isWorkbook(file.name)
      ? readWorkbookFile(file.bytes).catch(() => ({
          error: 'This file is not an Excel workbook (.xlsx) that can be read.',
        }))
      : Promise.resolve().then(() => readCsvFile(file.bytes, encoding));
    read
      .catch(() => ({
        error:
          'This file is not UTF-8 text. Save it as “CSV UTF-8” in your spreadsheet, or read it as Windows-1252 below.',
      }))
      .then((result) => current && setLoaded(result));
    return () => {
      current = false;
    };
  }, [file, encoding]);

  const records = loaded && 'records' in loaded ? loaded.records : null;
  const headers = useMemo(() => records?.[0] ?? [], [records]);
  const auto = useMemo(() => mapBacklogHeaders(headers), [headers]);
  const mapping = useMemo(() => withOverrides(auto, overrides), [auto, overrides]);
  const fieldOf = (index: number): ImportField | '' => {
    const column = mapping.columns[index];
    return column?.field && column.field !== 'votes_team' ? column.field : '';
  };

  const checked = useMemo(() => {
    if (!records || records.length === 0 || !loaded || !('records' in loaded)) return null;
    const result = checkBacklogRecords(editor.doc, records, mapping);
    return { ...result, errors: [...loaded.parseErrors, ...result.errors] };
    // The board state is listed so that the check follows lanes and teams as they change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [records, loaded, mapping, editor.doc, state]);

  const choose = (kind: UnknownKind) => (name: string, choice: UnknownChoice) =>
    setChoices((now) => ({ ...now, [kind]: { ...now[kind], [name]: choice } }));

  const run = async () => {
    if (!checked || !file) return;
    const plan = planBacklogImport(editor.doc, checked.rows, {
      source: { kind: 'csv', name: file.name },
      createdBy: planning.userId,
      choices,
      ...(team ? { teamId: team } : {}),
    });
    const all: BoardItem[] = [...plan.cards, ...plan.connectors];
    const total = all.length + plan.updates.length;
    actions.applyImportSetup(editor, plan);
    setProgress({ done: 0, total });
    onBusy(true);
    if (plan.updates.length > 0) actions.patchItems(editor, plan.updates);
    await importInSlices(all, {
      add: (items) => actions.addImportedItems(editor, items),
      progress: (done) => setProgress({ done: plan.updates.length + done, total }),
      // Let the page paint the progress and the synced items between slices.
      yieldToPage: () => new Promise((resolve) => setTimeout(resolve, 0)),
      now: () => performance.now(),
    });
    setFinished({ created: plan.cards.length, updated: plan.updates.length });
    setProgress(null);
    onBusy(false);
  };

  const errorRows = checked ? new Set(checked.errors.map((e) => e.row)).size : 0;
  const teamName = state.teams.find((t) => t.id === team)?.name;

  return (
    <>
      <p className="dialog-description">
        One row per item, from Jira, Azure DevOps or a spreadsheet (CSV or .xlsx); a title column is
        required. Keys, teams, sprints, story points, labels, links, WSJF and RICE are picked up
        when present. Rows whose key is already on the board update that card.
      </p>
      <label className="field">
        <span>File</span>
        <input
          type="file"
          accept=".csv,.tsv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          data-testid="import-file"
          onChange={async (e) => {
            const picked = e.target.files?.[0];
            if (!picked) return;
            setOverrides({});
            setChoices({ lanes: {}, teams: {} });
            setFinished(null);
            setLoaded(null);
            setFile({ name: picked.name, bytes: await picked.arrayBuffer() });
          }}
        />
      </label>
      {loaded && 'error' in loaded && (
        <p className="dialog-error" data-testid="import-encoding-error">
          {loaded.error}
        </p>
      )}
      {file && !isWorkbook(file.name) && (
        <label className="field-inline">
          Read as
          <select value={encoding} onChange={(e) => setEncoding(e.target.value as TextEncoding)}>
            <option value="utf-8">UTF-8</option>
            <option value="windows-1252">Windows-1252 (older Excel)</option>
          </select>
        </label>
      )}
      <label className="field-inline">
        Team for rows without one
        <select data-testid="import-team" value={team} onChange={(e) => setTeam(e.target.value)}>
          <option value="">None</option>
          <NamedOptions of={state.teams} />
        </select>
      </label>

      {headers.length > 0 && (
        <table className="mapping-table" data-testid="import-mapping">
          <thead>
            <tr>
              <th>Column in the file</th>
              <th>Imported as</th>
            </tr>
          </thead>
          <tbody>
            {headers.map((header, i) => (
              <tr key={i}>
                <td>{header || <em>(empty)</em>}</td>
                <td>
                  <select
                    aria-label={`Map ${header}`}
                    data-testid="import-map"
                    data-header={header}
                    value={fieldOf(i)}
                    onChange={(e) =>
                      setOverrides({ ...overrides, [i]: e.target.value as ImportField | '' })
                    }
                  >
                    <option value="">(ignore)</option>
                    {IMPORT_FIELDS.map((field) => (
                      <option key={field} value={field}>
                        {IMPORT_FIELD_LABELS[field]}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {checked && (
        <>
          <UnknownValues
            kind="lanes"
            values={checked.unknown.lanes}
            existing={state.lanes}
            choices={choices.lanes}
            onChoose={choose('lanes')}
            emptyLabel="Leave without a lane"
          />
          <UnknownValues
            kind="teams"
            values={checked.unknown.teams}
            existing={state.teams}
            choices={choices.teams}
            onChoose={choose('teams')}
            emptyLabel={
              teamName ? `Leave to ${teamName} (rows without a team)` : 'Leave without a team'
            }
          />
        </>
      )}

      {checked && (
        <div className="import-summary" data-testid="import-summary">
          <p>
            <strong data-testid="import-ok-count">{checked.rows.length}</strong> rows ready
            {errorRows > 0 && (
              <>
                , <strong className="danger">{errorRows}</strong> with errors (they will not be
                created)
              </>
            )}
            .
          </p>
          {(checked.errors.length > 0 || checked.warnings.length > 0) && (
            <ul className="import-errors" data-testid="import-errors">
              {checked.errors.slice(0, 200).map((e, i) => (
                <li key={i} data-testid="import-error">
                  Row {e.row}
                  {e.column && <> · {e.column}</>}: {e.message}
                </li>
              ))}
              {checked.errors.length > 200 && <li>… and {checked.errors.length - 200} more</li>}
              {checked.warnings.slice(0, 50).map((w, i) => (
                <li key={`w${i}`} className="import-warning" data-testid="import-warning">
                  Row {w.row}
                  {w.column && <> · {w.column}</>}: {w.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {progress && (
        <div className="import-progress" data-testid="import-progress">
          <progress value={progress.done} max={progress.total} />
          <span>
            {progress.done} / {progress.total}
          </span>
        </div>
      )}
      {finished !== null && (
        <p data-testid="import-done">
          Imported {finished.created} item{finished.created === 1 ? '' : 's'}
          {finished.updated > 0 && <>, updated {finished.updated}</>}.
        </p>
      )}
      <div className="dialog-actions">
        <button
          type="button"
          className="button button-ghost"
          onClick={onClose}
          disabled={!!progress}
        >
          {finished !== null ? 'Close' : 'Cancel'}
        </button>
        <button
          type="button"
          className="button button-primary"
          data-testid="import-submit"
          disabled={!checked || checked.rows.length === 0 || !!progress || finished !== null}
          onClick={() => void run()}
        >
          Import {checked?.rows.length ?? 0} items
        </button>
      </div>
    </>
  );
}
