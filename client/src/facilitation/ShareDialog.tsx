import type { Role } from '@weboard/shared';
import { useEffect, useState } from 'react';
import { ROLE_HINT, SharePopover, useCopyLink } from '../ui/SharePanel';
import type { FacilitationApi } from './api';

type LinkRole = 'facilitator' | 'editor' | 'viewer';

/**
 * The facilitator's share dialog: the current links, fetched from the server so every facilitator
 * sees them, with copy and rotate (the old link stops working at once). The facilitator link is
 * only there for its holders (a person promoted with a grant of their own never sees it).
 */
export function ShareDialog({ api }: { api: FacilitationApi }) {
  const [open, setOpen] = useState(false);
  const [links, setLinks] = useState<Partial<Record<Role, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!open) return;
    let cancelled = false;
    api.links().then(
      (result) => !cancelled && setLinks(result.links),
      (err: Error) => !cancelled && setError(err.message),
    );
    return () => {
      cancelled = true;
    };
  }, [open, api]);

  const { copied, copy } = useCopyLink(links);

  const rotate = async (role: LinkRole) => {
    const warning =
      role === 'facilitator'
        ? 'Replace the facilitator link? Everyone who joined with it is disconnected; this page reopens with the new one.'
        : `Replace the ${role} link? Everyone who joined with it is disconnected.`;
    if (!window.confirm(warning)) return;
    setBusy(true);
    try {
      const fresh = (await api.rotateLink(role)).links;
      if (role === 'facilitator' && fresh.facilitator) {
        // This page joined with the old link too: carry on with the new one.
        const next = new URL(fresh.facilitator);
        window.location.assign(`${next.pathname}${next.search}`);
        return;
      }
      setLinks(fresh);
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <SharePopover onOpenChange={setOpen}>
      {(['facilitator', 'editor', 'viewer'] as const)
        .filter((role) => role !== 'facilitator' || links.facilitator)
        .map((role) => (
          <div key={role} className="share-row" data-testid={`share-row-${role}`}>
            <div className="fac-grow">
              <div className="share-role">{role}</div>
              <div className="muted small">{ROLE_HINT[role]}</div>
              <input
                className="fac-input fac-link"
                readOnly
                value={links[role] ?? '…'}
                data-testid={`link-${role}`}
                onFocus={(e) => e.target.select()}
              />
            </div>
            <div className="fac-column">
              <button
                type="button"
                className="button button-ghost button-small"
                data-testid={`copy-link-${role}`}
                disabled={!links[role]}
                onClick={() => void copy(role)}
              >
                {copied === role ? 'Copied!' : 'Copy'}
              </button>
              <button
                type="button"
                className="button button-ghost button-small"
                data-testid={`rotate-link-${role}`}
                disabled={busy}
                title="Make a new link; the old one stops working"
                onClick={() => void rotate(role)}
              >
                Rotate
              </button>
            </div>
          </div>
        ))}
      {error && <p className="fac-error">{error}</p>}
    </SharePopover>
  );
}
