import { useState } from 'react';
import { BacklogFileImport } from './BacklogFileImport';
import { BoardImport } from './BoardImport';

type ImportKind = 'file' | 'board';

/** The import dialog: a backlog file (CSV or Excel), or another WeBoard board into one team's swimlane. */
export function ImportDialog({ onClose }: { onClose(): void }) {
  const [kind, setKind] = useState<ImportKind>('file');
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
              ['file', 'Backlog file (CSV, Excel)'],
              ['board', 'Another WeBoard board'],
            ] as const
          ).map(([id, label]) => (
            <button
              key={id}
              type="button"
              role="tab"
              aria-selected={kind === id}
              data-testid={`import-kind-${id === 'file' ? 'csv' : id}`}
              className={kind === id ? 'active' : ''}
              disabled={busy}
              onClick={() => setKind(id)}
            >
              {label}
            </button>
          ))}
        </div>
        {kind === 'file' ? (
          <BacklogFileImport onClose={onClose} onBusy={setBusy} />
        ) : (
          <BoardImport onClose={onClose} />
        )}
      </div>
    </div>
  );
}
