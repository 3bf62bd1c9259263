import type { PresenceState } from '@weboard/shared';
import type { RemotePresence } from '../collab/presence';

interface PresencePanelProps {
  self: PresenceState['user'];
  remote: readonly RemotePresence[];
  onRename(): void;
  /** Client id we follow, or null. */
  following: number | null;
  onFollow(clientId: number | null): void;
  /** Our own team, and team names: people are listed grouped by team when given. */
  selfTeamId?: string | null;
  teamName?: (teamId: string | null | undefined) => string | null;
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters =
    parts.length > 1 ? parts[0]![0]! + parts[parts.length - 1]![0]! : name.slice(0, 2);
  return letters.toUpperCase();
}

/** "Who is here": everyone connected to the board, you first. */
export function PresencePanel(props: PresencePanelProps) {
  const { self, remote, onRename, following, onFollow, selfTeamId, teamName } = props;
  const count = remote.length + 1;
  const teamOf = (teamId: string | null | undefined) => teamName?.(teamId) ?? null;
  // Grouped by team name (people without a team last); within a team, in arrival order.
  const groups = new Map<string | null, RemotePresence[]>();
  for (const peer of remote) {
    const name = teamOf(peer.teamId);
    groups.set(name, [...(groups.get(name) ?? []), peer]);
  }
  const ordered = [...groups.entries()].sort(([a], [b]) =>
    a === null ? 1 : b === null ? -1 : a.localeCompare(b),
  );
  const grouped = teamName !== undefined && (groups.size > 1 || !groups.has(null));
  return (
    <section className="panel presence-panel" aria-label="People on this board">
      <header>
        <span>On this board</span>
        <span className="count">{count}</span>
      </header>
      <ul>
        <li data-testid="presence-item" data-self="true" data-name={self.name}>
          <span className="avatar" style={{ background: self.color }}>
            {initials(self.name)}
          </span>
          <span className="presence-name">{self.name}</span>
          {teamOf(selfTeamId) && <span className="role-tag">{teamOf(selfTeamId)}</span>}
          <span className="you">you</span>
          <button type="button" className="link-button" onClick={onRename} title="Change your name">
            Rename
          </button>
        </li>
        {ordered.map(([team, peers]) => [
          grouped && (
            <li key={`team:${team ?? ''}`} className="presence-team" data-testid="presence-team">
              {team ?? 'No team'}
            </li>
          ),
          ...peers.map((peer) => (
            <li
              key={peer.clientId}
              data-testid="presence-item"
              data-name={peer.user.name}
              data-color={peer.user.color}
              data-team={team ?? ''}
              data-following={following === peer.clientId}
              className={following === peer.clientId ? 'following' : undefined}
            >
              <button
                type="button"
                className="presence-follow"
                title={
                  following === peer.clientId ? 'Stop following' : `Follow ${peer.user.name}'s view`
                }
                data-testid="follow-person"
                disabled={!peer.viewport && following !== peer.clientId}
                onClick={() => onFollow(following === peer.clientId ? null : peer.clientId)}
              >
                <span className="avatar" style={{ background: peer.user.color }}>
                  {initials(peer.user.name)}
                </span>
                <span className="presence-name">{peer.user.name}</span>
                {peer.user.role === 'viewer' && <span className="role-tag">viewing</span>}
                <span className="follow-tag">
                  {following === peer.clientId ? 'following' : 'follow'}
                </span>
              </button>
            </li>
          )),
        ])}
      </ul>
    </section>
  );
}

/**
 * The names of remote cursors as DOM, for assistive technology and tests; the visible cursors are
 * drawn on the canvas.
 */
export function RemoteCursorList({ remote }: { remote: readonly RemotePresence[] }) {
  return (
    <ul className="visually-hidden" aria-label="Cursors">
      {remote.map((peer) =>
        peer.cursor ? (
          <li
            key={peer.clientId}
            data-testid="remote-cursor"
            data-name={peer.user.name}
            data-x={peer.cursor.x}
            data-y={peer.cursor.y}
          >
            {peer.user.name}
          </li>
        ) : null,
      )}
    </ul>
  );
}
