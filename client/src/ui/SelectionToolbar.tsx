import { COLOR_NAMES, PALETTE } from '@weboard/shared';
import type { BoardItem } from '@weboard/shared';
import { useStore } from '../editor/store';
import { boardToScreen } from '../editor/viewport';
import { useEditor } from './editor-context';

const TOOLBAR_GAP = 14;
const TOOLBAR_HEIGHT = 44;

/** Floats above the selected notes: colour swatches and delete. Hidden for viewers. */
export function SelectionToolbar() {
  const editor = useEditor();
  const selection = useStore(editor.selection);
  const items = useStore(editor.items);
  const viewport = useStore(editor.viewport);
  if (!editor.canEdit || selection.length === 0) return null;

  const chosen: BoardItem[] = items.filter((item) => selection.includes(item.id));
  if (chosen.length === 0) return null;
  const left = Math.min(...chosen.map((i) => i.x));
  const right = Math.max(...chosen.map((i) => i.x + i.w));
  const top = Math.min(...chosen.map((i) => i.y));
  const bottom = Math.max(...chosen.map((i) => i.y + i.h));
  const topCenter = boardToScreen(viewport, { x: (left + right) / 2, y: top });
  const below = boardToScreen(viewport, { x: 0, y: bottom }).y + TOOLBAR_GAP;
  const above = topCenter.y - TOOLBAR_GAP - TOOLBAR_HEIGHT;
  const y = above < 64 ? below : above;
  const current = chosen.length === 1 ? chosen[0]!.color : null;

  return (
    <div
      className="floating-toolbar selection-toolbar"
      data-testid="selection-toolbar"
      style={{ left: topCenter.x, top: y }}
      onPointerDown={(e) => e.preventDefault()}
    >
      <div className="swatches" role="radiogroup" aria-label="Note colour">
        {COLOR_NAMES.map((color) => (
          <button
            key={color}
            type="button"
            role="radio"
            aria-checked={current === color}
            aria-label={color}
            title={color}
            className="swatch"
            data-testid="color-swatch"
            data-color={color}
            style={{ background: PALETTE[color] }}
            onClick={() => editor.setColor(selection, color)}
          />
        ))}
      </div>
      <span className="toolbar-divider" />
      <button
        type="button"
        className="icon-button"
        aria-label="Delete"
        title="Delete (Del)"
        data-testid="delete-selection"
        onClick={() => editor.deleteSelection()}
      >
        <TrashIcon />
      </button>
    </div>
  );
}

function TrashIcon() {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" fill="none" aria-hidden="true">
      <path
        d="M4 7h16M10 11v6M14 11v6M6 7l1 12a2 2 0 0 0 2 2h6a2 2 0 0 0 2-2l1-12M9 7V4h6v3"
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
