import Konva from 'konva';
import type { Canvas } from 'konva/lib/Canvas';
import { SceneContext } from 'konva/lib/Context';
import { describe, expect, it } from 'vitest';
import { nativeContext, onRequestDraw } from './konva-internals';

// These fail when a Konva upgrade changes the private API that konva-internals.ts uses.
describe('Konva internals', () => {
  it('asks for a redraw through Node.prototype._requestDraw when a node changes', () => {
    const asked: Konva.Node[] = [];
    const stop = onRequestDraw((node) => asked.push(node));
    const group = new Konva.Group();
    const rect = new Konva.Rect({ x: 0, y: 0, width: 10, height: 10 });
    rect.x(5);
    expect(asked).toContain(rect);
    asked.length = 0;
    group.add(rect);
    expect(asked.length).toBeGreaterThan(0);
    stop();
    asked.length = 0;
    rect.y(5);
    expect(asked).toEqual([]);
  });

  it('sizes each layer of a stage through Layer#_setSize', () => {
    expect(typeof Konva.Layer.prototype._setSize).toBe('function');
    expect(Konva.Stage.prototype._resizeDOM.toString()).toContain('_setSize');
  });

  it('keeps the browser 2D context of a scene context in _context', () => {
    const native = { marker: 'the 2D context' };
    // A Konva canvas as far as SceneContext reads it: its element, whose 2D context it keeps.
    const canvas = { _canvas: { getContext: () => native } };
    const context = new SceneContext(canvas as unknown as Canvas);
    expect(nativeContext(context)).toBe(native);
  });
});
