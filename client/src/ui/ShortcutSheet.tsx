import { Fragment, useEffect, useId, useState } from 'react';
import { createPortal } from 'react-dom';
import { isTypingTarget } from '../lib/typing-target';
import { keyLabel, SHORTCUT_SECTIONS } from './keys';
import './shortcut-sheet.css';

/** A shortcut's keys as keycaps, written for this platform. */
function Keys({ keys }: { keys: string[] }) {
  return (
    <span className="shortcut-keys">
      {keys.map((key, i) => (
        <Fragment key={key}>
          {i > 0 && <span className="shortcut-or">or</span>}
          <kbd>{keyLabel(key)}</kbd>
        </Fragment>
      ))}
    </span>
  );
}

/**
 * The keyboard shortcut sheet: `?` (or the toolbar's keyboard button) opens it, Esc or a click
 * outside closes it. While it is open the board takes no keys (it is a dialog).
 */
export function ShortcutSheet({ open, onClose }: { open: boolean; onClose(): void }) {
  const titleId = useId();
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' || event.key === '?') {
        event.preventDefault();
        onClose();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open, onClose]);
  if (!open) return null;
  // On the body: the toolbar it opens from is a transformed box, which would hold a fixed backdrop.
  return createPortal(
    <div
      className="dialog-backdrop"
      onPointerDown={(e) => e.target === e.currentTarget && onClose()}
    >
      <section
        className="dialog shortcut-sheet"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid="shortcut-sheet"
      >
        <h2 id={titleId}>Keyboard shortcuts</h2>
        <div className="shortcut-sections">
          {SHORTCUT_SECTIONS.map((section) => (
            <div key={section.title} className="shortcut-section">
              <h3>{section.title}</h3>
              <dl>
                {section.entries.map((entry) => (
                  <div key={entry.does} className="shortcut-row">
                    <dt>
                      <Keys keys={entry.keys} />
                    </dt>
                    <dd>{entry.does}</dd>
                  </div>
                ))}
              </dl>
            </div>
          ))}
        </div>
        <button
          type="button"
          className="button"
          onClick={onClose}
          data-testid="shortcut-sheet-close"
        >
          Close
        </button>
      </section>
    </div>,
    document.body,
  );
}

/** Opens the sheet on `?` anywhere on the board but in a text field; returns [open, setOpen]. */
export function useShortcutSheet(): [boolean, (open: boolean) => void] {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== '?' || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTypingTarget(event.target) || document.querySelector('[role="dialog"]')) return;
      event.preventDefault();
      setOpen(true);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return [open, setOpen];
}
