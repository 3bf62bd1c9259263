import { memo } from 'react';
import type { BoardEditor } from '../../editor/editor';
import { ConnectorNode } from './ConnectorNode';
import { FrameNode } from './FrameNode';
import { ImageNode } from './ImageNode';
import { PenNode } from './PenNode';
import { ShapeNode } from './ShapeNode';
import { StickyNode } from './StickyNode';
import { TextNode } from './TextNode';
import { useItem, useStoreValue } from './use-item';

/**
 * One item on the board, whatever its type. It subscribes to its own record only, so a change to
 * another item never re-renders it, and it takes nothing but its id from its parent.
 */
export const ItemNode = memo(function ItemNode({
  id,
  editor,
}: {
  id: string;
  editor: BoardEditor;
}) {
  const item = useItem(editor.items, id);
  const editing = useStoreValue(editor.editingId, (editingId) => editingId === id);
  if (!item) return null;
  switch (item.type) {
    case 'sticky':
      return <StickyNode item={item} editing={editing} />;
    case 'text':
      return <TextNode item={item} editing={editing} />;
    case 'shape':
      return <ShapeNode item={item} editing={editing} />;
    case 'frame':
      return <FrameNode item={item} editing={editing} />;
    case 'pen':
      return <PenNode item={item} />;
    case 'image':
      return <ImageNode item={item} />;
    case 'connector':
      return <ConnectorNode item={item} items={editor.items} editing={editing} />;
  }
});
