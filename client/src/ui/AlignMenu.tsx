import { ALIGN_OPS, DISTRIBUTE_AXES } from '@weboard/shared';
import type { AlignOp, DistributeAxis } from '@weboard/shared';
import { useEffect, useRef, useState } from 'react';
import { alignIcon, distributeIcon } from './arrange-icons';
import { useEditor } from '../editor/editor-context';
import './arrange.css';

/** How each align operation is named to people and screen readers. */
export const ALIGN_LABELS: Record<AlignOp, string> = {
  left: 'Align left',
  center: 'Align centres',
  right: 'Align right',
  top: 'Align top',
  middle: 'Align middles',
  bottom: 'Align bottom',
};
export const DISTRIBUTE_LABELS: Record<DistributeAxis, string> = {
  horizontal: 'Distribute horizontally',
  vertical: 'Distribute vertically',
};

/**
 * The selection toolbar's align button and its small panel: six alignments and, for three units
 * or more, two ways to distribute. Escape or a click elsewhere closes the panel.
 */
export function AlignMenu({ units }: { units: number }) {
  const editor = useEditor();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      setOpen(false);
    };
    document.addEventListener('pointerdown', onDown, true);
    window.addEventListener('keydown', onKey, true);
    return () => {
      document.removeEventListener('pointerdown', onDown, true);
      window.removeEventListener('keydown', onKey, true);
    };
  }, [open]);
  if (units < 2) return null;
  return (
    <div className="align-menu" ref={root}>
      <button
        type="button"
        className="icon-button"
        aria-label="Align and distribute"
        aria-expanded={open}
        title="Align and distribute"
        data-testid="align-menu"
        onClick={() => setOpen((o) => !o)}
      >
        {alignIcon('left')}
      </button>
      {open && (
        <div className="align-panel floating-toolbar" role="menu" aria-label="Align">
          {ALIGN_OPS.map((op) => (
            <button
              key={op}
              type="button"
              role="menuitem"
              className="icon-button"
              aria-label={ALIGN_LABELS[op]}
              title={ALIGN_LABELS[op]}
              data-testid={`align-${op}`}
              onClick={() => editor.alignSelection(op)}
            >
              {alignIcon(op)}
            </button>
          ))}
          {units >= 3 &&
            DISTRIBUTE_AXES.map((axis) => (
              <button
                key={axis}
                type="button"
                role="menuitem"
                className="icon-button"
                aria-label={DISTRIBUTE_LABELS[axis]}
                title={DISTRIBUTE_LABELS[axis]}
                data-testid={`distribute-${axis}`}
                onClick={() => editor.distributeSelection(axis)}
              >
                {distributeIcon(axis)}
              </button>
            ))}
        </div>
      )}
    </div>
  );
}
