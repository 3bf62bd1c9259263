import type Konva from 'konva';
import { describe, expect, it } from 'vitest';
import type { BoardEditor } from '../editor/editor';
import { createStore } from '../lib/store';
import { boardToCanvas, cameraStep, installCameraShift, PAN_MARGIN } from './camera-shift';

const at = (x: number, y: number, scale = 0.8) => ({ x, y, scale });

describe('camera steps', () => {
  it('draws a zoom at once, at the window size', () => {
    const resting = { camera: at(0, 0), margin: 0 };
    expect(cameraStep(resting, at(0, 0, 0.9), 1)).toEqual({ kind: 'draw', margin: 0 });
    const panning = { camera: at(10, 10), margin: PAN_MARGIN };
    expect(cameraStep(panning, at(10, 10, 0.7), 1)).toEqual({ kind: 'draw', margin: 0 });
  });

  it('grows the canvases on the first pan step, then moves them by whole device pixels', () => {
    expect(cameraStep({ camera: at(0, 0), margin: 0 }, at(12.5, 7.5), 1)).toEqual({
      kind: 'draw',
      margin: PAN_MARGIN,
    });
    const panning = { camera: at(12.5, 7.5), margin: PAN_MARGIN };
    expect(cameraStep(panning, at(25, 15), 1)).toEqual({ kind: 'move', dx: 13, dy: 8 });
    expect(cameraStep(panning, at(25, 15), 2)).toEqual({ kind: 'move', dx: 12.5, dy: 7.5 });
    expect(cameraStep(panning, at(12.5, 7.5), 1)).toEqual({ kind: 'none' });
  });

  it('draws again when the view reaches the edge of what is drawn', () => {
    const panning = { camera: at(0, 0), margin: PAN_MARGIN };
    expect(cameraStep(panning, at(-PAN_MARGIN + 2, 0), 1).kind).toBe('move');
    expect(cameraStep(panning, at(0, PAN_MARGIN), 1)).toEqual({ kind: 'draw', margin: PAN_MARGIN });
  });

  it('maps board points onto canvases that reach beyond the window', () => {
    expect(boardToCanvas({ camera: at(30, -12, 0.5), margin: 0 }, { x: 100, y: 40 })).toEqual({
      x: 80,
      y: 8,
    });
    expect(boardToCanvas({ camera: at(30, -12, 0.5), margin: 256 }, { x: 100, y: 40 })).toEqual({
      x: 336,
      y: 264,
    });
  });
});

describe('the camera on the stage', () => {
  /** A stage as camera-shift uses it, at Konva's defaults (0, 0, 100 %), recording setAttrs. */
  function fakeStage(width: number, height: number) {
    const attrs = { x: 0, y: 0, scaleX: 1, scaleY: 1, width, height };
    const placed: object[] = [];
    const stage = {
      content: { style: {} },
      width: () => attrs.width,
      size: (size: { width: number; height: number }) => Object.assign(attrs, size),
      x: () => attrs.x,
      y: () => attrs.y,
      scaleX: () => attrs.scaleX,
      scaleY: () => attrs.scaleY,
      setAttrs(next: object) {
        placed.push(next);
        Object.assign(attrs, next);
      },
    };
    return { stage: stage as unknown as Konva.Stage, placed };
  }

  it('sets no attribute a stage already has: Konva would draw every layer again', () => {
    const viewport = createStore({ x: 0, y: 0, scale: 1 });
    const canvasSize = createStore({ width: 800, height: 600 });
    const editor = { viewport, canvasSize } as unknown as BoardEditor;
    const { stage, placed } = fakeStage(800, 600);
    const stop = installCameraShift(stage, editor);
    // The board's first placement, and a resize event of the same size, change nothing.
    canvasSize.set({ width: 800, height: 600 });
    expect(placed).toEqual([]);
    viewport.set({ x: 0, y: 0, scale: 2 });
    expect(placed).toEqual([{ x: 0, y: 0, scaleX: 2, scaleY: 2 }]);
    stop();
  });
});
