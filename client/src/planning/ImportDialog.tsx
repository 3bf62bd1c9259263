import * as actions from './actions';
import { NamedOptions } from './bits';
import {
  BACKLOG_COLUMNS,
  DERIVED_COLUMNS,
  checkBacklogCsv,
  mapBacklogHeaders,
  parseCsv,
  planBacklogImport,
  serializeCsv,
} from '@weboard/shared';
import type { BacklogColumn, BoardItem } from '@weboard/shared';
import { useMemo, useState } from 'react';
import { useStore } from '../editor/store';
import { useEditor } from '../ui/editor-context';
import { BoardImport } from './BoardImport';
import { usePlanning } from './context';

const IMPORTABLE = BACKLOG_COLUMNS.filter((c) => !DERIVED_COLUMNS.includes(c));
/** Items added per transaction: small enough to show progress, big enough to finish quickly. */
const CHUNK = 100;

interface Loaded {
  name: string;
  records: string[][];
  parseErrors: number;
}

/** Reads a file's bytes as text: UTF-8 unless the user said the file is Windows-1252. */
function decode(bytes: ArrayBuffer, encoding: 'utf-8' | 'windows-1252'): string {
  return new TextDecoder(encoding, { fatal: encoding === 'utf-8' })
    .decode(bytes)
    .replace(/^\uFEFF/, '');
}

type ImportKind = 'csv' | 'board';

/** The import dialog: a backlog CSV, or another WeBoard board into one team's swimlane. */
export function ImportDialog({ onClose }: { onClose(): void }) {
  const [kind, setKind] = useState<ImportKind>('csv');
  const [busy, setBusy] = useState(false);
  return (
    <div className="dialog-backdrop" role="presentation" onClick={busy ? undefined : onClose}>
      <div
        className="dialog import-dialog"
        role="dialog"
        aria-modal="true"
        aria-label="Import"
        data-testid="import-dialog"
        onClick={(e) => e.stopPropagation()}
      >
        <h2>Import</h2>
        <div className="segmented" role="tablist" aria-label="What to import">
          {(
            [
              ['csv', 'Backlog CSV'],
              ['board', 'Another WeBoard board'],
            ] as const
          ).map(([id, label]) => (
            <button
              key={id}
              type="button"
              role="tab"
              aria-selected={kind === id}
              data-testid={`import-kind-${id}`}
              className={kind === id ? 'active' : ''}
              disabled={busy}
              onClick={() => setKind(id)}
            >
              {label}
            </button>
          ))}
        </div>
        {kind === 'csv' ? (
          <CsvImport onClose={onClose} onBusy={setBusy} />
        ) : (
          <BoardImport onClose={onClose} />
        )}
      </div>
    </div>
  );
}

/** CSV import: pick a file, check how its headers map, see every bad row, then import with progress. */
function CsvImport({ onClose, onBusy }: { onClose(): void; onBusy(busy: boolean): void }) {
  const editor = useEditor();
  const planning = usePlanning();
  const state = useStore(planning.state);
  const myTeam = useStore(planning.myTeam);
  const [file, setFile] = useState<{ name: string; bytes: ArrayBuffer } | null>(null);
  const [encoding, setEncoding] = useState<'utf-8' | 'windows-1252'>('utf-8');
  const [team, setTeam] = useState(myTeam ?? '');
  const [overrides, setOverrides] = useState<Record<number, BacklogColumn | ''>>({});
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [finished, setFinished] = useState<number | null>(null);

  const loaded = useMemo((): Loaded | { error: string } | null => {
    if (!file) return null;
    let text: string;
    try {
      text = decode(file.bytes, encoding);
    } catch {
      return {
        error:
          'This file is not UTF-8 text. Save it as “CSV UTF-8” in your spreadsheet, or read it as Windows-1252 below.',
      };
    }
    const parsed = parseCsv(text);
    return { name: file.name, records: parsed.records, parseErrors: parsed.errors.length };
  }, [file, encoding]);

  const headers = useMemo(
    () => (loaded && 'records' in loaded ? (loaded.records[0] ?? []) : []),
    [loaded],
  );
  const auto = useMemo(() => mapBacklogHeaders(headers), [headers]);
  const fieldOf = (index: number): BacklogColumn | '' => {
    if (Object.hasOwn(overrides, index)) return overrides[index]!;
    const column = auto.columns[index];
    return column?.field && column.field !== 'votes_team' ? column.field : '';
  };

  // The user's mapping is applied by renaming the header row to our own column names.
  const checked = useMemo(() => {
    if (!loaded || !('records' in loaded) || loaded.records.length === 0) return null;
    const header = headers.map((_, i) => fieldOf(i) || `ignored ${i}`);
    const text = serializeCsv([header, ...loaded.records.slice(1)]);
    const result = checkBacklogCsv(editor.doc, text);
    // Errors name our column; the person knows the column by the header in their file.
    const original = new Map(header.map((field, i) => [field, headers[i] ?? field]));
    return {
      ...result,
      errors: result.errors.map((e) => ({ ...e, column: original.get(e.column) ?? e.column })),
    };
    // fieldOf reads overrides and auto, which are listed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [loaded, overrides, auto, editor.doc, state]);

  const run = async () => {
    if (!checked || !file) return;
    const plan = planBacklogImport(editor.doc, checked.rows, {
      source: { kind: 'csv', name: file.name },
      createdBy: planning.userId,
      ...(team ? { teamId: team } : {}),
    });
    const all: BoardItem[] = [...plan.cards, ...plan.connectors];
    actions.ensureDefaultLanes(editor);
    setProgress({ done: 0, total: all.length });
    onBusy(true);
    for (let i = 0; i < all.length; i += CHUNK) {
      actions.addImportedItems(editor, all.slice(i, i + CHUNK));
      setProgress({ done: Math.min(all.length, i + CHUNK), total: all.length });
      // Let the page paint the progress and the synced items between chunks.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    setFinished(plan.cards.length);
    setProgress(null);
    onBusy(false);
  };

  const errorRows = checked ? new Set(checked.errors.map((e) => e.row)).size : 0;

  return (
    <>
      <p className="dialog-description">
        One row per item; a <em>title</em> column is required. Team, lane, estimate, WSJF and RICE
        columns are picked up when present. Every card remembers the file it came from.
      </p>
      <label className="field">
        <span>File</span>
        <input
          type="file"
          accept=".csv,text/csv"
          data-testid="import-file"
          onChange={async (e) => {
            const picked = e.target.files?.[0];
            if (!picked) return;
            setOverrides({});
            setFinished(null);
            setFile({ name: picked.name, bytes: await picked.arrayBuffer() });
          }}
        />
      </label>
      {loaded && 'error' in loaded && (
        <p className="dialog-error" data-testid="import-encoding-error">
          {loaded.error}
        </p>
      )}
      {file && (
        <label className="field-inline">
          Read as
          <select value={encoding} onChange={(e) => setEncoding(e.target.value as typeof encoding)}>
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
                      setOverrides({ ...overrides, [i]: e.target.value as BacklogColumn | '' })
                    }
                  >
                    <option value="">(ignore)</option>
                    {IMPORTABLE.map((c) => (
                      <option key={c} value={c}>
                        {c}
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
          {checked.errors.length > 0 && (
            <ul className="import-errors" data-testid="import-errors">
              {checked.errors.slice(0, 200).map((e, i) => (
                <li key={i} data-testid="import-error">
                  Row {e.row}
                  {e.column && <> · {e.column}</>}: {e.message}
                </li>
              ))}
              {checked.errors.length > 200 && <li>… and {checked.errors.length - 200} more</li>}
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
          Imported {finished} item{finished === 1 ? '' : 's'}.
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
