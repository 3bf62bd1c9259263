import { BOARD_TEMPLATES, boardTitleValidator } from '@weboard/shared';
import type { ColorName } from '@weboard/shared';
import { useState } from 'react';
import { Dialog } from '../ui/Dialog';
import { Logo } from '../ui/Logo';
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
        <div className="hero-notes" aria-hidden="true">
          <div className="hero-note hero-note-yellow">Ship the new onboarding</div>
          <div className="hero-note hero-note-violet">Sync with the API team</div>
          <div className="hero-note hero-note-green">Retro on Friday, bring ideas!</div>
          <div className="hero-cursor">
            <svg width="18" height="22" viewBox="0 0 16 22">
              <path d="M1 1 L1 17.5 L5.6 13.4 L8.7 20.2 L11.6 18.9 L8.6 12.3 L14.6 12.1 Z" />
            </svg>
            <span>Maya</span>
          </div>
        </div>
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
          <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true">
            <path
              d="M12 5v14M5 12h14"
              stroke="currentColor"
              strokeWidth="2.4"
              strokeLinecap="round"
            />
          </svg>
          New board
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

/** Colours given to the teams typed in the new-board dialog, in order. */
const TEAM_COLORS: ColorName[] = [
  'blue',
  'green',
  'orange',
  'violet',
  'teal',
  'pink',
  'yellow',
  'red',
];

function NewBoardDialog({ onCancel }: { onCancel(): void }) {
  const [title, setTitle] = useState('');
  const [template, setTemplate] = useState('');
  const [teams, setTeams] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const valid = boardTitleValidator.safeParse(title).success;

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const teamList = teams
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean)
        .slice(0, 20)
        .map((name, i) => ({
          name: name.slice(0, 100),
          color: TEAM_COLORS[i % TEAM_COLORS.length]!,
        }));
      const board = await createBoard(title.trim(), {
        ...(template ? { template } : {}),
        ...(teamList.length > 0 ? { teams: teamList } : {}),
      });
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
      <label className="field">
        <span>Start from</span>
        <select
          data-testid="board-template"
          value={template}
          onChange={(e) => setTemplate(e.target.value)}
        >
          <option value="">Blank board</option>
          {BOARD_TEMPLATES.map((t) => (
            <option key={t.id} value={t.id} title={t.description}>
              {t.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Teams (comma-separated, optional)</span>
        <input
          data-testid="board-teams-input"
          value={teams}
          maxLength={2000}
          placeholder="e.g. Payments, Accounts, Mobile"
          onChange={(e) => setTeams(e.target.value)}
        />
      </label>
    </Dialog>
  );
}
