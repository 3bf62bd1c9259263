import type { BoardInfo, PresenceState } from '@weboard/shared';
import { useEffect, useMemo, useState } from 'react';
import type * as Y from 'yjs';
import type { BoardConnection } from '../collab/connection';
import type { Presence } from '../collab/presence';
import type { BoardEditor } from '../editor/editor';
import { useStore } from '../lib/store';
import { BesideHeader, HeaderTool } from '../ui/header-slot';
import { sideDock, toggleSidePanel } from '../ui/side-dock';
import { facilitationApi } from './api';
import { AgendaBadge } from './AgendaBadge';
import { BoardOverlay } from './BoardOverlay';
import type { Highlight } from './BoardOverlay';
import { PrivateRoundBar } from './PrivateRoundBar';
import { onRoleGrant } from '../collab/role-grant';
import { applySessionMoves, useSessionState } from './session-state';
import { useSessionRecords } from './session-records';
import { SessionPanel } from './SessionPanel';
import { SnapshotPreview } from './SnapshotPreview';
import { TimerBadge } from './TimerBadge';

export interface FacilitationProps {
  info: BoardInfo;
  token: string;
  doc: Y.Doc;
  editor: BoardEditor;
  presence: Presence;
  connection: BoardConnection;
  self: PresenceState['user'];
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
  const { agenda } = useSessionRecords(doc);
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
      <BesideHeader>
        <div className="fac-top-center">
          <AgendaBadge agenda={agenda} />
          <TimerBadge editor={editor} timer={state.timer} isFacilitator={isFacilitator} />
          <PrivateRoundBar
            boardId={info.id}
            token={token}
            doc={doc}
            connection={connection}
            isFacilitator={isFacilitator}
            by={self.name}
          />
        </div>
      </BesideHeader>
      {roleChange && (
        <div className="fac-toast" role="status" data-testid="role-granted">
          {roleChange}
        </div>
      )}
      <HeaderTool>
        <button
          type="button"
          className="header-tool fac-open"
          data-testid="facilitation-button"
          aria-expanded={open}
          onClick={() => toggleSidePanel('facilitation')}
        >
          {isFacilitator ? 'Facilitate' : 'Snapshots'}
        </button>
      </HeaderTool>
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
