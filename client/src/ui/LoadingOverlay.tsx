import { useState } from 'react';
import type { BoardConnection } from '../collab/connection';
import type { BoardEditor } from '../editor/editor';
import { useStore } from '../lib/store';

/** Where opening a board stands, in the order it happens. */
export type LoadStage = 'local' | 'server' | 'done';

const STEPS: { stage: Exclude<LoadStage, 'done'>; label: string }[] = [
  { stage: 'local', label: "This browser's copy" },
  { stage: 'server', label: 'The board from the server' },
];

/**
 * Where opening the board stands: this browser's IndexedDB copy first, then the server's. A board
 * with a local copy is usable as soon as that copy is in (the server's changes merge in behind
 * it); otherwise it waits for the first sync, for being offline or for a refusal. Once `done`,
 * it stays done for this board (a later reconnect has its own status badge).
 */
export function useOpeningStage(connection: BoardConnection, editor: BoardEditor): LoadStage {
  const localLoaded = useStore(connection.localLoaded);
  const status = useStore(connection.status);
  const fatal = useStore(connection.fatal);
  const hasItems = useStore(editor.items.order).length > 0;
  const [done, setDone] = useState(false);
  const stage: LoadStage =
    done || fatal || status === 'live' || status === 'offline' || (localLoaded && hasItems)
      ? 'done'
      : localLoaded
        ? 'server'
        : 'local';
  if (stage === 'done' && !done) setDone(true);
  return stage;
}

/**
 * Opening progress until the board is there (see useOpeningStage). The panel fades in only
 * after a moment, so a small board never flashes it.
 */
export function LoadingOverlay({
  connection,
  stage,
}: {
  connection: BoardConnection;
  stage: LoadStage;
}) {
  const status = useStore(connection.status);
  if (stage === 'done') return null;
  const current = STEPS.findIndex((step) => step.stage === stage);
  return (
    <div
      className="board-progress"
      role="status"
      aria-live="polite"
      data-testid="board-progress"
      data-stage={stage}
    >
      <div className="board-progress-card">
        <strong>Opening board…</strong>
        <div
          className="board-progress-bar"
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={STEPS.length}
          aria-valuenow={current}
        >
          <span style={{ width: `${((current + 0.5) / STEPS.length) * 100}%` }} />
        </div>
        <ol>
          {STEPS.map((step, index) => (
            <li
              key={step.stage}
              className={index < current ? 'done' : index === current ? 'active' : undefined}
            >
              {step.label}
              {index === current && status === 'syncing' && step.stage === 'server'
                ? ' — receiving'
                : ''}
            </li>
          ))}
        </ol>
      </div>
    </div>
  );
}
