import { createContext, useContext } from 'react';
import type { BoardEditor } from '../editor/editor';

export const EditorContext = createContext<BoardEditor | null>(null);

/** The editor of the board this component is rendered in. */
export function useEditor(): BoardEditor {
  const editor = useContext(EditorContext);
  if (!editor) throw new Error('useEditor must be used inside a board');
  return editor;
}
