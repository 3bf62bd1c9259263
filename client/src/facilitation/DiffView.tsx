import { boardDiffToCsv, diffBoards, readBoardContent } from '@weboard/shared';
import type { BoardChange, BoardContent } from '@weboard/shared';
import { useEffect, useMemo, useState } from 'react';
import * as Y from 'yjs';
import { download } from '../canvas/export';
import type { BoardEditor } from '../editor/editor';
import { useStore } from '../lib/store';
import type { FacilitationApi, SnapshotSummary } from './api';
import type { Highlight } from './BoardOverlay';
import { fileSafe } from './file-name';

const KIND_LABEL: Record<BoardChange['kind'], string> = {
  added: 'Added',
  removed: 'Removed',
  edited: 'Edited',
  moved: 'Moved',
  lane: 'Lane',
  team: 'Team',
  rank: 'Rank',
  votes: 'Votes',
  'dependency-added': 'Dependency added',
  'dependency-removed': 'Dependency removed',
};

/** Which two states a diff compares: a snapshot with now, or an older snapshot with a newer one. */
export interface Comparison {
  from: SnapshotSummary;
  /** null: the live board. */
  to: SnapshotSummary | null;
}

function contentOf(state: Uint8Array): { content: BoardContent; doc: Y.Doc } {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return { content: readBoardContent(doc), doc };
}

/** The changes between a snapshot and now (or another snapshot), highlighted on the canvas. */
export function DiffView({
  api,
  editor,
  doc,
  comparison,
  snapshots,
  title,
  onChange,
  onHighlights,
}: {
  api: FacilitationApi;
  editor: BoardEditor;
  doc: Y.Doc;
  comparison: Comparison;
  snapshots: SnapshotSummary[];
  title: string;
  onChange(comparison: Comparison | null): void;
  onHighlights(highlights: readonly Highlight[]): void;
}) {
  const [states, setStates] = useState<{ from: Y.Doc; to: Y.Doc | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const liveVersion = useStore(editor.items.version);

  useEffect(() => {
    let cancelled = false;
    let loaded: { from: Y.Doc; to: Y.Doc | null } | null = null;
    (async () => {
      const from = contentOf(await api.snapshotState(comparison.from.id)).doc;
      const to = comparison.to ? contentOf(await api.snapshotState(comparison.to.id)).doc : null;
      loaded = { from, to };
      if (cancelled) {
        from.destroy();
        to?.destroy();
      } else setStates(loaded);
    })().catch((err: Error) => !cancelled && setError(err.message));
    return () => {
      cancelled = true;
      loaded?.from.destroy();
      loaded?.to?.destroy();
    };
  }, [api, comparison]);

  const { changes, before, after } = useMemo(() => {
    void liveVersion; // "now" changes with the live board
    if (!states) return { changes: [], before: null, after: null };
    const before = readBoardContent(states.from);
    const after = readBoardContent(states.to ?? doc);
    return { changes: diffBoards(before, after), before, after };
  }, [states, doc, liveVersion]);

  useEffect(() => {
    if (!before || !after) return onHighlights([]);
    const boxes = new Map([...before.items, ...after.items].map((item) => [item.id, item]));
    const highlights: Highlight[] = [];
    for (const change of changes) {
      const item = boxes.get(change.itemId);
      if (!item) continue;
      const { x, y, w, h } = item;
      highlights.push({ itemId: change.itemId, kind: change.kind, box: { x, y, w, h } });
    }
    onHighlights(highlights);
    return () => onHighlights([]);
  }, [changes, before, after, onHighlights]);

  const others = snapshots.filter((s) => s.id !== comparison.from.id);
  return (
    <section className="fac-section" data-testid="diff-panel">
      <div className="fac-row">
        <h3 className="fac-grow">Changes since “{comparison.from.name}”</h3>
        <button
          type="button"
          className="button button-ghost button-small"
          onClick={() => onChange(null)}
        >
          Close
        </button>
      </div>
      <label className="fac-row small">
        Compared with
        <select
          className="fac-input"
          data-testid="diff-against"
          value={comparison.to?.id ?? ''}
          onChange={(e) =>
            onChange({
              from: comparison.from,
              to: snapshots.find((s) => s.id === e.target.value) ?? null,
            })
          }
        >
          <option value="">the live board now</option>
          {others.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      {error && <p className="fac-error">{error}</p>}
      {!states && !error && <p className="muted small">Loading…</p>}
      {states && changes.length === 0 && (
        <p className="muted small" data-testid="diff-empty">
          No changes
        </p>
      )}
      <ul className="fac-diff" data-testid="diff-list">
        {changes.map((change) => (
          <li
            key={`${change.kind}:${change.itemId}`}
            className={`fac-diff-row fac-diff-${change.kind}`}
            data-testid="diff-row"
            data-kind={change.kind}
            data-item-id={change.itemId}
          >
            <span className="fac-diff-kind">{KIND_LABEL[change.kind]}</span>
            <span className="fac-grow">{change.label}</span>
            {change.detail && <span className="muted small">{change.detail}</span>}
          </li>
        ))}
      </ul>
      {changes.length > 0 && (
        <button
          type="button"
          className="button button-ghost button-small"
          data-testid="diff-csv"
          onClick={() =>
            download(
              new Blob([boardDiffToCsv(changes)], { type: 'text/csv' }),
              `${fileSafe(title)}-changes.csv`,
            )
          }
        >
          Export CSV
        </button>
      )}
    </section>
  );
}
