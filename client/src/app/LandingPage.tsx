import { boardTitleValidator } from '@weboard/shared';
import { useState } from 'react';
import { Dialog } from '../ui/Dialog';
import { createBoard } from './api';
import { boardPath, loadRecentBoards, rememberBoard } from './recent-boards';
import { navigate } from './route';

const ROLE_LABEL = { facilitator: 'Facilitator', editor: 'Editor', viewer: 'Viewer' } as const;

function timeAgo(timestamp: number): string {
  const seconds = Math.round((Date.now() - timestamp) / 1000);
  if (seconds < 60) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return new Date(timestamp).toLocaleDateString();
}

/** `/`: what WeBoard is, a way to start a board, and the boards this browser has opened. */
export function LandingPage() {
  const [creating, setCreating] = useState(false);
  const [boards] = useState(loadRecentBoards);

  return (
    <main className="landing">
      <header className="landing-header">
        <Logo />
        <span className="landing-brand">WeBoard</span>
      </header>
      <section className="landing-hero">
        <h1>Think together, on one board.</h1>
        <p>
          WeBoard is a real-time collaborative whiteboard: sticky notes, live cursors and instant
          sync for your team's planning sessions.
        </p>
        <button
          type="button"
          className="button button-primary button-large"
          data-testid="new-board"
          onClick={() => setCreating(true)}
        >
          <span aria-hidden="true">＋</span> New board
        </button>
      </section>

      <section className="landing-recent" aria-labelledby="recent-heading">
        <h2 id="recent-heading">Your boards</h2>
        {boards.length === 0 ? (
          <p className="muted">Boards you create or open in this browser appear here.</p>
        ) : (
          <ul className="board-list" data-testid="recent-boards">
            {boards.map((board) => {
              const href = `/b/${encodeURIComponent(board.id)}?token=${encodeURIComponent(board.token)}`;
              return (
                <li key={board.id} data-testid="recent-board" data-board-id={board.id}>
                  <a
                    href={href}
                    onClick={(e) => {
                      if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
                      e.preventDefault();
                      navigate(href);
                    }}
                  >
                    <span className="board-card-swatch" aria-hidden="true" />
                    <span className="board-card-title">{board.title || 'Untitled board'}</span>
                    <span className={`role-pill role-${board.role}`}>{ROLE_LABEL[board.role]}</span>
                    <span className="board-card-time">{timeAgo(board.openedAt)}</span>
                  </a>
                </li>
              );
            })}
          </ul>
        )}
      </section>

      {creating && <NewBoardDialog onCancel={() => setCreating(false)} />}
    </main>
  );
}

function NewBoardDialog({ onCancel }: { onCancel(): void }) {
  const [title, setTitle] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const valid = boardTitleValidator.safeParse(title).success;

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const board = await createBoard(title.trim());
      const token = new URL(board.links.facilitator).searchParams.get('token') ?? '';
      rememberBoard({
        id: board.id,
        title: board.title,
        role: 'facilitator',
        token,
        links: board.links,
      });
      navigate(boardPath(board.links.facilitator));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };

  return (
    <Dialog
      title="New board"
      description="Give it a name; you can invite others with a link once it is open."
      submitLabel="Create board"
      submitTestId="create-board-submit"
      submitDisabled={!valid}
      busy={busy}
      error={error}
      onSubmit={() => void submit()}
      onCancel={onCancel}
    >
      <label className="field">
        <span>Title</span>
        <input
          data-testid="board-title-input"
          value={title}
          maxLength={200}
          placeholder="e.g. Q3 PI planning"
          onChange={(e) => setTitle(e.target.value)}
        />
      </label>
    </Dialog>
  );
}

export function Logo({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" className="logo">
      <rect x="5" y="6" width="22" height="22" rx="5" fill="#c4b5fd" />
      <rect x="3" y="3" width="22" height="22" rx="5" fill="#fde68a" />
      <path d="M8 10h12M8 14.5h9M8 19h6" stroke="#92400e" strokeWidth="2.2" strokeLinecap="round" />
    </svg>
  );
}
