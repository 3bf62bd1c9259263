import { isBacklogItem, newItemId, readAgenda, readVoteSession } from '@weboard/shared';
import type { BoardInfo, PresenceState } from '@weboard/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import type * as Y from 'yjs';
import type { Presence } from '../collab/presence';
import type { BoardEditor } from '../editor/editor';
import { useStore } from '../lib/store';
import { userId } from '../collab/identity';
import * as planning from '../planning/actions';
import { saveAgenda } from '../planning/facilitation-actions';
import { AgendaSection } from './AgendaSection';
import type { FacilitationApi, SnapshotSummary } from './api';
import type { Highlight } from './BoardOverlay';
import { BoardFileSection } from './BoardFileSection';
import { DecisionsSection } from './DecisionsSection';
import { DiffView } from './DiffView';
import type { Comparison } from './DiffView';
import { People } from './People';
import { useSessionRecords } from './session-records';
import { SessionControls } from './SessionControls';
import { SnapshotsSection } from './SnapshotsSection';
import { registerStepAction } from './step-actions';
import { SummarySection } from './SummarySection';
import { thumbnail } from './thumbnail';

export interface SessionPanelProps {
  info: BoardInfo;
  doc: Y.Doc;
  editor: BoardEditor;
  presence: Presence;
  self: PresenceState['user'];
  api: FacilitationApi;
  isFacilitator: boolean;
  following: { clientId: number } | null;
  onHighlights(highlights: readonly Highlight[]): void;
  onPreview(preview: { name: string; state: Uint8Array } | null): void;
  onClose(): void;
}

/**
 * The session panel, in the order a facilitator needs it in a room: session tools, the agenda and
 * snapshots first, then the changes list, decisions, the summary and the board file; people
 * management last, collapsed and searchable (35 rows must not push the rest below the fold).
 */
export function SessionPanel(props: SessionPanelProps) {
  const { api, isFacilitator, editor, doc, presence, self, onHighlights, onPreview, info } = props;
  const [snapshots, setSnapshots] = useState<SnapshotSummary[]>([]);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const [comparison, setComparison] = useState<Comparison | null>(null);
  const remote = useStore(presence.people);
  const { agenda, decisions } = useSessionRecords(doc);

  // Which list request is the newest: the panel's first list can still be on its way when a save
  // asks for the list again, and an older answer arriving last must not hide the new snapshot.
  const listRequests = useRef(0);
  /** Reloads the list; throws when it cannot, so a task that saved says the list is stale. */
  const refresh = useCallback(async () => {
    const request = ++listRequests.current;
    let listed: SnapshotSummary[];
    try {
      listed = await api.listSnapshots();
    } catch (err) {
      if (request !== listRequests.current) return;
      throw new Error(`The snapshot list could not be loaded: ${(err as Error).message}`);
    }
    if (request === listRequests.current) setSnapshots(listed);
  }, [api]);
  useEffect(() => {
    refresh().catch((err: Error) => setMessage({ error: true, text: err.message }));
  }, [refresh]);

  // What starting an agenda step can do here (private rounds register their own handler).
  useEffect(() => {
    if (!isFacilitator) return;
    const offSnapshot = registerStepAction('snapshot', async ({ step }) => {
      const name = `Start of “${step.title}”`;
      const saved = await api.saveSnapshot(name, self.name, thumbnail());
      const current = readAgenda(doc);
      // The first snapshot of the session is what the summary compares the end with.
      if (current && !current.baselineSnapshotId)
        saveAgenda(editor, { ...current, baselineSnapshotId: saved.id });
      await refresh();
      return `Saved “${name}”`;
    });
    const offVote = registerStepAction('vote', async () => {
      const budget = readVoteSession(doc).budget || 5;
      const started = planning.startVote(editor, {
        id: newItemId(),
        budget,
        startedBy: userId(),
        itemIds: editor.items
          .get()
          .filter(isBacklogItem)
          .map((item) => item.id),
      });
      return started ? `Vote started (${budget} votes each)` : 'The vote could not start';
    });
    // The server's private round; the drafting and the reveal are the private-round UI's.
    const offPrivate = registerStepAction('private', async ({ by }) => {
      await api.startPrivateRound(by);
      return 'Private round started: teams draft unseen until the reveal';
    });
    return () => {
      offSnapshot();
      offVote();
      offPrivate();
    };
  }, [api, doc, editor, isFacilitator, refresh, self.name]);

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

  return (
    <aside className="panel fac-panel" data-testid="facilitation-panel">
      <div className="fac-panel-head">
        <strong>{isFacilitator ? 'Facilitation' : 'Snapshots'}</strong>
        <button
          type="button"
          className="button button-ghost button-small"
          aria-label="Close"
          onClick={props.onClose}
        >
          ×
        </button>
      </div>

      {message && (
        <p className={message.error ? 'fac-error' : 'fac-note'} data-testid="facilitation-message">
          {message.text}
        </p>
      )}

      {isFacilitator && (
        <SessionControls
          editor={editor}
          presence={presence}
          self={self}
          following={props.following}
        />
      )}

      <AgendaSection
        editor={editor}
        agenda={agenda}
        isFacilitator={isFacilitator}
        by={self.name}
        run={run}
        busy={busy}
      />

      <SnapshotsSection
        api={api}
        isFacilitator={isFacilitator}
        self={self}
        snapshots={snapshots}
        refresh={refresh}
        run={run}
        busy={busy}
        onPreview={onPreview}
        onCompare={setComparison}
      />

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

      <DecisionsSection
        editor={editor}
        decisions={decisions}
        agenda={agenda}
        isFacilitator={isFacilitator}
        by={self.name}
      />

      {isFacilitator && (
        <SummarySection
          api={api}
          doc={doc}
          title={info.title}
          agenda={agenda}
          decisions={decisions}
          snapshots={snapshots}
          run={run}
          busy={busy}
        />
      )}

      <BoardFileSection
        api={api}
        editor={editor}
        isFacilitator={isFacilitator}
        info={info}
        run={run}
        busy={busy}
      />

      {isFacilitator && <People api={api} remote={remote} self={self} run={run} busy={busy} />}
    </aside>
  );
}
