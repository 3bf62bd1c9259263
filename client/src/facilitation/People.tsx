import type { BoardGrant, PresenceState } from '@weboard/shared';
import { useCallback, useEffect, useState } from 'react';
import type { FacilitationApi } from './api';
import type { RunTask } from './run-task';

/**
 * People on the board, for facilitators, collapsed below the session tools (a room has 35 of them):
 * a searchable list of who is connected (promote an editor,
 * remove anyone) and of the personal facilitator grants (demote). Removing someone on a shared
 * link only closes their connection; rotate that link to keep them out.
 */
export function People({
  api,
  remote,
  self,
  run,
  busy,
}: {
  api: FacilitationApi;
  remote: readonly { clientId: number; user: PresenceState['user'] }[];
  self: PresenceState['user'];
  run: RunTask;
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
  return (
    <details className="fac-section fac-people" data-testid="people">
      <summary>
        <h3>People ({remote.length})</h3>
      </summary>
      {remote.length === 0 && grants.length === 0 && (
        <p className="muted small">Nobody else is here yet</p>
      )}
      {remote.length + grants.length > 0 && (
        <input
          className="fac-input"
          data-testid="people-filter"
          placeholder="Find a person"
          aria-label="Find a person"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
      )}
      <div className="fac-people-list">
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
    </details>
  );
}
