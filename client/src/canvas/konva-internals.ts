import Konva from 'konva';

/*
 * The one place that uses Konva's private API. Konva is pinned to an exact version in
 * package.json, and konva-internals.test.ts fails when either use below stops working, so an
 * upgrade that changes them breaks a test, not the canvas.
 */

/**
 * The browser's 2D context behind a Konva context (its private `_context`): the dot grid, the
 * blocks, soft shadows and partial redraws draw on it directly, where Konva's wrapper would cost
 * a call per operation.
 */
export function nativeContext(context: Konva.Context): CanvasRenderingContext2D {
  return context._context;
}

const requestDrawListeners = new Set<(node: Konva.Node) => void>();

/**
 * Calls `listener` with every node that asks its layer to redraw, before Konva schedules the draw:
 * Konva does so through the private `Node.prototype._requestDraw` whenever a node, or a
 * container's children, change, and the stage does for a camera change. Konva is patched once per
 * page; returns a function that removes the listener.
 */
export function onRequestDraw(listener: (node: Konva.Node) => void): () => void {
  if (requestDrawListeners.size === 0 && !patched) patchRequestDraw();
  requestDrawListeners.add(listener);
  return () => requestDrawListeners.delete(listener);
}

let patched = false;

function patchRequestDraw(): void {
  patched = true;
  const requestDraw = Konva.Node.prototype._requestDraw;
  if (typeof requestDraw !== 'function') {
    throw new Error('Konva no longer has Node.prototype._requestDraw; see konva-internals.ts');
  }
  Konva.Node.prototype._requestDraw = function (this: Konva.Node) {
    for (const listener of requestDrawListeners) listener(this);
    requestDraw.call(this);
  };
}

let addPatched = false;

/**
 * Makes a layer added to a stage draw at the next animation frame, with the rest of the frame's
 * draws, instead of at once. Konva's `Stage#add` sizes the layer and calls its `draw()` before
 * putting its canvas in the page; react-konva adds the items layer with every node of the board's
 * first view already in it, and those nodes have asked for a frame's draw too (adding a child
 * does), so the board's first view was drawn twice before its first frame (~17 ms at 35 notes
 * in software rendering). The frame's draw runs before the browser paints that frame, so no
 * frame shows the layer empty. Konva is patched once per page.
 */
export function drawAddedLayersAtNextFrame(): void {
  if (addPatched) return;
  addPatched = true;
  const add = Konva.Stage.prototype.add;
  if (typeof add !== 'function' || typeof Konva.Layer.prototype.batchDraw !== 'function') {
    throw new Error('Konva no longer has Stage#add or Layer#batchDraw; see konva-internals.ts');
  }
  Konva.Stage.prototype.add = function (this: Konva.Stage, layer: Konva.Layer, ...rest) {
    if (rest.length > 0) return add.call(this, layer, ...rest);
    return drawingAtNextFrame([layer], () => add.call(this, layer));
  };
}

/** Runs `run` with each layer's `draw()` asking for a draw at the next animation frame instead. */
function drawingAtNextFrame<T>(layers: Konva.Layer[], run: () => T): T {
  const saved = layers.map((layer) => {
    const own = Object.prototype.hasOwnProperty.call(layer, 'draw');
    const draw = layer.draw;
    layer.draw = () => layer.batchDraw();
    return () => {
      if (own) layer.draw = draw;
      else Reflect.deleteProperty(layer, 'draw');
    };
  });
  try {
    return run();
  } finally {
    saved.forEach((restore) => restore());
  }
}

/**
 * Resizes the stage, its layers' canvases drawn at the next animation frame: Konva's Stage#size
 * draws every layer (scene and hit canvases) at once, and camera-shift.ts resizes the stage at the
 * first step of a pan and sets the new camera right after, so that draw was of the old camera and
 * thrown away (the frame's draw, before the browser paints the frame, draws the new one).
 */
export function resizeStage(stage: Konva.Stage, size: { width: number; height: number }): void {
  drawingAtNextFrame(stage.getLayers(), () => stage.size(size));
}

let hiddenSizingPatched = false;
/** The stage's size for each hidden layer that was not given it (see sizeHiddenLayersWhenShown). */
const pendingSizes = new WeakMap<Konva.Layer, { width: number; height: number }>();

/**
 * Leaves a hidden layer's canvases at their size while it stays hidden, and sizes them to the
 * stage when it is shown. Every resize of a canvas reallocates its pixels (2.5 ms for a
 * window-sized canvas in software rendering, 5-15 ms on a loaded machine), and the stage resizes
 * every layer, scene and hit canvas, when it adds the layer (the board's opening) and at the first
 * step of each pan and again when it rests (camera-shift.ts): the selection's layer, hidden with
 * nothing selected, cost two of those three reallocations each time. Its hit canvas stays as it is
 * too: a layer's draw sizes that to the stage (Konva's private `Layer#_syncHitCanvasSize`, called
 * by `drawHit`), and the stage draws every layer, hidden ones included, at each camera change, so
 * the first step of a pan reallocated it at the grown size (6.5 ms on a slow machine) and the rest
 * again. Konva's private `Layer#_setSize` is what Stage#add and Stage#size call per layer, and its
 * private `Layer#_checkVisibility` what `visible(true)` calls before the layer asks for its draw.
 * Konva is patched once per page, before any layer is made (a layer binds `_checkVisibility` as it
 * is made).
 */
export function sizeHiddenLayersWhenShown(): void {
  if (hiddenSizingPatched) return;
  hiddenSizingPatched = true;
  const proto = Konva.Layer.prototype;
  const setSize = proto._setSize;
  const checkVisibility = proto._checkVisibility;
  const syncHitCanvasSize = proto._syncHitCanvasSize;
  if (
    typeof setSize !== 'function' ||
    typeof checkVisibility !== 'function' ||
    typeof syncHitCanvasSize !== 'function'
  ) {
    throw new Error(
      'Konva no longer has Layer#_setSize, #_checkVisibility or #_syncHitCanvasSize; ' +
        'see konva-internals.ts',
    );
  }
  proto._syncHitCanvasSize = function (this: Konva.Layer) {
    if (this.visible()) syncHitCanvasSize.call(this);
  };
  proto._setSize = function (this: Konva.Layer, size: { width: number; height: number }) {
    if (this.visible()) {
      pendingSizes.delete(this);
      return setSize.call(this, size);
    }
    pendingSizes.set(this, { width: size.width, height: size.height });
    return this;
  };
  proto._checkVisibility = function (this: Konva.Layer) {
    const pending = this.visible() ? pendingSizes.get(this) : undefined;
    if (pending) {
      pendingSizes.delete(this);
      setSize.call(this, pending);
    }
    checkVisibility.call(this);
  };
}

let batchPatched = false;
/** Layers whose draw is queued for the next animation frame (see drawLayersOncePerFrame). */
const queued = new WeakSet<Konva.Layer>();

/**
 * Makes `Layer#batchDraw` queue at most one draw per layer and frame. Konva keeps that in the
 * layer's `_waitingForDraw`, which the Layer constructor resets after its `super()` call has
 * already set the layer's attributes (its name), asked for a draw and queued it: the next
 * request (adding the first child) queued a second, and every layer drew twice in the board's
 * first frame. Konva is patched once per page.
 */
export function drawLayersOncePerFrame(): void {
  if (batchPatched) return;
  batchPatched = true;
  const util = Konva.Util as unknown as {
    requestAnimFrame?: (callback: () => void, win?: Window) => void;
  };
  const { requestAnimFrame } = util;
  if (typeof requestAnimFrame !== 'function') {
    throw new Error('Konva no longer has Util.requestAnimFrame; see konva-internals.ts');
  }
  Konva.Layer.prototype.batchDraw = function (this: Konva.Layer) {
    if (queued.has(this)) return this;
    queued.add(this);
    const stage = this.getStage() as unknown as { _getOwnerWindow?: () => Window } | null;
    requestAnimFrame.call(
      util,
      () => {
        // Drawn already if drawQueuedNow came first.
        if (queued.delete(this)) this.draw();
      },
      stage?._getOwnerWindow?.(),
    );
    return this;
  };
}

/**
 * Draws a layer now if it has asked for a draw at the next animation frame (that frame then does
 * not draw it again): the draw that frame would make, with every change the page has received.
 * Returns whether it drew. Only with drawLayersOncePerFrame's batchDraw.
 */
export function drawQueuedNow(layer: Konva.Layer): boolean {
  if (!queued.delete(layer)) return false;
  layer.draw();
  return true;
}

/** What Konva's `Text#_setTextData` computes: the lines and the sizes read when drawing them. */
interface TextLayout {
  lines: Konva.Text['textArr'];
  textWidth: number;
  textHeight: number;
  baselineShift: number;
}

/** How many layouts and font metrics are kept: a few screens of distinct notes. */
const TEXT_MEMO_SIZE = 2000;
const layouts = new Map<string, TextLayout>();
const metrics = new Map<string, ReturnType<Konva.Text['measureSize']>>();
let textPatched = false;

function remember<V>(memo: Map<string, V>, key: string, value: V): void {
  // Oldest first: Map keeps insertion order, so this drops the layout used longest ago to be made.
  if (memo.size >= TEXT_MEMO_SIZE) memo.delete(memo.keys().next().value!);
  memo.set(key, value);
}

/**
 * Makes Konva lay out a text it has laid out before (same string, font, box and wrapping) from
 * memory instead of measuring it again. Konva's private `Text#_setTextData` measures every line
 * with the canvas's measureText, and its `measureSize` (called by each layout and each draw)
 * sets the font on a canvas between a save and a restore; a sticky note's text was laid out twice
 * when it mounted (text-fit.ts's probe, which chooses the font size, then the note's own node)
 * and measured its font three times. A layout is remembered without its box's height: a fixed
 * height only cuts lines off, so a node whose lines all fit takes the layout made without one.
 * Konva is patched once per page.
 */
export function memoizeTextLayout(): void {
  if (textPatched) return;
  textPatched = true;
  const proto = Konva.Text.prototype;
  const { _setTextData: setTextData, measureSize } = proto;
  if (typeof setTextData !== 'function' || typeof measureSize !== 'function') {
    throw new Error(
      'Konva no longer has Text#_setTextData or Text#measureSize; see konva-internals.ts',
    );
  }
  proto.measureSize = function (this: Konva.Text, text: string) {
    const key = `${this._getContextFont()}\n${text}`;
    let size = metrics.get(key);
    if (!size) {
      size = measureSize.call(this, text);
      remember(metrics, key, size);
    }
    return size;
  };
  proto._setTextData = function (this: Konva.Text) {
    const { height } = this.attrs as { height?: number | 'auto' };
    const fixedHeight = height !== undefined && height !== 'auto';
    // Ellipses and per-character drawing depend on more than the key says: not remembered.
    if (this.ellipsis() || this.charRenderFunc()) return setTextData.call(this);
    // The text last: it is the only part that may hold a line break.
    const key = `${[
      this._getContextFont(),
      this.attrs.width,
      this.padding(),
      this.lineHeight(),
      this.wrap(),
      this.align(),
      this.direction(),
      this.letterSpacing(),
    ].join('\n')}\n${this.text()}`;
    const bounded = fixedHeight ? layouts.get(`${height}\n${key}`) : undefined;
    const unbounded = bounded ? undefined : layouts.get(key);
    const known =
      bounded ??
      (unbounded && (!fixedHeight || allFit(this, unbounded.lines.length, height))
        ? unbounded
        : undefined);
    if (known) {
      this.textArr = known.lines.map((line) => ({ ...line }));
      this.textWidth = known.textWidth;
      this.textHeight = known.textHeight;
      this._baselineShift = known.baselineShift;
      return;
    }
    setTextData.call(this);
    remember(layouts, fixedHeight ? `${height}\n${key}` : key, {
      lines: this.textArr.map((line) => ({ ...line })),
      textWidth: this.textWidth,
      textHeight: this.textHeight,
      baselineShift: this._baselineShift,
    });
  };
}

/**
 * Whether `count` lines fit in a text box `height` tall without Konva cutting any off: it stops
 * after a line when one more would pass the height, summing line heights as it does.
 */
function allFit(text: Konva.Text, count: number, height: number): boolean {
  const lineHeight = text.lineHeight() * +text.fontSize();
  const room = height - text.padding() * 2;
  let used = 0;
  for (let line = 1; line < count; line++) used += lineHeight;
  return count <= 1 || used + lineHeight <= room;
}
