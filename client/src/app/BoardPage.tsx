import type { BoardInfo, PresenceState } from '@weboard/shared';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { BoardCanvas } from '../canvas/BoardCanvas';
import { download, exportPng } from '../canvas/export';
import { colorFor, loadDisplayName, saveDisplayName, userId } from '../collab/identity';
import { useStore } from '../lib/store';
import { DisconnectedBanner } from '../ui/DisconnectedBanner';
import { EditorContext } from '../editor/editor-context';
import { ErrorScreen } from '../ui/ErrorScreen';
import { LoadingOverlay, useOpeningStage } from '../ui/LoadingOverlay';
import { Logo } from '../ui/Logo';
import { NameDialog } from '../ui/NameDialog';
import { besideHeaderSlot, headerSlot } from '../ui/header-slot';
import { PresencePanel, RemoteCursorList } from '../ui/PresencePanel';
import { Icons } from '../ui/icons';
import { Minimap } from '../ui/Minimap';
import { SelectionToolbar } from '../ui/SelectionToolbar';
import { ContextMenu } from '../ui/ContextMenu';
import { FindBar } from '../ui/FindBar';
import { SharePanel } from '../ui/SharePanel';
import { useBoardShortcuts } from '../ui/shortcuts';
import { ImageNotice } from '../ui/ImageButton';
import { useImageInput } from '../ui/image-input';
import { MergeToast, StatusBadge } from '../ui/StatusBadge';
import { FacilitatorShare } from '../facilitation/FacilitatorShare';
import { TextEditor } from '../ui/TextEditor';
import { BurstPicker } from '../ui/BurstPicker';
import { Toolbar } from '../ui/Toolbar';
import { ZoomControls } from '../ui/ZoomControls';
import { ApiRequestError } from './api';
import { boardInfo } from './board-info';
import { findRecentBoard, rememberBoard, resolveToken } from './recent-boards';
import type { RecentBoard } from './recent-boards';
import { navigate } from './route';
import { PlanningContext } from '../planning/context';
import { PlanningConnectorStyle, PlanningLayer, useTeamLabel } from '../planning/PlanningLayer';
import { useBoardPanels } from './panels';
import { useSession } from './session';
// The panels' styles load with the page (eager parts use some of their rules); their code later.
import '../planning/planning.css';
import '../facilitation/facilitation.css';
import '../comments/comments.css';
import type { Session } from './session';

/** The planning layer in the canvas's items slot: team bands, scores and loads over the cards in view. */
const planningOverlay = (ids: readonly string[]) => <PlanningLayer ids={ids} />;

type Load =
  | { state: 'loading' }
  | { state: 'ready'; info: BoardInfo; token: string }
  | { state: 'error'; error: ApiRequestError };

const ERROR_COPY: Record<number, { title: string; message: string }> = {
  0: {
    title: 'Cannot reach WeBoard',
    message: 'The server did not answer. Check your connection and try again.',
  },
  401: {
    title: 'This link does not work',
    message: 'Its access token is missing, invalid or expired. Ask the board owner for a new link.',
  },
  403: {
    title: 'No access to this board',
    message: 'Your link does not give access to this board.',
  },
  404: {
    title: 'Board not found',
    message: 'There is no board at this address. It may have been deleted, or the link is wrong.',
  },
};

/** `/b/:boardId`: checks the link, then opens the live board. */
export default function BoardPage({ boardId }: { boardId: string }) {
  const [token] = useState(() => resolveToken(boardId, window.location.search));
  const [load, setLoad] = useState<Load>(() =>
    token
      ? { state: 'loading' }
      : {
          state: 'error',
          error: new ApiRequestError(401, 'WB_ERR_UNAUTHORIZED', 'This link has no access token.'),
        },
  );
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!token) return;
    let cancelled = false;
    const fail = (error: ApiRequestError) => !cancelled && setLoad({ state: 'error', error });
    boardInfo(boardId, token).then(
      (info) => {
        if (cancelled) return;
        rememberBoard({ id: info.id, title: info.title, role: info.role, token });
        setLoad({ state: 'ready', info, token });
      },
      (error: unknown) => {
        const failure =
          error instanceof ApiRequestError
            ? error
            : new ApiRequestError(0, 'WB_ERR_UNKNOWN', String(error));
        // Offline (or the server is down): open a board we know from this browser's own copy.
        const known = failure.status === 0 ? findRecentBoard(boardId) : undefined;
        if (known && known.token === token && !cancelled) {
          setLoad({ state: 'ready', info: offlineInfo(known), token });
          return;
        }
        fail(failure);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [boardId, token, attempt]);

  if (load.state === 'loading') {
    return (
      <main className="loading-screen" data-testid="board-loading">
        <Logo size={40} />
        <p>Opening board…</p>
      </main>
    );
  }
  if (load.state === 'error') {
    const copy = ERROR_COPY[load.error.status] ?? {
      title: 'Something went wrong',
      message: load.error.message,
    };
    return (
      <ErrorScreen
        title={copy.title}
        message={copy.message}
        code={load.error.status}
        onRetry={
          load.error.status === 0 || load.error.status >= 500
            ? () => {
                setLoad({ state: 'loading' });
                setAttempt((a) => a + 1);
              }
            : undefined
        }
      />
    );
  }
  return <LiveBoard key={`${boardId}:${load.token}`} info={load.info} token={load.token} />;
}

function offlineInfo(board: RecentBoard): BoardInfo {
  return { id: board.id, title: board.title, role: board.role, createdAt: '' };
}

function LiveBoard({ info, token }: { info: BoardInfo; token: string }) {
  const [name, setName] = useState<string | null>(loadDisplayName);
  const [renaming, setRenaming] = useState(false);
  const color = useMemo(() => colorFor(userId()), []);
  const user = useMemo(
    () => ({ name: name ?? 'Guest', color, role: info.role }),
    [name, color, info.role],
  );
  const session = useSession(info, token, user);

  useEffect(() => {
    document.title = `${info.title || 'Untitled board'} · WeBoard`;
    return () => {
      document.title = 'WeBoard';
    };
  }, [info.title]);

  const saveName = useCallback((next: string) => {
    saveDisplayName(next);
    setName(next);
    setRenaming(false);
  }, []);

  if (!session) return <main className="loading-screen" />;
  return (
    <EditorContext.Provider value={session.editor}>
      <PlanningContext.Provider value={session.planning}>
        <WhenBoardThere session={session}>
          <BoardView
            info={info}
            token={token}
            session={session}
            self={user}
            onRename={() => setRenaming(true)}
          />
        </WhenBoardThere>
      </PlanningContext.Provider>
      {(name === null || renaming) && (
        <NameDialog
          initialName={name ?? ''}
          onSave={saveName}
          onCancel={name === null ? undefined : () => setRenaming(false)}
        />
      )}
    </EditorContext.Provider>
  );
}

/**
 * The board view once the board is there (useOpeningStage: this browser's copy with items, the
 * server's first sync, offline or refused), the opening progress alone until then. The view then
 * mounts and paints once, with the board's items, instead of empty first: at 10,000 notes the
 * empty board's mount and paint (~150 ms) also delayed the board's bytes, which the page reads
 * off the socket on the main thread between its tasks.
 */
function WhenBoardThere({ session, children }: { session: Session; children: ReactNode }) {
  const stage = useOpeningStage(session.connection, session.editor);
  if (stage === 'done') return children;
  return (
    <main className="loading-screen">
      <LoadingOverlay connection={session.connection} stage={stage} />
    </main>
  );
}

interface BoardViewProps {
  info: BoardInfo;
  token: string;
  session: Session;
  self: PresenceState['user'];
  onRename(): void;
}

/** The title bar's tool slot, where the planning and facilitation panels put their buttons. */
const setHeaderSlot = (element: HTMLDivElement | null) => headerSlot.set(element);
const setBesideHeaderSlot = (element: HTMLDivElement | null) => besideHeaderSlot.set(element);

function BoardView({ info, token, session, self: given, onRename }: BoardViewProps) {
  const { editor, connection, presence } = session;
  // The colour others see us in, which presence may change so that no two cursors look alike.
  const color = useStore(presence.color);
  const self = useMemo(() => ({ ...given, color }), [given, color]);
  const status = useStore(connection.status);
  const fatal = useStore(connection.fatal);
  const localLoaded = useStore(connection.localLoaded);
  // Who is here, not where they point: this view re-renders when people come and go.
  const people = useStore(presence.people);
  const myTeam = useStore(session.planning.myTeam);
  const teamLabel = useTeamLabel();
  const editingId = useStore(editor.editingId);
  const following = useStore(editor.following);
  const merged = useStore(connection.merged);
  const empty = useStore(editor.items.order).length === 0;
  const readOnly = useStore(editor.readOnly);
  const canEdit = readOnly.length === 0;
  const editing = editingId ? editor.items.byId(editingId) : undefined;
  const followed = people.find((peer) => peer.clientId === following);
  const [exporting, setExporting] = useState(false);
  const exportBoard = async () => {
    setExporting(true);
    try {
      const selectionOnly = editor.selection.get().length > 0;
      const blob = await exportPng(editor, selectionOnly);
      if (blob) download(blob, `${(info.title || 'board').replace(/[^\w.-]+/g, '-')}.png`);
    } finally {
      setExporting(false);
    }
  };
  const links = findRecentBoard(info.id)?.links ?? {};
  // Planning, facilitation and comments come once the board is drawn (this view mounts with the
  // board, see WhenBoardThere).
  const opened =
    status === 'live' || status === 'offline' || Boolean(fatal) || (localLoaded && !empty);
  const panels = useBoardPanels(opened);
  useBoardShortcuts(editor);
  useImageInput(editor);

  return (
    <div className="board" data-role={info.role}>
      <PlanningConnectorStyle>
        <BoardCanvas presence={presence} itemsOverlay={planningOverlay} teamOf={teamLabel} />
      </PlanningConnectorStyle>
      {editing && <TextEditor key={editing.id} item={editing} />}
      {followed && (
        <div
          className="follow-frame"
          style={{ borderColor: followed.user.color }}
          data-testid="follow-frame"
        >
          <span className="follow-label" style={{ background: followed.user.color }}>
            Following {followed.user.name}
            <button type="button" onClick={() => editor.follow(null)} aria-label="Stop following">
              ×
            </button>
          </span>
        </div>
      )}
      <SelectionToolbar />
      <ContextMenu />
      <FindBar />

      <div className="top-left-row">
        <header className="floating-toolbar board-title-bar">
          <a
            href="/"
            className="home-link"
            title="All boards"
            onClick={(e) => {
              e.preventDefault();
              navigate('/');
            }}
          >
            <Logo size={24} />
          </a>
          <span className="toolbar-divider" />
          <h1 className="board-title" data-testid="board-title">
            {info.title || 'Untitled board'}
          </h1>
          <span className={`role-pill role-${info.role}`} data-testid="role">
            {info.role}
          </span>
          <div className="header-tools" ref={setHeaderSlot} data-testid="header-tools" />
        </header>
        <div className="beside-header" ref={setBesideHeaderSlot} />
      </div>

      <div className="top-right">
        <div className="top-right-row">
          <StatusBadge status={status} fatal={fatal} />
          <button
            type="button"
            className="button button-ghost export-button"
            data-testid="export-png"
            title="Export the board (or the selection) as PNG"
            disabled={exporting || empty}
            onClick={() => void exportBoard()}
          >
            {Icons.download()} Export
          </button>
          {info.role === 'facilitator' ? (
            <FacilitatorShare boardId={info.id} token={token} />
          ) : (
            <SharePanel links={links} />
          )}
        </div>
        <PresencePanel
          self={self}
          people={people}
          onRename={onRename}
          following={following}
          onFollow={(clientId) => editor.follow(clientId)}
          selfTeamId={myTeam}
          teamOf={teamLabel}
        />
      </div>

      {info.role === 'viewer' && (
        <div className="viewer-banner" data-testid="viewer-banner" role="note">
          <EyeIcon /> View only — you can watch and follow, but not edit
        </div>
      )}

      {readOnly.includes('newer-schema') && (
        <div className="viewer-banner" data-testid="newer-schema-banner" role="note">
          This board was saved by a newer version of WeBoard, so it opens read-only here. Reload the
          page to get the newest version.
        </div>
      )}

      {fatal && <DisconnectedBanner fatal={fatal} doc={session.doc} title={info.title} />}

      {empty && canEdit && status !== 'connecting' && (
        <p className="empty-hint">
          Double-click anywhere or press <kbd>S</kbd> to add a sticky note
        </p>
      )}

      {panels && <panels.PlanningUi />}
      <Toolbar />
      <BurstPicker presence={presence} />
      <ZoomControls />
      <Minimap editor={editor} presence={presence} />
      <MergeToast notice={merged} />
      <ImageNotice />
      {panels && (
        <panels.Facilitation
          info={info}
          token={token}
          doc={session.doc}
          editor={editor}
          presence={presence}
          connection={connection}
          self={self}
        />
      )}
      {panels && <panels.Comments boardId={info.id} name={self.name} presence={presence} />}
      <RemoteCursorList presence={presence} />
    </div>
  );
}

function EyeIcon() {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" fill="none" aria-hidden="true">
      <path
        d="M2 12s3.6-7 10-7 10 7 10 7-3.6 7-10 7S2 12 2 12z"
        stroke="currentColor"
        strokeWidth="1.8"
      />
      <circle cx="12" cy="12" r="3" stroke="currentColor" strokeWidth="1.8" />
    </svg>
  );
}
