import { useEffect, useState } from 'react';
import type { ConnectionStatus, FatalClose, MergeNotice } from '../collab/connection';

const LABEL: Record<ConnectionStatus, string> = {
  connecting: 'Connecting…',
  syncing: 'Syncing…',
  live: 'Synced',
  offline: 'Offline',
};

const NOTICE_MS = 6_000;

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
      title={
        fatal
          ? fatal.reason
          : status === 'offline'
            ? 'Offline — your edits are kept and sync when you reconnect'
            : LABEL[status]
      }
    >
      <span className="status-dot" aria-hidden="true" />
      {LABEL[status]}
    </div>
  );
}

/** "Back online" toast after a reconnect, saying how much of other people's work came in. */
export function MergeToast({ notice }: { notice: MergeNotice | null }) {
  const [visible, setVisible] = useState<MergeNotice | null>(null);
  useEffect(() => {
    if (!notice) return;
    // A new notice arrived from outside React; show it for a while.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setVisible(notice);
    const timer = setTimeout(() => setVisible(null), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);
  if (!visible) return null;
  const { count } = visible;
  return (
    <div className="toast" role="status" data-testid="merge-notice" data-count={count}>
      <strong>Back online.</strong>{' '}
      {count === 0
        ? 'Your changes are synced; nobody else changed anything.'
        : `Merged ${count} ${count === 1 ? 'change' : 'changes'} from others.`}
    </div>
  );
}
