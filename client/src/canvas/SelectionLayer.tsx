import { routeConnector } from '@weboard/shared';
import type { BoardItem, ItemPatch } from '@weboard/shared';
import type Konva from 'konva';
import { useEffect, useRef } from 'react';
import { Layer, Line, Rect, Transformer } from 'react-konva';
import type { BoardEditor } from '../editor/editor';
import { useStore } from '../lib/store';
import { OverlayShapes } from './OverlayShapes';
import { useItem, useStoreValue } from './items/use-item';
import { SELECTION_COLOR } from './theme';

const MIN_SIZE = 12;

/**
 * The interactive layer: outlines of the selection, the Konva Transformer that resizes and rotates
 * one or many items, and the gesture overlay (marquee, snap guides, drafts). Items themselves sit
 * on a static layer that never listens for events.
 */
export function SelectionLayer({ editor }: { editor: BoardEditor }) {
  const selection = useStore(editor.selection);
  const editingId = useStore(editor.editingId);
  const tool = useStore(editor.tool);
  const canEdit = useStore(editor.readOnly).length === 0;
  const transformer = useRef<Konva.Transformer>(null);
  const proxies = useRef(new Map<string, Konva.Rect>());
  const transforming = useRef(false);

  const transformable = selection.filter((id) => {
    const item = editor.items.byId(id);
    return item && item.type !== 'connector' && editor.canMove(item);
  });
  const key = transformable.join(',');
  // Pictures keep their proportions from a corner (the side handles still stretch them).
  const onlyImages =
    transformable.length > 0 &&
    transformable.every((id) => editor.items.byId(id)?.type === 'image');

  useEffect(() => {
    const node = transformer.current;
    if (!node) return;
    const ids = key ? key.split(',') : [];
    node.nodes(ids.map((id) => proxies.current.get(id)).filter((p): p is Konva.Rect => !!p));
    node.getLayer()?.batchDraw();
  }, [key, editingId]);

  const readPatches = () => {
    const changes: { id: string; patch: ItemPatch }[] = [];
    for (const id of key.split(',')) {
      const proxy = proxies.current.get(id);
      if (!proxy) continue;
      const w = Math.max(MIN_SIZE, proxy.width() * proxy.scaleX());
      const h = Math.max(MIN_SIZE, proxy.height() * proxy.scaleY());
      // Bake the scale into the size at once, so the proxy and the item agree at every step.
      proxy.setAttrs({ width: w, height: h, scaleX: 1, scaleY: 1 });
      changes.push({ id, patch: { x: proxy.x(), y: proxy.y(), w, h, rotation: proxy.rotation() } });
    }
    return changes;
  };

  // Only the select tool resizes: with another tool a press on a handle must reach that tool.
  const showTransformer = canEdit && transformable.length > 0 && !editingId && tool === 'select';
  const single = selection.length === 1;
  return (
    // Made hidden: a board opens with nothing selected, and a hidden layer's canvases are not
    // sized until it is shown (sizeHiddenLayersWhenShown). hideWhileEmpty (BoardCanvas) shows it
    // while it draws something; React sets `visible` only here, as the layer is made.
    <Layer visible={false}>
      {selection.map((id) => (
        <SelectionOutline
          key={id}
          id={id}
          editor={editor}
          outline={!single || !showTransformer}
          register={(node) => {
            if (node) proxies.current.set(id, node);
            else proxies.current.delete(id);
          }}
        />
      ))}
      {showTransformer && (
        <Transformer
          ref={transformer}
          name="transformer"
          keepRatio={onlyImages}
          rotateEnabled
          rotationSnaps={[0, 45, 90, 135, 180, 225, 270, 315]}
          rotationSnapTolerance={4}
          rotateAnchorOffset={26}
          anchorSize={9}
          anchorCornerRadius={2}
          anchorStroke={SELECTION_COLOR}
          anchorFill="#ffffff"
          anchorStrokeWidth={1.5}
          borderStroke={SELECTION_COLOR}
          borderStrokeWidth={1.5}
          ignoreStroke
          flipEnabled={false}
          boundBoxFunc={(old, next) =>
            Math.abs(next.width) < MIN_SIZE || Math.abs(next.height) < MIN_SIZE ? old : next
          }
          onTransformStart={() => {
            transforming.current = true;
            editor.beginGesture();
          }}
          onTransform={() => editor.applyTransforms(readPatches())}
          onTransformEnd={() => {
            editor.applyTransforms(readPatches());
            editor.endGesture();
            transforming.current = false;
          }}
        />
      )}
      <OverlayShapes editor={editor} />
    </Layer>
  );
}

interface OutlineProps {
  id: string;
  editor: BoardEditor;
  outline: boolean;
  register(node: Konva.Rect | null): void;
}

/** The box the Transformer holds for one selected item, outlined when several are selected. */
function SelectionOutline({ id, editor, outline, register }: OutlineProps) {
  const item = useItem(editor.items, id);
  const scale = useStoreValue(editor.viewport, (v) => v.scale);
  if (!item) return null;
  if (item.type === 'connector') return <ConnectorOutline item={item} editor={editor} />;
  return (
    <Rect
      ref={register}
      x={item.x}
      y={item.y}
      width={item.w}
      height={item.h}
      rotation={item.rotation}
      stroke={outline ? SELECTION_COLOR : undefined}
      strokeWidth={1.5}
      strokeScaleEnabled={false}
      cornerRadius={item.type === 'sticky' ? 6 / scale : 0}
      listening={false}
    />
  );
}

function ConnectorOutline({
  item,
  editor,
}: {
  item: Extract<BoardItem, { type: 'connector' }>;
  editor: BoardEditor;
}) {
  useItem(editor.items, item.from.itemId);
  useItem(editor.items, item.to.itemId);
  const route = routeConnector(item, editor.items.byId);
  const scale = editor.viewport.get().scale;
  return (
    <>
      <Line
        points={route.points.flatMap((p) => [p.x, p.y])}
        stroke={SELECTION_COLOR}
        opacity={0.35}
        strokeWidth={item.strokeWidth + 6 / scale}
        lineCap="round"
        lineJoin="round"
        listening={false}
      />
      {[route.start, route.end].map((p, i) => (
        <Rect
          key={i}
          name="connector-end-handle"
          x={p.x - 5 / scale}
          y={p.y - 5 / scale}
          width={10 / scale}
          height={10 / scale}
          cornerRadius={5 / scale}
          fill="#ffffff"
          stroke={SELECTION_COLOR}
          strokeWidth={1.5 / scale}
          listening={false}
        />
      ))}
    </>
  );
}
