import { COLOR_NAMES, INK, INK_COLOR_NAMES, PALETTE, unionBoxes } from '@weboard/shared';
import type { BoardItem, ConnectorItem, ImageItem, TextItem } from '@weboard/shared';
import { useLayoutEffect, useRef } from 'react';
import { useItemsChanges } from '../canvas/items/use-item';
import { measureTextHeight } from '../canvas/text-fit';
import { SHAPE_LINE_HEIGHT } from '../canvas/theme';
import { useStore } from '../lib/store';
import {
  hasStrokeWidth,
  hasTextSize,
  nearestPreset,
  STROKE_WIDTHS,
  TEXT_SIZES,
} from '../editor/style';
import { boardToScreen } from '../editor/viewport';
import { AlignMenu } from './AlignMenu';
import { useCanEdit, useEditor } from '../editor/editor-context';
import { Icons } from './icons';
import { keyLabel } from './keys';
import { ReactionBar } from './ReactionBar';
import { openComments } from '../comments/comment-state';

const TOOLBAR_GAP = 44;
const TOOLBAR_HEIGHT = 44;
/** Height at the bottom of the window kept for the main tool dock. */
const DOCK_CLEARANCE = 84;
/** Space kept between the toolbar and the window's side edges. */
const EDGE_MARGIN = 12;

/** Items whose `color` is a line or lettering colour rather than a fill. */
const inked = (item: BoardItem) =>
  item.type === 'text' || item.type === 'pen' || item.type === 'connector';

/** A text item's height with its lettering at `fontSize`, wrapped at its width. */
const textHeight = (item: TextItem, fontSize: number) =>
  Math.max(
    fontSize * SHAPE_LINE_HEIGHT,
    measureTextHeight(item.text, item.w, fontSize, SHAPE_LINE_HEIGHT),
  );

/**
 * Floats above the selection: colour, text size, stroke width, connector style, stacking,
 * duplicate and delete. Hidden for viewers and while a gesture is under way. Style controls act
 * on the selected items we may restyle; locked items are a facilitator's, so an editor whose
 * selection is all locked gets none.
 */
export function SelectionToolbar() {
  const editor = useEditor();
  const selection = useStore(editor.selection);
  useItemsChanges(editor.items, selection);
  const viewport = useStore(editor.viewport);
  const toolState = useStore(editor.toolState);
  const editingId = useStore(editor.editingId);
  const canEdit = useCanEdit();
  const toolbar = useRef<HTMLDivElement>(null);
  // Centred over the selection but never cut off by the window's edge. Its width is known only
  // once laid out, so the clamp is applied to the node straight after each render.
  useLayoutEffect(() => {
    const node = toolbar.current;
    if (!node) return;
    const half = node.offsetWidth / 2;
    const room = editor.canvasSize.get().width;
    const centre = Number.parseFloat(node.dataset.centre ?? '0');
    node.style.left = `${Math.max(half + EDGE_MARGIN, Math.min(room - half - EDGE_MARGIN, centre))}px`;
  });
  if (!canEdit || selection.length === 0 || toolState !== 'select.idle' || editingId) return null;

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
  // An image has no colour, text size or stroke of its own.
  const styleable = chosen.filter(
    (item): item is Exclude<BoardItem, ImageItem> => item.type !== 'image' && editor.canStyle(item),
  );
  const styleIds = styleable.map((item) => item.id);
  const current = styleable.length === 1 ? styleable[0]!.color : null;
  const allInked = styleable.every(inked);
  const lettered = styleable.filter(hasTextSize);
  const stroked = styleable.filter(hasStrokeWidth);
  const textSize = nearestPreset(
    TEXT_SIZES,
    (size) => size.fontSize,
    lettered.map((item) => item.fontSize),
  );
  const strokeWidth = nearestPreset(
    STROKE_WIDTHS,
    (width) => width.strokeWidth,
    stroked.map((item) => item.strokeWidth),
  );
  const names = allInked ? INK_COLOR_NAMES : COLOR_NAMES;
  const colours: Record<string, string> = allInked ? INK : PALETTE;
  const connectors = chosen.filter((i): i is ConnectorItem => i.type === 'connector');
  const onlyConnectors = connectors.length === chosen.length;

  return (
    <div
      className="floating-toolbar selection-toolbar"
      data-testid="selection-toolbar"
      ref={toolbar}
      data-centre={topCenter.x}
      style={{ left: topCenter.x, top: y }}
      onPointerDown={(e) => e.preventDefault()}
    >
      {chosen.length === 1 && <ReactionBar itemId={chosen[0]!.id} />}
      {chosen.length === 1 && (
        <button
          type="button"
          className="icon-button"
          aria-label="Comment"
          title="Comment on this item"
          data-testid="comment-open"
          onClick={() => openComments.set({ itemId: chosen[0]!.id, threadId: null, compose: true })}
        >
          {Icons.comment()}
        </button>
      )}
      {styleable.length > 0 && (
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
              onClick={() => editor.setColor(styleIds, color)}
            />
          ))}
        </div>
      )}
      {lettered.length > 0 && (
        <>
          <span className="toolbar-divider" />
          <div className="style-group" role="radiogroup" aria-label="Text size">
            {TEXT_SIZES.map((size) => (
              <button
                key={size.name}
                type="button"
                role="radio"
                aria-checked={textSize === size.name}
                aria-label={`Text size ${size.name}`}
                title={`Text size ${size.name}`}
                className="style-option text-size"
                data-testid={`text-size-${size.name}`}
                onClick={() => editor.setStyle(styleIds, { fontSize: size.fontSize }, textHeight)}
              >
                {size.name}
              </button>
            ))}
          </div>
        </>
      )}
      {stroked.length > 0 && (
        <>
          <span className="toolbar-divider" />
          <div className="style-group" role="radiogroup" aria-label="Stroke width">
            {STROKE_WIDTHS.map((width, i) => (
              <button
                key={width.name}
                type="button"
                role="radio"
                aria-checked={strokeWidth === width.name}
                aria-label={`Stroke ${width.name}`}
                title={`Stroke: ${width.name}`}
                className="style-option"
                data-testid={`stroke-width-${width.name}`}
                onClick={() => editor.setStyle(styleIds, { strokeWidth: width.strokeWidth })}
              >
                <svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true">
                  <line
                    x1="4"
                    y1="10"
                    x2="16"
                    y2="10"
                    stroke="currentColor"
                    strokeWidth={[1.5, 3, 5][i]}
                    strokeLinecap="round"
                  />
                </svg>
              </button>
            ))}
          </div>
        </>
      )}
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
      <AlignMenu units={editor.arrangeUnits()} />
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
        title={`Duplicate (${keyLabel('mod+d')})`}
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
