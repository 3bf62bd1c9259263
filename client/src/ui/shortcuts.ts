import { useEffect } from 'react';
import type { BoardEditor } from '../editor/editor';

/** True when a key press belongs to a text field or an open dialog, not to the board. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target.closest('[role="dialog"]')) return true;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT';
}

/** Board keyboard shortcuts: S adds a note at the pointer, Delete/Backspace removes, Esc deselects. */
export function useBoardShortcuts(editor: BoardEditor): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || isTypingTarget(event.target)) return;
      if (document.querySelector('[role="dialog"]')) return;
      const plain = !event.ctrlKey && !event.metaKey && !event.altKey;
      switch (event.key) {
        case 's':
        case 'S':
          if (!plain || event.repeat || !editor.canEdit) return;
          event.preventDefault();
          {
            const pointer = editor.pointer();
            if (pointer) editor.createStickyAt(pointer);
            else editor.createStickyAtViewportCenter();
          }
          return;
        case 'Delete':
        case 'Backspace':
          if (!editor.canEdit) return;
          event.preventDefault();
          editor.deleteSelection();
          return;
        case 'Escape':
          editor.select([]);
          return;
        case 'Enter': {
          const [only, ...rest] = editor.selection.get();
          if (only && rest.length === 0 && editor.canEdit) {
            event.preventDefault();
            editor.startEditing(only);
          }
          return;
        }
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [editor]);
}
