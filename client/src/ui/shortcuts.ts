import { useEffect } from 'react';
import type { BoardEditor, CreateKind } from '../editor/editor';
import type { ToolId } from '../editor/tools';
import { isTypingTarget } from '../lib/typing-target';
import { copyFragment, isFragment, pasteFragment } from './paste-fragment';

/** Single-key tool switches, as in FigJam and tldraw. */
export const TOOL_KEYS: Record<string, ToolId> = {
  v: 'select',
  h: 'hand',
  l: 'connector',
  p: 'pen',
  r: 'rect',
  o: 'ellipse',
  d: 'diamond',
  f: 'frame',
};
/** Single-key creation: the item appears under the pointer (or mid-screen) at once. */
export const CREATE_KEYS: Record<string, CreateKind> = {
  s: 'sticky',
  t: 'text',
};

const NUDGE: Record<string, [number, number]> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};

/** Creates an item of `kind` under the pointer, or mid-screen when the pointer is elsewhere. */
export function createHere(editor: BoardEditor, kind: CreateKind): string | null {
  const pointer = editor.pointer();
  return pointer ? editor.create(kind, pointer) : editor.createAtViewportCenter(kind);
}

/**
 * Board keyboard shortcuts: tools (V H L P R O D F), creation (S T), Esc, Delete, arrows nudge,
 * undo/redo, duplicate, select all, group (Ctrl+G, Ctrl+Shift+G), stacking ([ ]), zoom (Shift+0/1/2, + −). Copy, cut and paste go
 * through the clipboard events, carrying our JSON fragment as text.
 */
export function useBoardShortcuts(editor: BoardEditor): void {
  useEffect(() => {
    // While a snapshot preview covers this board, the keys belong to the preview (it has
    // shortcuts of its own); the editor refuses every change meanwhile anyway.
    const covered = () => editor.readOnly.get().includes('preview');
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || isTypingTarget(event.target) || covered()) return;
      if (document.querySelector('[role="dialog"]')) return;
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
      const run = (action: () => void) => {
        event.preventDefault();
        action();
      };

      if (mod && !event.altKey) {
        if (key === 'z') return run(() => (event.shiftKey ? editor.redo() : editor.undo()));
        if (key === 'y') return run(() => editor.redo());
        if (key === 'd') return run(() => editor.duplicateSelection());
        if (key === 'a') return run(() => editor.selectAll());
        if (key === 'g')
          return run(() => (event.shiftKey ? editor.ungroupSelection() : editor.groupSelection()));
        if (key === ']')
          return run(() => editor.reorderSelection(event.shiftKey ? 'front' : 'forward'));
        if (key === '[')
          return run(() => editor.reorderSelection(event.shiftKey ? 'back' : 'backward'));
        return; // c / x / v: the clipboard events below
      }
      if (event.altKey) return;

      if (NUDGE[event.key]) {
        if (editor.selection.get().length === 0) return;
        const [dx, dy] = NUDGE[event.key]!;
        const step = event.shiftKey ? 10 : 1;
        return run(() => editor.nudgeSelection(dx * step, dy * step));
      }
      if (event.shiftKey) {
        if (event.code === 'Digit1') return run(() => editor.zoomToFit());
        if (event.code === 'Digit2') return run(() => editor.zoomToSelection());
        if (event.code === 'Digit0') return run(() => editor.zoomTo(1));
        if (key === '}' || key === ']') return run(() => editor.reorderSelection('front'));
        if (key === '{' || key === '[') return run(() => editor.reorderSelection('back'));
      }
      if (key === '+' || key === '=') return run(() => editor.zoomBy(1.25));
      if (key === '-') return run(() => editor.zoomBy(1 / 1.25));
      if (key === ']') return run(() => editor.reorderSelection('forward'));
      if (key === '[') return run(() => editor.reorderSelection('backward'));
      if (event.shiftKey) return;

      if (TOOL_KEYS[key]) return run(() => editor.setTool(TOOL_KEYS[key]!));
      if (CREATE_KEYS[key]) {
        if (event.repeat || !editor.canEdit) return;
        return run(() => {
          editor.setTool('select');
          createHere(editor, CREATE_KEYS[key]!);
        });
      }
      switch (event.key) {
        case 'Delete':
        case 'Backspace':
          if (!editor.canEdit) return;
          return run(() => editor.deleteSelection());
        case 'Escape':
          return run(() => editor.escape());
        case 'Enter': {
          const [only, ...rest] = editor.selection.get();
          if (only && rest.length === 0 && editor.canEdit) run(() => editor.startEditing(only));
          return;
        }
      }
    };

    const onCopy = (event: ClipboardEvent) => {
      if (isTypingTarget(event.target) || !event.clipboardData || covered()) return;
      const text = copyFragment(editor);
      if (!text) return;
      event.preventDefault();
      event.clipboardData.setData('text/plain', text);
      if (event.type === 'cut') editor.deleteSelection();
    };
    const onPaste = (event: ClipboardEvent) => {
      if (isTypingTarget(event.target) || !event.clipboardData || covered()) return;
      const text = event.clipboardData.getData('text/plain');
      if (!isFragment(text)) return;
      // Ours, even if its pictures must be linked before the items land (paste-fragment.ts).
      event.preventDefault();
      void pasteFragment(editor, text);
    };

    window.addEventListener('keydown', onKeyDown);
    document.addEventListener('copy', onCopy);
    document.addEventListener('cut', onCopy);
    document.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      document.removeEventListener('copy', onCopy);
      document.removeEventListener('cut', onCopy);
      document.removeEventListener('paste', onPaste);
    };
  }, [editor]);
}
