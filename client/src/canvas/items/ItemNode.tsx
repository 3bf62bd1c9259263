import { memo, useLayoutEffect } from 'react';
import type { BoardEditor } from '../../editor/editor';
import { drawFromPicture } from '../item-pictures';
import { ConnectorNode } from './ConnectorNode';
import { FrameNode } from './FrameNode';
import { ImageNode } from './ImageNode';
import { PenNode } from './PenNode';
import { ShapeNode } from './ShapeNode';
import { StickyNode } from './StickyNode';
import { TextNode } from './TextNode';
import { useItemLook, usePlacedNode, useStoreValue } from './use-item';

/**
 * One item on the board, whatever its type. It subscribes to its own record only, so a change to
 * another item never re-renders it, and it takes nothing but its id from its parent. A move (a
 * change of position alone, the commonest remote change) re-renders nothing either: the item's
 * node is moved directly, and React renders only when the item's look changes.
 */
export const ItemNode = memo(function ItemNode({
  id,
  editor,
}: {
  id: string;
  editor: BoardEditor;
}) {
  const item = useItemLook(editor.items, id);
  const editing = useStoreValue(editor.editingId, (editingId) => editingId === id);
  const nodeRef = usePlacedNode(editor.items, id);
  // Notes redrawn beside a moving one copy a picture of themselves (not in the naive baseline).
  const pictured = item?.type === 'sticky' && editor.culling.get();
  useLayoutEffect(() => {
    const node = nodeRef.current;
    return pictured && node ? drawFromPicture(node) : undefined;
  }, [pictured, nodeRef]);
  if (!item) return null;
  switch (item.type) {
    case 'sticky':
      return <StickyNode item={item} editing={editing} nodeRef={nodeRef} />;
    case 'text':
      return <TextNode item={item} editing={editing} nodeRef={nodeRef} />;
    case 'shape':
      return <ShapeNode item={item} editing={editing} nodeRef={nodeRef} />;
    case 'frame':
      return <FrameNode item={item} editing={editing} nodeRef={nodeRef} />;
    case 'pen':
      return <PenNode item={item} nodeRef={nodeRef} />;
    case 'image':
      return <ImageNode item={item} nodeRef={nodeRef} />;
    case 'connector':
      return <ConnectorNode item={item} items={editor.items} editing={editing} />;
  }
});
