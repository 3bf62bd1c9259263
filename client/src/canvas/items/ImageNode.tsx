import type Konva from 'konva';
import type { ImageItem } from '@weboard/shared';
import { useEffect, useSyncExternalStore } from 'react';
import type { Ref } from 'react';
import { Group, Image, Rect, Text } from 'react-konva';
import { imageOf, loadImage, subscribeImage } from '../../collab/blobs';
import { FONT_FAMILY } from '../theme';

/** The decoded picture of `hash`, loading it (with the board's token) the first time it is asked for. */
function useBlobImage(hash: string): HTMLImageElement | null | 'failed' {
  useEffect(() => {
    void loadImage(hash);
  }, [hash]);
  return useSyncExternalStore(
    (listener) => subscribeImage(hash, listener),
    () => imageOf(hash),
    () => imageOf(hash),
  );
}

/** A picture stored on the server, stretched to the item's box; a grey placeholder until it loads. */
export function ImageNode({
  item,
  nodeRef,
}: {
  item: ImageItem;
  /** The item's root node, which ItemNode moves. */
  nodeRef?: Ref<Konva.Group>;
}) {
  const image = useBlobImage(item.src);
  return (
    <Group
      ref={nodeRef}
      id={item.id}
      name="item image"
      x={item.x}
      y={item.y}
      rotation={item.rotation}
    >
      {image && image !== 'failed' ? (
        <Image image={image} width={item.w} height={item.h} perfectDrawEnabled={false} />
      ) : (
        <>
          <Rect width={item.w} height={item.h} fill="#e2e8f0" stroke="#cbd5e1" strokeWidth={1} />
          <Text
            width={item.w}
            height={item.h}
            align="center"
            verticalAlign="middle"
            padding={8}
            fontFamily={FONT_FAMILY}
            fontSize={Math.max(10, Math.min(16, item.h / 6))}
            fill="#64748b"
            text={
              image === 'failed' ? `Image not available${item.name ? `: ${item.name}` : ''}` : ''
            }
            ellipsis
          />
        </>
      )}
    </Group>
  );
}
