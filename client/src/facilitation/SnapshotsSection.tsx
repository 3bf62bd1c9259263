import type { PresenceState } from '@weboard/shared';
import { useState } from 'react';
import type { FacilitationApi, SnapshotSummary } from './api';
import type { Comparison } from './DiffView';
import { FacIcons } from './icons';
import type { RunTask } from './run-task';
import { thumbnail } from './thumbnail';
import { undoLastChange } from './undo-last';

/** Snapshots of the board: save (facilitators), preview, compare with now, restore, delete. */
export function SnapshotsSection({
  api,
  isFacilitator,
  self,
  snapshots,
  refresh,
  run,
  busy,
  onPreview,
  onCompare,
}: {
  api: FacilitationApi;
  isFacilitator: boolean;
  self: PresenceState['user'];
  snapshots: readonly SnapshotSummary[];
  refresh(): Promise<void>;
  run: RunTask;
  busy: boolean;
  onPreview(preview: { name: string; state: Uint8Array }): void;
  onCompare(comparison: Comparison): void;
}) {
  const [name, setName] = useState('');
  const save = () =>
    run(async () => {
      const snapshotName = name.trim() || `Snapshot ${new Date().toLocaleTimeString()}`;
      await api.saveSnapshot(snapshotName, self.name, thumbnail());
      setName('');
      await refresh();
      return `Saved “${snapshotName}”`;
    });

  const undo = isFacilitator ? undoLastChange(snapshots) : null;
  return (
    <section className="fac-section">
      <h3>Snapshots</h3>
      {isFacilitator && (
        <div className="fac-row">
          <input
            className="fac-input fac-grow"
            data-testid="snapshot-name"
            placeholder="Name, e.g. After PI planning"
            aria-label="Snapshot name"
            value={name}
            maxLength={200}
            onChange={(e) => setName(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && void save()}
          />
          <button
            type="button"
            className="button button-small button-primary"
            data-testid="snapshot-save"
            disabled={busy}
            onClick={() => void save()}
          >
            Save
          </button>
        </div>
      )}
      {undo && (
        // One click back to the board before the last restore, import or reveal (itself undoable:
        // restoring takes an automatic snapshot first). Below the Save row, not above it: it comes
        // with the list, which can arrive while the facilitator is clicking Save, and above it
        // pushed Save from under the pointer between press and release (the click was lost).
        <button
          type="button"
          className="button button-small"
          data-testid="undo-last-change"
          disabled={busy}
          title={`Restore “${undo.snapshot.name}”`}
          onClick={() => {
            if (!window.confirm(`${undo.label}? Everyone sees the board change.`)) return;
            void run(async () => {
              await api.restoreSnapshot(undo.snapshot.id, thumbnail());
              await refresh();
              return `${undo.label}: done`;
            });
          }}
        >
          {undo.label}
        </button>
      )}
      <ul className="fac-snapshots" data-testid="snapshot-list">
        {snapshots.length === 0 && <li className="muted small">No snapshots yet</li>}
        {snapshots.map((snapshot) => (
          <li
            key={snapshot.id}
            className="fac-snapshot"
            data-testid="snapshot-row"
            data-snapshot-name={snapshot.name}
            data-kind={snapshot.kind}
          >
            {snapshot.hasThumbnail ? (
              <img className="fac-thumb" src={api.thumbnailUrl(snapshot.id)} alt="" />
            ) : (
              <div className="fac-thumb fac-thumb-empty">{FacIcons.restore()}</div>
            )}
            <div className="fac-grow">
              <div className="fac-snapshot-name">{snapshot.name}</div>
              <div className="muted small">
                {snapshot.kind === 'auto' ? 'automatic' : snapshot.author || 'named'} ·{' '}
                {new Date(snapshot.createdAt).toLocaleString()}
              </div>
              <div className="fac-row fac-actions">
                <button
                  type="button"
                  className="button button-ghost button-small"
                  data-testid="snapshot-preview"
                  onClick={() =>
                    void run(async () => {
                      onPreview({
                        name: snapshot.name,
                        state: await api.snapshotState(snapshot.id),
                      });
                      return undefined;
                    })
                  }
                >
                  Preview
                </button>
                <button
                  type="button"
                  className="button button-ghost button-small"
                  data-testid="snapshot-diff"
                  onClick={() => onCompare({ from: snapshot, to: null })}
                >
                  Changes since
                </button>
                {isFacilitator && (
                  <>
                    <button
                      type="button"
                      className="button button-ghost button-small"
                      data-testid="snapshot-restore"
                      disabled={busy}
                      onClick={() => {
                        if (
                          !window.confirm(
                            `Restore “${snapshot.name}”? Everyone sees the board change; an automatic snapshot is taken first.`,
                          )
                        )
                          return;
                        void run(async () => {
                          await api.restoreSnapshot(snapshot.id, thumbnail());
                          await refresh();
                          return `Restored “${snapshot.name}”`;
                        });
                      }}
                    >
                      Restore
                    </button>
                    <button
                      type="button"
                      className="button button-ghost button-small"
                      data-testid="snapshot-delete"
                      disabled={busy}
                      onClick={() => {
                        if (!window.confirm(`Delete “${snapshot.name}”?`)) return;
                        void run(async () => {
                          await api.deleteSnapshot(snapshot.id);
                          await refresh();
                          return undefined;
                        });
                      }}
                    >
                      Delete
                    </button>
                  </>
                )}
              </div>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
