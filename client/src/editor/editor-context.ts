import { createContext, useContext } from 'react';
import type { BoardEditor } from './editor';
import { useStore } from '../lib/store';

export const EditorContext = createContext<BoardEditor | null>(null);

/** The editor of the board this component is rendered in. */
export function useEditor(): BoardEditor {
  const editor = useContext(EditorContext);
  if (!editor) throw new Error('useEditor must be used inside a board');
  return editor;
}

/** True while we may change the board; re-renders when it turns read-only or back. */
export function useCanEdit(): boolean {
  const editor = useEditor();
  return useStore(editor.readOnly).length === 0;
}
