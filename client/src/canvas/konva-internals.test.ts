import Konva from 'konva';
import type { Canvas } from 'konva/lib/Canvas';
import { SceneContext } from 'konva/lib/Context';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoizeTextLayout, nativeContext, onRequestDraw } from './konva-internals';

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

  // partial-redraw.ts learns of a removed node only through this: its layer draws in full then.
  it('asks for a redraw of the container a node is removed from', () => {
    const container = new Konva.Group();
    const note = new Konva.Group({ id: 'note' });
    container.add(note, new Konva.Rect());
    const asked: Konva.Node[] = [];
    const stop = onRequestDraw((node) => asked.push(node));
    note.destroy();
    stop();
    expect(asked).toContain(container);
  });

  it('sizes each layer of a stage through Layer#_setSize', () => {
    expect(typeof Konva.Layer.prototype._setSize).toBe('function');
    expect(Konva.Stage.prototype._resizeDOM.toString()).toContain('_setSize');
  });

  it("sizes a layer's hit canvas through Layer#_syncHitCanvasSize when it draws", () => {
    expect(typeof Konva.Layer.prototype._syncHitCanvasSize).toBe('function');
    expect(Konva.Layer.prototype.drawHit.toString()).toContain('_syncHitCanvasSize');
  });

  it('keeps the browser 2D context of a scene context in _context', () => {
    const native = { marker: 'the 2D context' };
    // A Konva canvas as far as SceneContext reads it: its element, whose 2D context it keeps.
    const canvas = { _canvas: { getContext: () => native } };
    const context = new SceneContext(canvas as unknown as Canvas);
    expect(nativeContext(context)).toBe(native);
  });
});

describe('memoizeTextLayout', () => {
  // A canvas for Konva's text measuring, as in a browser: each character is half the font's size wide.
  const measured: string[] = [];
  const context = {
    font: '',
    fontKerning: 'auto',
    save() {},
    restore() {},
    measureText(text: string) {
      measured.push(text);
      const size = Number(/(\d+)px/.exec(this.font)?.[1] ?? 10);
      return {
        width: (text.length * size) / 2,
        fontBoundingBoxAscent: size,
        fontBoundingBoxDescent: 2,
      };
    },
  };
  // Only for this block's tests: the block above runs against Konva's own canvas.
  const createCanvasElement = Konva.Util.createCanvasElement;
  beforeAll(() => {
    Konva.Util.createCanvasElement = () =>
      ({ style: {}, getContext: () => context }) as unknown as HTMLCanvasElement;
    memoizeTextLayout();
  });
  afterAll(() => {
    Konva.Util.createCanvasElement = createCanvasElement;
  });
  const note = {
    text: 'Ship the onboarding flow before the launch review',
    width: 120,
    padding: 10,
    fontSize: 20,
    lineHeight: 1.5,
    wrap: 'word',
  };
  const lines = (text: Konva.Text) => text.textArr.map((line) => line.text);

  it('lays out a text laid out before (same string, font and box) without measuring it again', () => {
    const probe = new Konva.Text(note);
    measured.length = 0;
    // The note's own node: its box is as tall as the note, and every line fits in it.
    const drawn = new Konva.Text({ ...note, height: 200 });
    expect(measured).toEqual([]);
    expect(lines(drawn)).toEqual(lines(probe));
    expect(lines(drawn)).toEqual([
      'Ship the',
      'onboarding',
      'flow',
      'before the',
      'launch',
      'review',
    ]);
    expect(drawn.textArr).not.toBe(probe.textArr);
    expect(drawn.measureSize('M')).toEqual(probe.measureSize('M'));
    expect(measured).toEqual([]);
  });

  it('lays out again what another font, box or text changes, and cuts off what does not fit', () => {
    const drawn = new Konva.Text({ ...note, height: 200 });
    measured.length = 0;
    drawn.fontSize(10);
    expect(measured.length).toBeGreaterThan(0);
    expect(lines(drawn)).toEqual(['Ship the onboarding', 'flow before the', 'launch review']);
    drawn.text('Ship it');
    expect(lines(drawn)).toEqual(['Ship it']);
    // Room for two lines of 30 px: Konva stops after the second, as without the memo.
    const cut = new Konva.Text({ ...note, height: 2 * 10 + 2 * 30 + 5 });
    expect(lines(cut)).toEqual(['Ship the', 'onboarding']);
    const again = new Konva.Text({ ...note, height: 2 * 10 + 2 * 30 + 5 });
    expect(lines(again)).toEqual(['Ship the', 'onboarding']);
  });
});
