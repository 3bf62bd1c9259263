import type { PresenceState } from '@weboard/shared';
import type { RemotePresence } from '../collab/presence';

interface PresencePanelProps {
  self: PresenceState['user'];
  remote: readonly RemotePresence[];
  onRename(): void;
  /** Client id we follow, or null. */
  following: number | null;
  onFollow(clientId: number | null): void;
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters =
    parts.length > 1 ? parts[0]![0]! + parts[parts.length - 1]![0]! : name.slice(0, 2);
  return letters.toUpperCase();
}

/** "Who is here": everyone connected to the board, you first. */
export function PresencePanel({ self, remote, onRename, following, onFollow }: PresencePanelProps) {
  const count = remote.length + 1;
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
          <span className="you">you</span>
          <button type="button" className="link-button" onClick={onRename} title="Change your name">
            Rename
          </button>
        </li>
        {remote.map((peer) => (
          <li
            key={peer.clientId}
            data-testid="presence-item"
            data-name={peer.user.name}
            data-color={peer.user.color}
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
        ))}
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
