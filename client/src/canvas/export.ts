import Konva from 'konva';
import { isImage } from '@weboard/shared';
import { imagesReady } from '../collab/blobs';
import type { BoardEditor } from '../editor/editor';
import { onStage, stagePlacement } from './camera-shift';
import { EXPORT_BACKGROUND } from './theme';

/** Board units of margin around exported content. */
const MARGIN = 32;
/** Largest side of an exported image, in pixels; bigger boards export at a lower ratio. */
const MAX_SIDE = 16_384;

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

/**
 * Renders the whole board (or the selection) to a PNG at 2× pixel ratio on a light background.
 * Culling is switched off for the moment of the export, so items off screen are drawn too.
 */
export async function exportPng(editor: BoardEditor, selectionOnly: boolean): Promise<Blob | null> {
  const content = editor.contentBox(selectionOnly);
  const stage = Konva.stages.find((s) => s.container().closest('[data-testid="board-canvas"]'));
  const layer = stage?.findOne<Konva.Layer>('.items-layer');
  if (!content || !stage || !layer) return null;
  const box = {
    x: content.x - MARGIN,
    y: content.y - MARGIN,
    w: content.w + 2 * MARGIN,
    h: content.h + 2 * MARGIN,
  };
  editor.culling.set(false);
  try {
    // Pictures not yet on screen are fetched first, or the export would show their placeholders.
    await imagesReady(
      editor.items
        .get()
        .filter(isImage)
        .map((item) => item.src),
    );
    await nextFrame();
    await nextFrame();
    // Where the box lies on the layer's canvas, which a pan may have grown and moved.
    const viewport = stagePlacement(stage).camera;
    const topLeft = onStage(stage, box);
    const ratio = Math.min(2, MAX_SIDE / Math.max(box.w, box.h));
    const pixelRatio = ratio / viewport.scale;
    const drawn = layer.toCanvas({
      x: topLeft.x,
      y: topLeft.y,
      width: box.w * viewport.scale,
      height: box.h * viewport.scale,
      pixelRatio,
    });
    const canvas = document.createElement('canvas');
    canvas.width = drawn.width;
    canvas.height = drawn.height;
    const context = canvas.getContext('2d')!;
    context.fillStyle = EXPORT_BACKGROUND;
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(drawn, 0, 0);
    return await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
  } finally {
    editor.culling.set(true);
  }
}

/** Saves a blob as a file through the browser's download. */
export function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
