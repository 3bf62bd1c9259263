import { boardDiffToCsv, diffBoards, readBoardContent } from '@weboard/shared';
import type {
  BoardChange,
  BoardContent,
  BoardGrant,
  BoardInfo,
  PresenceState,
} from '@weboard/shared';
import { useCallback, useEffect, useMemo, useState } from 'react';
import * as Y from 'yjs';
import { download } from '../canvas/export';
import type { BoardConnection } from '../collab/connection';
import type { Presence } from '../collab/presence';
import type { BoardEditor } from '../editor/editor';
import { useStore } from '../editor/store';
import { sideDock, toggleSidePanel } from '../ui/side-dock';
import { facilitationApi } from './api';
import type { FacilitationApi, SnapshotSummary } from './api';
import { BoardOverlay } from './BoardOverlay';
import type { Highlight } from './BoardOverlay';
import { FacIcons } from './icons';
import { onRoleGrant } from './role-grant';
import { applySessionMoves, session, useSessionState } from './session-state';
import { ShareDialog } from './ShareDialog';
import { SnapshotPreview } from './SnapshotPreview';
import { TimerBadge } from './TimerBadge';
import './facilitation.css';

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
interface Comparison {
  from: SnapshotSummary;
  /** null: the live board. */
  to: SnapshotSummary | null;
}

function contentOf(state: Uint8Array): { content: BoardContent; doc: Y.Doc } {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return { content: readBoardContent(doc), doc };
}

function fileSafe(title: string): string {
  return (title || 'board').replace(/[^\w.-]+/g, '-');
}

export interface FacilitationProps {
  info: BoardInfo;
  token: string;
  doc: Y.Doc;
  editor: BoardEditor;
  presence: Presence;
  connection: BoardConnection;
  self: PresenceState['user'];
}

/** The facilitator's share dialog (editor and viewer links, copy, rotate). */
export function FacilitatorShare({ boardId, token }: { boardId: string; token: string }) {
  const api = useMemo(() => facilitationApi(boardId, token), [boardId, token]);
  return <ShareDialog api={api} />;
}

/**
 * Everything of facilitation on a board page: the session timer everyone sees, summon and follow
 * applied to this person's camera, lock icons, and the session panel (snapshots with preview, diff
 * and restore; session controls; board file; roles).
 */
export function Facilitation(props: FacilitationProps) {
  const { info, token, doc, editor, presence, connection, self } = props;
  const api = useMemo(() => facilitationApi(info.id, token), [info.id, token]);
  const isFacilitator = info.role === 'facilitator';
  const state = useSessionState(doc);
  // The session panel shares the side dock with the planning panel: one open at a time.
  const open = useStore(sideDock) === 'facilitation';
  const [highlights, setHighlights] = useState<readonly Highlight[]>([]);
  const [preview, setPreview] = useState<{ name: string; state: Uint8Array } | null>(null);
  const [roleChange, setRoleChange] = useState<string | null>(null);

  useEffect(() => applySessionMoves(doc, editor, presence.localClientId), [doc, editor, presence]);
  // "Read only; the live board is unchanged" must be true: nothing changes it while previewing.
  const previewing = preview !== null;
  useEffect(() => {
    if (!previewing) return;
    editor.setReadOnly('preview', true);
    return () => editor.setReadOnly('preview', false);
  }, [editor, previewing]);
  useEffect(
    () =>
      onRoleGrant(connection.provider, (grant) => {
        setRoleChange(
          grant.role === 'facilitator'
            ? `${grant.by || 'A facilitator'} made you a facilitator — reopening the board…`
            : 'A facilitator took your facilitator rights back — reopening the board as an editor…',
        );
        // A short pause so the person can read why the page reloads.
        setTimeout(() => {
          window.location.assign(
            `/b/${encodeURIComponent(info.id)}?token=${encodeURIComponent(grant.token)}`,
          );
        }, 1200);
      }),
    [connection, info.id],
  );

  return (
    <>
      <BoardOverlay editor={editor} highlights={highlights} />
      <div className="fac-top-center">
        <TimerBadge editor={editor} timer={state.timer} isFacilitator={isFacilitator} />
      </div>
      {roleChange && (
        <div className="fac-toast" role="status" data-testid="role-granted">
          {roleChange}
        </div>
      )}
      <button
        type="button"
        className="button button-small fac-open"
        data-testid="facilitation-button"
        aria-expanded={open}
        onClick={() => toggleSidePanel('facilitation')}
      >
        {isFacilitator ? 'Facilitate' : 'Snapshots'}
      </button>
      {open && (
        <SessionPanel
          {...props}
          api={api}
          isFacilitator={isFacilitator}
          following={state.follow}
          onHighlights={setHighlights}
          onPreview={setPreview}
          onClose={() => sideDock.set(null)}
        />
      )}
      {preview && (
        <SnapshotPreview
          name={preview.name}
          state={preview.state}
          user={self}
          onClose={() => setPreview(null)}
        />
      )}
    </>
  );
}

interface SessionPanelProps extends FacilitationProps {
  api: FacilitationApi;
  isFacilitator: boolean;
  following: { clientId: number } | null;
  onHighlights(highlights: readonly Highlight[]): void;
  onPreview(preview: { name: string; state: Uint8Array } | null): void;
  onClose(): void;
}

function SessionPanel(props: SessionPanelProps) {
  const { api, isFacilitator, editor, doc, presence, self, onHighlights, onPreview, info } = props;
  const [snapshots, setSnapshots] = useState<SnapshotSummary[]>([]);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const [comparison, setComparison] = useState<Comparison | null>(null);
  const remote = useStore(presence.people);
  const selection = useStore(editor.selection);

  const refresh = useCallback(async () => {
    try {
      setSnapshots(await api.listSnapshots());
    } catch (err) {
      setMessage({ error: true, text: (err as Error).message });
    }
  }, [api]);
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- loads the list from the server
    void refresh();
  }, [refresh]);

  const run = async (what: () => Promise<string | undefined>) => {
    setBusy(true);
    setMessage(null);
    try {
      const text = await what();
      if (text) setMessage({ error: false, text });
    } catch (err) {
      setMessage({ error: true, text: (err as Error).message });
    } finally {
      setBusy(false);
    }
  };

  const save = () =>
    run(async () => {
      const snapshotName = name.trim() || `Snapshot ${new Date().toLocaleTimeString()}`;
      await api.saveSnapshot(snapshotName, self.name, thumbnail());
      setName('');
      await refresh();
      return `Saved “${snapshotName}”`;
    });

  const selectedLockable = selection
    .map((id) => editor.lookup(id))
    .filter((item) => item && item.type !== 'connector' && item.type !== 'pen');
  const allLocked =
    selectedLockable.length > 0 &&
    selectedLockable.every((item) => (item as { locked?: boolean }).locked === true);

  return (
    <aside className="panel fac-panel" data-testid="facilitation-panel">
      <div className="fac-panel-head">
        <strong>{isFacilitator ? 'Facilitation' : 'Snapshots'}</strong>
        <button type="button" className="button button-ghost button-small" onClick={props.onClose}>
          ×
        </button>
      </div>

      {isFacilitator && (
        <section className="fac-section">
          <h3>Session</h3>
          <div className="fac-row">
            <button
              type="button"
              className="button button-small"
              data-testid="summon"
              onClick={() => session.summon(editor, self.name)}
            >
              Bring everyone to me
            </button>
            {props.following?.clientId === presence.localClientId ? (
              <button
                type="button"
                className="button button-small"
                data-testid="stop-follow-me"
                onClick={() => session.stopFollow(editor)}
              >
                Stop “follow me”
              </button>
            ) : (
              <button
                type="button"
                className="button button-small"
                data-testid="follow-me"
                onClick={() => session.followMe(editor, presence.localClientId, self.name)}
              >
                Follow me
              </button>
            )}
          </div>
          <div className="fac-row">
            <button
              type="button"
              className="button button-small"
              data-testid="lock-selection"
              disabled={selectedLockable.length === 0}
              onClick={() => {
                for (const item of selectedLockable)
                  editor.updateItem(item!.id, { locked: !allLocked });
              }}
            >
              {allLocked ? FacIcons.unlock() : FacIcons.lock()}
              {allLocked ? ' Unlock selection' : ' Lock selection'}
            </button>
          </div>
          <People api={api} remote={remote} self={self} run={run} busy={busy} />
        </section>
      )}

      <section className="fac-section">
        <h3>Snapshots</h3>
        {isFacilitator && (
          <div className="fac-row">
            <input
              className="fac-input fac-grow"
              data-testid="snapshot-name"
              placeholder="Name, e.g. After PI planning"
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
                    onClick={() => setComparison({ from: snapshot, to: null })}
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
                            await api.restoreSnapshot(snapshot.id);
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

      {comparison && (
        <DiffView
          api={api}
          editor={editor}
          doc={doc}
          comparison={comparison}
          snapshots={snapshots}
          title={info.title}
          onChange={setComparison}
          onHighlights={onHighlights}
        />
      )}

      <BoardFileSection {...props} run={run} busy={busy} />

      {message && (
        <p className={message.error ? 'fac-error' : 'fac-note'} data-testid="facilitation-message">
          {message.text}
        </p>
      )}
    </aside>
  );
}

/** A small PNG of what the canvas shows now, for the snapshot list (Konva's stage.toDataURL). */
function thumbnail(): string | undefined {
  const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="board-canvas"] canvas');
  if (!canvas || canvas.width === 0) return undefined;
  const width = 240;
  const height = Math.max(1, Math.round((canvas.height / canvas.width) * width));
  const small = document.createElement('canvas');
  small.width = width;
  small.height = height;
  const context = small.getContext('2d');
  if (!context) return undefined;
  context.fillStyle = '#f8fafc';
  context.fillRect(0, 0, width, height);
  for (const layer of document.querySelectorAll<HTMLCanvasElement>(
    '[data-testid="board-canvas"] canvas',
  )) {
    context.drawImage(layer, 0, 0, width, height);
  }
  return small.toDataURL('image/png');
}

function DiffView({
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

function BoardFileSection({
  api,
  editor,
  isFacilitator,
  info,
  run,
  busy,
}: SessionPanelProps & {
  run(what: () => Promise<string | undefined>): Promise<void>;
  busy: boolean;
}) {
  const pdf = (perFrame: boolean) =>
    run(async () => {
      // jsPDF is loaded on first use: it is a large part of the bundle and costs every opening.
      const { exportPdf } = await import('./pdf');
      const blob = await exportPdf(editor, perFrame);
      if (!blob) return 'The board is empty';
      download(blob, `${fileSafe(info.title)}.pdf`);
      return undefined;
    });
  return (
    <section className="fac-section">
      <h3>Board file</h3>
      <div className="fac-row">
        <a
          className="button button-ghost button-small"
          data-testid="export-json"
          href={api.exportUrl('json')}
          download
        >
          Export JSON
        </a>
        <button
          type="button"
          className="button button-ghost button-small"
          data-testid="export-pdf"
          disabled={busy}
          onClick={() => void pdf(false)}
        >
          PDF
        </button>
        <button
          type="button"
          className="button button-ghost button-small"
          data-testid="export-pdf-frames"
          disabled={busy}
          onClick={() => void pdf(true)}
        >
          PDF per frame
        </button>
      </div>
      {isFacilitator && (
        <label className="fac-row small">
          Import a board file (replaces the board; undo by restoring the automatic snapshot)
          <input
            type="file"
            accept="application/json,.json"
            data-testid="import-json"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (!file) return;
              void run(async () => {
                let json: unknown;
                try {
                  json = JSON.parse(await file.text());
                } catch {
                  throw new Error('This file is not JSON');
                }
                await api.importBoardFile(json);
                return `Imported ${file.name}`;
              });
            }}
          />
        </label>
      )}
    </section>
  );
}

/**
 * People on the board, for facilitators: a filterable list of who is connected (promote an editor,
 * remove anyone) and of the personal facilitator grants (demote). Removing someone on a shared
 * link only closes their connection; rotate that link to keep them out.
 */
function People({
  api,
  remote,
  self,
  run,
  busy,
}: {
  api: FacilitationApi;
  remote: readonly { clientId: number; user: PresenceState['user'] }[];
  self: PresenceState['user'];
  run(what: () => Promise<string | undefined>): Promise<void>;
  busy: boolean;
}) {
  const [grants, setGrants] = useState<BoardGrant[]>([]);
  const [filter, setFilter] = useState('');
  const reload = useCallback(async () => setGrants(await api.grants()), [api]);
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- loads the list from the server
    reload().catch(() => setGrants([]));
  }, [reload]);
  const needle = filter.trim().toLowerCase();
  const matches = (name: string) => !needle || name.toLowerCase().includes(needle);
  const people = remote.filter((peer) => matches(peer.user.name));
  const shownGrants = grants.filter((grant) => matches(grant.name));
  if (remote.length === 0 && grants.length === 0) return null;
  return (
    <div className="fac-people" data-testid="people">
      {remote.length + grants.length > 5 && (
        <input
          className="fac-input"
          data-testid="people-filter"
          placeholder="Find a person"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
      )}
      {people.map((peer) => (
        <div key={peer.clientId} className="fac-row" data-testid={`person-${peer.clientId}`}>
          <span className="fac-grow">
            {peer.user.name} <span className="muted small">{peer.user.role}</span>
          </span>
          {peer.user.role === 'editor' && (
            <button
              type="button"
              className="button button-ghost button-small"
              data-testid={`promote-${peer.clientId}`}
              disabled={busy}
              onClick={() =>
                void run(async () => {
                  await api.promote(peer.clientId, self.name, peer.user.name);
                  await reload();
                  return `${peer.user.name} is now a facilitator`;
                })
              }
            >
              Make facilitator
            </button>
          )}
          <button
            type="button"
            className="button button-ghost button-small"
            data-testid={`remove-${peer.clientId}`}
            disabled={busy}
            title="Disconnect this person (and take back rights given to them)"
            onClick={() => {
              if (!window.confirm(`Remove ${peer.user.name} from the board?`)) return;
              void run(async () => {
                await api.removePerson(peer.clientId);
                await reload();
                return `${peer.user.name} was removed; rotate the link they used to keep them out`;
              });
            }}
          >
            Remove
          </button>
        </div>
      ))}
      {shownGrants.length > 0 && <div className="muted small">Facilitator rights given</div>}
      {shownGrants.map((grant) => (
        <div key={grant.id} className="fac-row" data-testid="grant-row" data-grant-id={grant.id}>
          <span className="fac-grow">
            {grant.name}{' '}
            {grant.grantedBy && <span className="muted small">by {grant.grantedBy}</span>}
          </span>
          <button
            type="button"
            className="button button-ghost button-small"
            data-testid={`demote-${grant.id}`}
            disabled={busy}
            onClick={() =>
              void run(async () => {
                await api.demote(grant.id);
                await reload();
                return `${grant.name} is an editor again`;
              })
            }
          >
            Demote
          </button>
        </div>
      ))}
    </div>
  );
}
