/** A small PNG of what the canvas shows now, for the snapshot list (Konva's stage.toDataURL). */
export function thumbnail(): string | undefined {
  const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="board-canvas"] canvas');
  if (!canvas || canvas.width === 0) return undefined;
  const width = 240;
  const height = Math.max(1, Math.round((canvas.height / canvas.width) * width));
  const small = document.createElement('canvas');
  small.width = width;
  small.height = height;
  const context = small.getContext('2d');
  if (!context) return undefined;
  context.fillStyle = '#f8fafc';
  context.fillRect(0, 0, width, height);
  for (const layer of document.querySelectorAll<HTMLCanvasElement>(
    '[data-testid="board-canvas"] canvas',
  )) {
    // A hidden layer (the selection's, with nothing selected) shows nothing, and its canvas may
    // have no size at all (see sizeHiddenLayersWhenShown).
    if (layer.style.display === 'none' || layer.width === 0 || layer.height === 0) continue;
    context.drawImage(layer, 0, 0, width, height);
  }
  return small.toDataURL('image/png');
}
