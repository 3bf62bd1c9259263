import type { Box } from '@weboard/shared';
import type { BoardEditor } from '../editor/editor';
import { useStore } from '../editor/store';
import { boardToScreen } from '../editor/viewport';
import { FacIcons } from './icons';

/** A changed item to outline on the canvas. */
export interface Highlight {
  itemId: string;
  kind: string;
  box: Box;
}

/**
 * HTML drawn over the canvas, never catching the pointer: a lock on every locked item, and the
 * outlines of the items a diff lists.
 */
export function BoardOverlay({
  editor,
  highlights,
}: {
  editor: BoardEditor;
  highlights: readonly Highlight[];
}) {
  const viewport = useStore(editor.viewport);
  const items = useStore(editor.items);
  const locked = items.filter((item) => (item as { locked?: boolean }).locked === true);
  return (
    <div className="fac-overlay" aria-hidden="true">
      {locked.map((item) => {
        const corner = boardToScreen(viewport, { x: item.x + item.w, y: item.y });
        return (
          <span
            key={item.id}
            className="fac-lock"
            data-testid="lock-icon"
            data-item-id={item.id}
            style={{ left: corner.x - 12, top: corner.y - 12 }}
          >
            {FacIcons.lock()}
          </span>
        );
      })}
      {highlights.map((highlight) => {
        const topLeft = boardToScreen(viewport, highlight.box);
        return (
          <div
            key={`${highlight.kind}:${highlight.itemId}`}
            className={`fac-highlight fac-highlight-${highlight.kind}`}
            data-testid="diff-highlight"
            data-item-id={highlight.itemId}
            style={{
              left: topLeft.x - 4,
              top: topLeft.y - 4,
              width: highlight.box.w * viewport.scale + 8,
              height: highlight.box.h * viewport.scale + 8,
            }}
          />
        );
      })}
    </div>
  );
}
