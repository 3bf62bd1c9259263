import Konva from 'konva';
import { onRequestDraw } from './konva-internals';

/** Whether a node draws nothing: hidden, a group of such nodes, or a Transformer holding none. */
export function drawsNothing(node: Konva.Node): boolean {
  if (!node.visible()) return true;
  if (node instanceof Konva.Transformer) return node.nodes().length === 0;
  if (node instanceof Konva.Container) return node.getChildren().every(drawsNothing);
  return false;
}

/**
 * Hides a layer while it draws nothing (the selection's layer with nothing selected). Every
 * layer is cleared and redrawn on each camera change, and in software rendering the browser hands
 * every visible canvas to the compositor again on every frame, changed or not (~0.6-1 ms per
 * window-sized canvas): an empty layer costs as much as a full one. A hidden layer's canvas is
 * out of the page until a node of it changes, and is not resized with the stage until then
 * (sizeHiddenLayersWhenShown).
 */
export function hideWhileEmpty(layer: Konva.Layer): () => void {
  let queued = false;
  const check = () => {
    queued = false;
    const empty = layer.getChildren().every(drawsNothing);
    if (layer.visible() === empty) layer.visible(!empty);
  };
  const stop = onRequestDraw((node) => {
    if (queued || (node !== layer && node.getLayer() !== layer)) return;
    queued = true;
    // After the change's whole batch (React commits many nodes at once), before the frame draws.
    queueMicrotask(check);
  });
  check();
  return () => {
    stop();
    layer.visible(true);
  };
}
