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
    const own = Object.prototype.hasOwnProperty.call(layer, 'draw');
    const draw = layer.draw;
    layer.draw = () => layer.batchDraw();
    try {
      return add.call(this, layer);
    } finally {
      if (own) layer.draw = draw;
      else Reflect.deleteProperty(layer, 'draw');
    }
  };
}

let batchPatched = false;

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
  const queued = new WeakSet<Konva.Layer>();
  Konva.Layer.prototype.batchDraw = function (this: Konva.Layer) {
    if (queued.has(this)) return this;
    queued.add(this);
    const stage = this.getStage() as unknown as { _getOwnerWindow?: () => Window } | null;
    requestAnimFrame.call(
      util,
      () => {
        queued.delete(this);
        this.draw();
      },
      stage?._getOwnerWindow?.(),
    );
    return this;
  };
}
