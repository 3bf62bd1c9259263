import { useEffect, useRef, useState } from 'react';
import { useStore } from '../lib/store';
import { useEditor } from '../editor/editor-context';
import { Icons } from './icons';
import { keyLabel } from './keys';

/** Zoom out / percentage menu / zoom in, with fit and zoom-to-selection. */
export function ZoomControls() {
  const editor = useEditor();
  const scale = useStore(editor.viewport).scale;
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (event: PointerEvent) => {
      if (!ref.current?.contains(event.target as Node)) setOpen(false);
    };
    window.addEventListener('pointerdown', close);
    return () => window.removeEventListener('pointerdown', close);
  }, [open]);

  const item = (label: string, keys: string, action: () => void, testId: string) => (
    <button
      type="button"
      role="menuitem"
      className="menu-item"
      data-testid={testId}
      onClick={() => {
        action();
        setOpen(false);
      }}
    >
      <span>{label}</span>
      <kbd>{keys}</kbd>
    </button>
  );

  return (
    <div className="floating-toolbar zoom-controls" aria-label="Zoom" ref={ref}>
      <button
        type="button"
        className="icon-button"
        aria-label="Zoom to fit"
        title={`Zoom to fit (${keyLabel('shift+1')})`}
        data-testid="zoom-fit"
        onClick={() => editor.zoomToFit()}
      >
        {Icons.fit()}
      </button>
      <span className="toolbar-divider" />
      <button
        type="button"
        className="icon-button"
        aria-label="Zoom out"
        data-testid="zoom-out"
        onClick={() => editor.zoomBy(1 / 1.25)}
      >
        −
      </button>
      <button
        type="button"
        className="zoom-value"
        title="Zoom options"
        data-testid="zoom-value"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        {Math.round(scale * 100)}%
      </button>
      <button
        type="button"
        className="icon-button"
        aria-label="Zoom in"
        data-testid="zoom-in"
        onClick={() => editor.zoomBy(1.25)}
      >
        +
      </button>
      {open && (
        <div className="panel menu zoom-menu" role="menu">
          {item('Zoom in', '+', () => editor.zoomBy(1.25), 'zoom-menu-in')}
          {item('Zoom out', '−', () => editor.zoomBy(1 / 1.25), 'zoom-menu-out')}
          {item('Zoom to 100%', keyLabel('shift+0'), () => editor.zoomTo(1), 'zoom-reset')}
          {item('Zoom to fit', keyLabel('shift+1'), () => editor.zoomToFit(), 'zoom-menu-fit')}
          {item(
            'Zoom to selection',
            keyLabel('shift+2'),
            () => editor.zoomToSelection(),
            'zoom-selection',
          )}
        </div>
      )}
    </div>
  );
}
