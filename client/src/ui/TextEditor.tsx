import { FRAME_TITLE_HEIGHT, INK, itemText, routeConnector } from '@weboard/shared';
import type { BoardItem } from '@weboard/shared';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { CSSProperties } from 'react';
import type * as Y from 'yjs';
import { fitFontSize, measureTextHeight, stickyHeight } from '../canvas/text-fit';
import {
  FONT_FAMILY,
  SHAPE_LINE_HEIGHT,
  SHAPE_PADDING,
  STICKY_LINE_HEIGHT,
  STICKY_PADDING,
  TEAM_BAND,
  STICKY_RADIUS,
  TEXT_COLOR,
} from '../canvas/theme';
import { useStore } from '../lib/store';
import { mapPosition } from '../editor/text';
import type { TextDelta } from '../editor/text';
import { boardToScreen } from '../editor/viewport';
import { useEditor } from '../editor/editor-context';

type Field = 'text' | 'label' | 'title';

function fieldOf(item: BoardItem): Field | null {
  switch (item.type) {
    case 'sticky':
    case 'shape':
    case 'text':
      return 'text';
    case 'connector':
      return 'label';
    case 'frame':
      return 'title';
    case 'pen':
    case 'image':
      return null;
  }
}

function valueOf(item: BoardItem, field: Field): string {
  const record = item as unknown as Record<Field, unknown>;
  return typeof record[field] === 'string' ? (record[field] as string) : '';
}

/**
 * A textarea laid exactly over the text being edited — a note's or shape's text, a text item, a
 * connector's label or a frame's title — with the canvas's font and box, scaled with the viewport.
 * Note text is a Y.Text: every keystroke is a splice, and other people's concurrent typing flows in
 * without moving our caret.
 */
export function TextEditor({ item }: { item: BoardItem }) {
  const editor = useEditor();
  const viewport = useStore(editor.viewport);
  const field = fieldOf(item);
  const ref = useRef<HTMLTextAreaElement>(null);
  const [value, setValue] = useState(() => (field ? valueOf(item, field) : ''));
  const pendingCaret = useRef<[number, number] | null>(null);

  useEffect(() => {
    if (field !== 'text') return;
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
  }, [editor, item.id, field]);

  useLayoutEffect(() => {
    const caret = pendingCaret.current;
    if (caret && ref.current) ref.current.setSelectionRange(caret[0], caret[1]);
    pendingCaret.current = null;
  }, [value]);

  useEffect(() => {
    const area = ref.current;
    if (!area) return;
    area.focus();
    // Placeholder-like text is replaced by typing; a note's text is continued.
    if (item.type === 'sticky' || item.type === 'shape') {
      area.setSelectionRange(area.value.length, area.value.length);
    } else {
      area.select();
    }
    // Only on opening: later renders must not move the caret.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  if (!field) return null;

  const write = (next: string) => {
    setValue(next);
    if (item.type === 'text') {
      const h = Math.max(
        item.fontSize * SHAPE_LINE_HEIGHT,
        measureTextHeight(next, item.w, item.fontSize, SHAPE_LINE_HEIGHT),
      );
      editor.updateItem(item.id, { text: next, h });
    } else if (item.type === 'sticky') {
      // A note whose text no longer fits at the smallest size grows, so hit tests match the drawing.
      const top = item.teamId || item.sourceKey ? TEAM_BAND : 0;
      const h = stickyHeight(next, item.w, item.h - top) + top;
      editor.updateItem(item.id, h > item.h ? { text: next, h } : { text: next });
    } else if (field === 'text') {
      editor.updateItem(item.id, { text: next });
    } else if (field === 'label') {
      editor.updateItem(item.id, { label: next.slice(0, 1_000) });
    } else {
      editor.updateItem(item.id, { title: next.replace(/\n/g, ' ').slice(0, 200) });
    }
  };

  let box = { x: item.x, y: item.y, w: item.w, h: item.h, rotation: item.rotation };
  let style: CSSProperties = { fontFamily: FONT_FAMILY, color: TEXT_COLOR };
  switch (item.type) {
    case 'sticky': {
      const top = item.teamId || item.sourceKey ? TEAM_BAND : 0;
      box = { ...box, h: stickyHeight(value, item.w, item.h - top) + top };
      style = {
        ...style,
        padding: STICKY_PADDING,
        paddingTop: STICKY_PADDING + top,
        fontSize: fitFontSize(value, item.w, item.h - top),
        lineHeight: STICKY_LINE_HEIGHT,
        borderRadius: STICKY_RADIUS,
      };
      break;
    }
    case 'shape':
      style = {
        ...style,
        padding: `${Math.max(SHAPE_PADDING, item.h / 2 - item.fontSize)}px ${SHAPE_PADDING + (item.kind === 'rect' ? 0 : item.w * 0.15)}px`,
        fontSize: item.fontSize,
        lineHeight: SHAPE_LINE_HEIGHT,
        textAlign: 'center',
      };
      break;
    case 'text':
      style = {
        ...style,
        padding: 0,
        fontSize: item.fontSize,
        fontWeight: 500,
        lineHeight: SHAPE_LINE_HEIGHT,
        color: INK[item.color],
      };
      box = { ...box, h: Math.max(item.h, item.fontSize * SHAPE_LINE_HEIGHT) };
      break;
    case 'frame':
      style = { ...style, padding: 0, fontSize: 15, fontWeight: 600, lineHeight: 1.3 };
      box = { ...box, y: item.y - FRAME_TITLE_HEIGHT + 4, h: 22 };
      break;
    case 'connector': {
      const at = routeConnector(item, editor.items.byId).labelAt;
      style = {
        ...style,
        padding: 6,
        fontSize: 14,
        textAlign: 'center',
        background: '#ffffff',
        borderRadius: 6,
      };
      box = { x: at.x - 80, y: at.y - 16, w: 160, h: 32, rotation: 0 };
      break;
    }
  }

  const origin = boardToScreen(viewport, box);
  return (
    <textarea
      ref={ref}
      className="sticky-editor"
      data-testid="sticky-text-editor"
      data-type={item.type}
      aria-label={field === 'text' ? 'Text' : field === 'label' ? 'Connector label' : 'Frame title'}
      value={value}
      maxLength={field === 'text' ? 10_000 : field === 'label' ? 1_000 : 200}
      spellCheck
      style={{
        ...style,
        left: origin.x,
        top: origin.y,
        width: box.w,
        height: box.h,
        transform: `scale(${viewport.scale}) rotate(${box.rotation}deg)`,
      }}
      onChange={(event) => write(event.target.value)}
      onKeyDown={(event) => {
        const singleLine = field !== 'text';
        if (event.key === 'Escape' || (singleLine && event.key === 'Enter')) {
          event.preventDefault();
          event.stopPropagation();
          editor.stopEditing();
        }
      }}
      onBlur={() => editor.stopEditing()}
    />
  );
}
