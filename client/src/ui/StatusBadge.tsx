import type { ConnectionStatus, FatalClose } from '../collab/connection';

const LABEL: Record<ConnectionStatus, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  offline: 'Offline',
};

/** Connection state at a glance; a fatal refusal shows the server's reason. */
export function StatusBadge({
  status,
  fatal,
}: {
  status: ConnectionStatus;
  fatal: FatalClose | null;
}) {
  return (
    <div
      className={`status-badge status-${status}`}
      data-testid="connection-status"
      data-status={status}
      role="status"
      title={fatal ? fatal.reason : LABEL[status]}
    >
      <span className="status-dot" aria-hidden="true" />
      {LABEL[status]}
    </div>
  );
}
