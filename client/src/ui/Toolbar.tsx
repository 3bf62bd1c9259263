import { useStore } from '../editor/store';
import { zoomAt } from '../editor/viewport';
import { useEditor } from './editor-context';

/** The main tool dock at the bottom of the board. Not shown to viewers. */
export function Toolbar() {
  const editor = useEditor();
  if (!editor.canEdit) return null;
  return (
    <div className="floating-toolbar main-toolbar" role="toolbar" aria-label="Tools">
      <button
        type="button"
        className="tool-button"
        data-testid="toolbar-sticky"
        title="Sticky note (S)"
        onClick={() => {
          const id = editor.createStickyAtViewportCenter();
          if (id) editor.startEditing(id);
        }}
      >
        <StickyIcon />
        <span>Sticky note</span>
        <kbd>S</kbd>
      </button>
    </div>
  );
}

/** Zoom out / reset / zoom in, around the centre of the window. */
export function ZoomControls() {
  const editor = useEditor();
  const viewport = useStore(editor.viewport);
  const size = useStore(editor.canvasSize);
  const center = { x: size.width / 2, y: size.height / 2 };
  const zoomTo = (scale: number) => editor.viewport.set((v) => zoomAt(v, center, scale));
  return (
    <div className="floating-toolbar zoom-controls" aria-label="Zoom">
      <button
        type="button"
        className="icon-button"
        aria-label="Zoom out"
        onClick={() => zoomTo(viewport.scale / 1.25)}
      >
        −
      </button>
      <button
        type="button"
        className="zoom-value"
        title="Reset zoom"
        data-testid="zoom-reset"
        onClick={() => zoomTo(1)}
      >
        {Math.round(viewport.scale * 100)}%
      </button>
      <button
        type="button"
        className="icon-button"
        aria-label="Zoom in"
        onClick={() => zoomTo(viewport.scale * 1.25)}
      >
        +
      </button>
    </div>
  );
}

function StickyIcon() {
  return (
    <svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true">
      <path d="M4 5a1 1 0 0 1 1-1h14a1 1 0 0 1 1 1v10l-5 5H5a1 1 0 0 1-1-1z" fill="#fde68a" />
      <path
        d="M4 5a1 1 0 0 1 1-1h14a1 1 0 0 1 1 1v10l-5 5H5a1 1 0 0 1-1-1zM20 15h-4a1 1 0 0 0-1 1v4"
        fill="none"
        stroke="#92400e"
        strokeWidth="1.6"
        strokeLinejoin="round"
      />
    </svg>
  );
}
