import { itemText } from '@weboard/shared';
import type { StickyItem } from '@weboard/shared';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type * as Y from 'yjs';
import {
  FONT_FAMILY,
  STICKY_LINE_HEIGHT,
  STICKY_PADDING,
  STICKY_RADIUS,
  TEXT_COLOR,
} from '../canvas/theme';
import { fitFontSize } from '../canvas/text-fit';
import { useStore } from '../editor/store';
import { mapPosition } from '../editor/text';
import type { TextDelta } from '../editor/text';
import { boardToScreen } from '../editor/viewport';
import { useEditor } from './editor-context';

/**
 * A textarea laid exactly over the note being edited: same box, font and padding as the canvas
 * text, scaled with the viewport. It writes every keystroke to the note's Y.Text as a splice and
 * follows other people's concurrent typing without moving our caret.
 */
export function TextEditor({ item }: { item: StickyItem }) {
  const editor = useEditor();
  const viewport = useStore(editor.viewport);
  const ref = useRef<HTMLTextAreaElement>(null);
  const [value, setValue] = useState(item.text);
  const pendingCaret = useRef<[number, number] | null>(null);

  useEffect(() => {
    const text = itemText(editor.doc, item.id);
    if (!text) return;
    const onChange = (event: Y.YTextEvent, transaction: Y.Transaction) => {
      if (transaction.local) return;
      const area = ref.current;
      if (area) {
        const delta = event.delta as TextDelta[];
        pendingCaret.current = [
          mapPosition(delta, area.selectionStart),
          mapPosition(delta, area.selectionEnd),
        ];
      }
      setValue(text.toString());
    };
    text.observe(onChange);
    return () => text.unobserve(onChange);
  }, [editor, item.id]);

  useLayoutEffect(() => {
    const caret = pendingCaret.current;
    if (caret && ref.current) ref.current.setSelectionRange(caret[0], caret[1]);
    pendingCaret.current = null;
  }, [value]);

  useEffect(() => {
    const area = ref.current;
    if (!area) return;
    area.focus();
    area.setSelectionRange(area.value.length, area.value.length);
  }, []);

  const origin = boardToScreen(viewport, item);
  return (
    <textarea
      ref={ref}
      className="sticky-editor"
      data-testid="sticky-text-editor"
      aria-label="Note text"
      value={value}
      maxLength={10_000}
      spellCheck
      style={{
        left: origin.x,
        top: origin.y,
        width: item.w,
        height: item.h,
        transform: `scale(${viewport.scale}) rotate(${item.rotation}deg)`,
        padding: STICKY_PADDING,
        fontFamily: FONT_FAMILY,
        fontSize: fitFontSize(value, item.w, item.h),
        lineHeight: STICKY_LINE_HEIGHT,
        color: TEXT_COLOR,
        borderRadius: STICKY_RADIUS,
      }}
      onChange={(event) => {
        setValue(event.target.value);
        editor.updateItem(item.id, { text: event.target.value });
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          event.stopPropagation();
          editor.stopEditing();
        }
      }}
      onBlur={() => editor.stopEditing()}
    />
  );
}
