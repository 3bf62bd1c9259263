import { COLOR_NAMES, INK, INK_COLOR_NAMES, PALETTE, unionBoxes } from '@weboard/shared';
import type { BoardItem, ConnectorItem } from '@weboard/shared';
import { useStore } from '../editor/store';
import { boardToScreen } from '../editor/viewport';
import { useEditor } from './editor-context';
import { Icons } from './icons';

const TOOLBAR_GAP = 44;
const TOOLBAR_HEIGHT = 44;
/** Height at the bottom of the window kept for the main tool dock. */
const DOCK_CLEARANCE = 84;

/** Items whose `color` is a line or lettering colour rather than a fill. */
const inked = (item: BoardItem) =>
  item.type === 'text' || item.type === 'pen' || item.type === 'connector';

/**
 * Floats above the selection: colour, connector style, stacking, duplicate and delete. Hidden for
 * viewers and while a gesture is under way.
 */
export function SelectionToolbar() {
  const editor = useEditor();
  const selection = useStore(editor.selection);
  useStore(editor.items);
  const viewport = useStore(editor.viewport);
  const toolState = useStore(editor.toolState);
  const editingId = useStore(editor.editingId);
  if (!editor.canEdit || selection.length === 0 || toolState !== 'select.idle' || editingId)
    return null;

  const chosen = selection.map((id) => editor.items.byId(id)).filter((i): i is BoardItem => !!i);
  const bounds = unionBoxes(chosen.map(editor.itemBox));
  if (!bounds) return null;
  const topCenter = boardToScreen(viewport, { x: bounds.x + bounds.w / 2, y: bounds.y });
  const below = boardToScreen(viewport, { x: 0, y: bounds.y + bounds.h }).y + TOOLBAR_GAP;
  const above = topCenter.y - TOOLBAR_GAP - TOOLBAR_HEIGHT;
  // Above the selection; below it when there is no room above; pinned to the top when the
  // selection fills the screen (never over the tool dock at the bottom).
  const dockTop = editor.canvasSize.get().height - DOCK_CLEARANCE;
  const y = above >= 64 ? above : below + TOOLBAR_HEIGHT <= dockTop ? below : 64;
  const current = chosen.length === 1 ? chosen[0]!.color : null;
  const allInked = chosen.every(inked);
  const names = allInked ? INK_COLOR_NAMES : COLOR_NAMES;
  const colours: Record<string, string> = allInked ? INK : PALETTE;
  const connectors = chosen.filter((i): i is ConnectorItem => i.type === 'connector');
  const onlyConnectors = connectors.length === chosen.length;

  return (
    <div
      className="floating-toolbar selection-toolbar"
      data-testid="selection-toolbar"
      style={{ left: topCenter.x, top: y }}
      onPointerDown={(e) => e.preventDefault()}
    >
      {
        <div className="swatches" role="radiogroup" aria-label="Colour">
          {names.map((color) => (
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
              style={{ background: colours[color] }}
              onClick={() => editor.setColor(selection, color)}
            />
          ))}
        </div>
      }
      {onlyConnectors && (
        <>
          <span className="toolbar-divider" />
          <button
            type="button"
            className="icon-button"
            aria-label="Elbow or straight"
            title="Elbow / straight"
            data-testid="connector-routing"
            onClick={() => {
              const next = connectors[0]!.routing === 'elbow' ? 'straight' : 'elbow';
              for (const c of connectors) editor.updateItem(c.id, { routing: next });
            }}
          >
            {connectors[0]!.routing === 'elbow' ? Icons.straight() : Icons.elbow()}
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label="Arrowheads"
            title="Arrowhead at the end"
            data-testid="connector-arrowhead"
            onClick={() => {
              const end = connectors[0]!.arrowheads.end === 'arrow' ? 'none' : 'arrow';
              for (const c of connectors)
                editor.updateItem(c.id, { arrowheads: { ...c.arrowheads, end } });
            }}
          >
            {Icons.arrowEnd()}
          </button>
          <button
            type="button"
            className="text-button"
            title="Plain line or planning dependency"
            data-testid="connector-kind"
            onClick={() => {
              const kind = connectors[0]!.kind === 'depends-on' ? 'line' : 'depends-on';
              for (const c of connectors) editor.updateItem(c.id, { kind });
            }}
          >
            {connectors[0]!.kind === 'depends-on' ? 'Depends on' : 'Line'}
          </button>
        </>
      )}
      <span className="toolbar-divider" />
      <button
        type="button"
        className="icon-button"
        aria-label="Bring forward"
        title="Bring forward (])"
        data-testid="bring-forward"
        onClick={() => editor.reorderSelection('forward')}
      >
        {Icons.forward()}
      </button>
      <button
        type="button"
        className="icon-button"
        aria-label="Send backward"
        title="Send backward ([)"
        data-testid="send-backward"
        onClick={() => editor.reorderSelection('backward')}
      >
        {Icons.backward()}
      </button>
      <button
        type="button"
        className="icon-button"
        aria-label="Duplicate"
        title="Duplicate (⌘D)"
        data-testid="duplicate-selection"
        onClick={() => editor.duplicateSelection()}
      >
        {Icons.duplicate()}
      </button>
      <button
        type="button"
        className="icon-button"
        aria-label="Delete"
        title="Delete (Del)"
        data-testid="delete-selection"
        onClick={() => editor.deleteSelection()}
      >
        {Icons.trash()}
      </button>
    </div>
  );
}
