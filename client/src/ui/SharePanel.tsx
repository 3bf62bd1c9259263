import type { Role } from '@weboard/shared';
import { useState } from 'react';

const ROLE_HINT: Record<Role, string> = {
  facilitator: 'Full control',
  editor: 'Can edit',
  viewer: 'Can only watch',
};

/** Lists the role links this browser knows for the board (it learns them when creating it). */
export function SharePanel({ links }: { links: Partial<Record<Role, string>> }) {
  const [open, setOpen] = useState(false);
  const [copied, setCopied] = useState<Role | null>(null);
  const roles = (['editor', 'viewer', 'facilitator'] as const).filter((role) => links[role]);
  if (roles.length === 0) return null;

  const copy = async (role: Role) => {
    try {
      await navigator.clipboard.writeText(links[role]!);
      setCopied(role);
      setTimeout(() => setCopied((c) => (c === role ? null : c)), 1500);
    } catch {
      window.prompt('Copy this link', links[role]);
    }
  };

  return (
    <div className="share">
      <button
        type="button"
        className="button button-primary button-small"
        data-testid="share-button"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        Share
      </button>
      {open && (
        <div className="panel share-panel" data-testid="share-panel">
          <p className="share-title">Invite people with a link</p>
          {roles.map((role) => (
            <div key={role} className="share-row">
              <div>
                <div className="share-role">{role}</div>
                <div className="muted small">{ROLE_HINT[role]}</div>
              </div>
              <button
                type="button"
                className="button button-ghost button-small"
                data-testid={`copy-link-${role}`}
                onClick={() => void copy(role)}
              >
                {copied === role ? 'Copied!' : 'Copy link'}
              </button>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
