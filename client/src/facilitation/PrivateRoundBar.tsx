import { readPrivateRound, sessionMap } from '@weboard/shared';
import type { PrivateRound, PrivateRoundStatus } from '@weboard/shared';
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import type { BoardConnection } from '../collab/connection';
import { useStore } from '../lib/store';
import { privateRoundActions } from './round-actions';
import { thumbnail } from './thumbnail';

/** The running private round of `doc` as an external store, re-read when the session map changes. */
function privateRoundStore(doc: Y.Doc) {
  const cache = { current: readPrivateRound(doc) };
  return {
    subscribe(listener: () => void) {
      const onChange = () => {
        cache.current = readPrivateRound(doc);
        listener();
      };
      sessionMap(doc).observe(onChange);
      return () => sessionMap(doc).unobserve(onChange);
    },
    get: () => cache.current,
  };
}

function usePrivateRound(doc: Y.Doc): PrivateRound | null {
  const store = useMemo(() => privateRoundStore(doc), [doc]);
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}

/** How often the facilitator's bar asks who is drafting. */
const STATUS_POLL_MS = 3000;

/**
 * The private round under the timer: the facilitator starts it and reveals every team's drafts;
 * everyone else reads whether what they change now is private to their team or public.
 */
export function PrivateRoundBar(props: {
  boardId: string;
  token: string;
  doc: Y.Doc;
  connection: BoardConnection;
  isFacilitator: boolean;
  by: string;
  /** Called with the automatic snapshot taken before a reveal (to offer undoing it). */
  onRevealed?: (before: { id: string; name: string }) => void;
}) {
  const { boardId, token, doc, connection, isFacilitator, by, onRevealed } = props;
  const round = usePrivateRound(doc);
  const drafting = useStore(connection.draftTeam);
  const actions = useMemo(() => privateRoundActions(boardId, token), [boardId, token]);
  const [status, setStatus] = useState<PrivateRoundStatus | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!isFacilitator || !round) return;
    let stopped = false;
    const poll = () =>
      actions.status().then(
        (next) => !stopped && setStatus(next),
        () => undefined,
      );
    void poll();
    const timer = setInterval(() => void poll(), STATUS_POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [actions, isFacilitator, round]);

  const run = (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    action()
      .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)))
      .finally(() => setBusy(false));
  };

  if (isFacilitator) {
    const teams = status?.round?.id === round?.id ? Object.values(status?.teams ?? {}) : [];
    const drafters = teams.reduce((sum, team) => sum + team.drafting, 0);
    const cards = teams.reduce((sum, team) => sum + team.changedItems, 0);
    return (
      <div
        className="fac-round"
        data-testid="private-round"
        data-running={round ? 'true' : 'false'}
      >
        {round ? (
          <>
            <span data-testid="private-round-status">
              Private round: {drafters} drafting in {teams.length} team
              {teams.length === 1 ? '' : 's'}, {cards} card{cards === 1 ? '' : 's'} changed
            </span>
            <button
              type="button"
              className="button button-small button-primary"
              data-testid="private-round-reveal"
              disabled={busy}
              onClick={() =>
                run(async () => {
                  const result = await actions.reveal(thumbnail());
                  onRevealed?.(result.autoSnapshot);
                })
              }
            >
              Reveal all drafts
            </button>
          </>
        ) : (
          <button
            type="button"
            className="button button-small button-ghost"
            data-testid="private-round-start"
            title="Each team drafts on its own; nobody sees another team's new or changed cards until you reveal them"
            disabled={busy}
            onClick={() => run(() => actions.start(by))}
          >
            Start private round
          </button>
        )}
        {error && (
          <span className="fac-round-error" role="alert">
            {error}
          </span>
        )}
      </div>
    );
  }
  if (!round) return null;
  return (
    <div className="fac-round" data-testid="private-round-banner" data-drafting={drafting ?? ''}>
      {drafting
        ? 'Private round: your team’s new and changed cards stay with your team until the facilitator reveals them.'
        : 'Private round: you have not picked a team, so what you change is seen by everyone.'}
    </div>
  );
}
