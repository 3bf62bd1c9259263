import type { Role } from '@weboard/shared';
import { useState } from 'react';
import type { ReactNode } from 'react';

/** What each role's link lets its holder do. */
export const ROLE_HINT: Record<Role, string> = {
  facilitator: 'Full control',
  editor: 'Can edit',
  viewer: 'Can only watch',
};

/** Copies a role's link to the clipboard (falling back to a prompt) and remembers which for 1.5 s. */
export function useCopyLink(links: Partial<Record<Role, string>>) {
  const [copied, setCopied] = useState<Role | null>(null);
  const copy = async (role: Role) => {
    const link = links[role];
    if (!link) return;
    try {
      await navigator.clipboard.writeText(link);
      setCopied(role);
      setTimeout(() => setCopied((c) => (c === role ? null : c)), 1500);
    } catch {
      window.prompt('Copy this link', link);
    }
  };
  return { copied, copy };
}

/**
 * The Share button and the popover it opens; `children` renders the rows. `onOpenChange` lets the
 * caller load what the rows show when the popover opens.
 */
export function SharePopover({
  children,
  onOpenChange,
}: {
  children: ReactNode;
  onOpenChange?: (open: boolean) => void;
}) {
  const [open, setOpen] = useState(false);
  return (
    <div className="share">
      <button
        type="button"
        className="button button-primary button-small"
        data-testid="share-button"
        aria-expanded={open}
        onClick={() => {
          setOpen(!open);
          onOpenChange?.(!open);
        }}
      >
        Share
      </button>
      {open && (
        <div className="panel share-panel" data-testid="share-panel">
          <p className="share-title">Invite people with a link</p>
          {children}
        </div>
      )}
    </div>
  );
}

/** Lists the role links this browser knows for the board (it learns them when creating it). */
export function SharePanel({ links }: { links: Partial<Record<Role, string>> }) {
  const { copied, copy } = useCopyLink(links);
  const roles = (['editor', 'viewer', 'facilitator'] as const).filter((role) => links[role]);
  if (roles.length === 0) return null;

  return (
    <SharePopover>
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
    </SharePopover>
  );
}
