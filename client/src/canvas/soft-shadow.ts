/**
 * Soft drop shadows without a blur per frame. A canvas `shadowBlur` makes the browser blur every
 * shadowed item again on every frame, which in software rendering cost more than everything else
 * on screen together. Here each shadow style is blurred once into a small sprite, and items draw
 * it stretched: rounded rectangles as a nine-slice (corners kept, edges stretched, so the blur
 * width is exact at any size), ellipses and diamonds as one scaled image.
 */

export interface ShadowStyle {
  /** Canvas `shadowBlur`, in board units. */
  blur: number;
  /** Opacity of the shadow colour. */
  opacity: number;
  /** How far the shadow falls below the item, in board units. */
  offsetY: number;
}

export type ShadowOutline = 'rect' | 'ellipse' | 'diamond';

const SHADOW_RGB = '15, 23, 42';
/** Sprite pixels per board unit: crisp up to 200 % zoom, and a blur stays soft when enlarged. */
const SPRITE_SCALE = 2;
/** Length of a sprite's stretchable middle, in board units. */
const STRETCH = 2;
/** Diameter of the ellipse and diamond sprites' outline, in board units. */
const ROUND_SIZE = 64;

/** How far a blur reaches beyond the outline (three standard deviations of shadowBlur / 2). */
export function shadowReach(blur: number): number {
  return Math.ceil(blur * 1.5);
}

/** One piece of a nine-slice: a source rectangle in the sprite (board units) and where it goes. */
export interface Slice {
  sx: number;
  sy: number;
  sw: number;
  sh: number;
  dx: number;
  dy: number;
  dw: number;
  dh: number;
}

/**
 * The pieces that draw a rounded rectangle's shadow for an item of `w`×`h` from a sprite laid
 * out by `rectSprite`: four corners, four edges and, unless the item hides it, the middle.
 * Corners shrink on items too small for them, and the pieces tile the shadow's box exactly.
 */
export function nineSlice(
  w: number,
  h: number,
  radius: number,
  style: ShadowStyle,
  withMiddle: boolean,
): Slice[] {
  const reach = shadowReach(style.blur);
  const layout = rectSprite(radius, style.blur);
  const outerW = w + 2 * reach;
  const outerH = h + 2 * reach;
  const cx = Math.min(layout.corner, outerW / 2);
  const cy = Math.min(layout.corner, outerH / 2);
  const x0 = -reach;
  const y0 = -reach + style.offsetY;
  const columns = [
    { sx: 0, sw: cx, dx: x0, dw: cx },
    { sx: layout.corner, sw: STRETCH, dx: x0 + cx, dw: outerW - 2 * cx },
    { sx: layout.size - cx, sw: cx, dx: x0 + outerW - cx, dw: cx },
  ];
  const rows = [
    { sy: 0, sh: cy, dy: y0, dh: cy },
    { sy: layout.corner, sh: STRETCH, dy: y0 + cy, dh: outerH - 2 * cy },
    { sy: layout.size - cy, sh: cy, dy: y0 + outerH - cy, dh: cy },
  ];
  const slices: Slice[] = [];
  rows.forEach((row, r) =>
    columns.forEach((column, c) => {
      if (r === 1 && c === 1 && !withMiddle) return;
      if (column.dw <= 0 || row.dh <= 0) return;
      slices.push({ ...column, ...row });
    }),
  );
  return slices;
}

/**
 * Layout of a rounded rectangle's sprite, in board units: the outline is drawn `reach` in from
 * each side; corners span `corner` (everything the blur and the rounding touch) and the middle
 * `STRETCH` units between them is uniform along its length.
 */
export function rectSprite(radius: number, blur: number): { size: number; corner: number } {
  const reach = shadowReach(blur);
  const corner = 2 * reach + radius;
  return { size: 2 * corner + STRETCH, corner };
}

const sprites = new Map<string, HTMLCanvasElement>();

function paintSprite(
  outline: ShadowOutline,
  radius: number,
  style: ShadowStyle,
): HTMLCanvasElement {
  const key = `${outline} ${radius} ${style.blur} ${style.opacity}`;
  const cached = sprites.get(key);
  if (cached) return cached;
  const reach = shadowReach(style.blur);
  const size = outline === 'rect' ? rectSprite(radius, style.blur).size : ROUND_SIZE + 2 * reach;
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = Math.ceil(size * SPRITE_SCALE);
  const context = canvas.getContext('2d')!;
  // The outline is drawn far off the canvas and only its shadow is offset back onto it, so the
  // sprite holds the shadow alone (shadow offsets ignore the transform: they are in pixels).
  const away = canvas.width + 100;
  context.shadowColor = `rgba(${SHADOW_RGB}, ${style.opacity})`;
  context.shadowBlur = style.blur * SPRITE_SCALE;
  context.shadowOffsetX = away;
  context.setTransform(SPRITE_SCALE, 0, 0, SPRITE_SCALE, -away, 0);
  context.fillStyle = '#000';
  context.beginPath();
  const inner = size - 2 * reach;
  if (outline === 'rect') context.roundRect(reach, reach, inner, inner, radius);
  else if (outline === 'ellipse')
    context.ellipse(size / 2, size / 2, inner / 2, inner / 2, 0, 0, 2 * Math.PI);
  else {
    context.moveTo(size / 2, reach);
    context.lineTo(size - reach, size / 2);
    context.lineTo(size / 2, size - reach);
    context.lineTo(reach, size / 2);
    context.closePath();
  }
  context.fill();
  sprites.set(key, canvas);
  return canvas;
}

/** Shadows kept drawn as images, at most this many (one per item size and style). */
const MAX_IMAGES = 256;
/** A shadow drawn once into an image of its own at device `scale` (see shadowImage). */
interface ShadowImage {
  image: CanvasImageSource;
  /** Where the image's top-left corner lies from the item's origin, in device pixels. */
  x: number;
  y: number;
  width: number;
  height: number;
  scale: number;
}
const images = new Map<string, ShadowImage>();
/**
 * How long the device scale must hold before shadows are drawn again at it (a pinch changes it
 * each frame).
 */
export const STEADY_MS = 100;
/**
 * While the zoom moves, an image made at another scale stands in, stretched, as long as it is
 * within this factor of the current scale: a blur enlarged or reduced that much still looks like
 * the blur, and it is drawn again, sharp, once the zoom holds still.
 */
const STAND_IN_RATIO = 2;
/** The current device scale, and since when shadows have been drawn at it. */
let currentScale = 0;
let scaleSince = 0;

/** One shadow to draw: the item's outline, size and corner radius, its style, and its sprite. */
interface Shadow {
  sprite: HTMLCanvasElement;
  outline: ShadowOutline;
  w: number;
  h: number;
  radius: number;
  style: ShadowStyle;
  /** The item hides the middle of its shadow, which is then not drawn. */
  opaque: boolean;
}

/** Draws the shadow's pieces with the current transform (the slow part: a scaled blend). */
function drawPieces(
  context: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D,
  { sprite, outline, w, h, radius, style, opaque }: Shadow,
): void {
  const k = SPRITE_SCALE;
  if (outline === 'rect') {
    for (const s of nineSlice(w, h, radius, style, !opaque)) {
      context.drawImage(sprite, s.sx * k, s.sy * k, s.sw * k, s.sh * k, s.dx, s.dy, s.dw, s.dh);
    }
    return;
  }
  const reach = shadowReach(style.blur);
  const sx = w / ROUND_SIZE;
  const sy = h / ROUND_SIZE;
  context.drawImage(
    sprite,
    -reach * sx,
    style.offsetY - reach * sy,
    (ROUND_SIZE + 2 * reach) * sx,
    (ROUND_SIZE + 2 * reach) * sy,
  );
}

/** How many shadows are kept drawn as images now (for tests). */
export const shadowImagesKept = (): number => images.size;

/** The key of a shadow's image: everything that changes its pixels but the scale. */
function imageKey({ outline, w, h, radius, style, opaque }: Shadow): string {
  return `${outline} ${w} ${h} ${radius} ${style.blur} ${style.opacity} ${style.offsetY} ${opaque}`;
}

/** The shadow drawn once at device `scale` into an image of its own, kept under `key`. */
function shadowImage(shadow: Shadow, key: string, scale: number): ShadowImage | null {
  const { w, h, style } = shadow;
  const reach = shadowReach(style.blur);
  const x = Math.floor(-reach * scale);
  const y = Math.floor((style.offsetY - reach) * scale);
  const width = Math.ceil((w + reach) * scale) - x + 1;
  const height = Math.ceil((h + style.offsetY + reach) * scale) - y + 1;
  const canvas =
    typeof OffscreenCanvas === 'function'
      ? new OffscreenCanvas(width, height)
      : Object.assign(document.createElement('canvas'), { width, height });
  const context = canvas.getContext('2d') as CanvasRenderingContext2D | null;
  if (!context) return null;
  context.setTransform(scale, 0, 0, scale, -x, -y);
  drawPieces(context, shadow);
  const image = canvas instanceof HTMLCanvasElement ? canvas : canvas.transferToImageBitmap();
  if (images.size >= MAX_IMAGES) images.clear();
  const made = { image, x, y, width, height, scale };
  images.set(key, made);
  return made;
}

/**
 * Draws the soft shadow of an item's outline (`w`×`h` at the origin of the current transform).
 * `opaque` items hide the middle of their shadow, which is then not drawn.
 *
 * Stretching the sprite's pieces is a scaled, filtered blend of every pixel the shadow covers,
 * most of what drawing a note costs in software rendering (~0.1 ms a note, nine pieces). So each
 * shadow is drawn once into an image and then copied: pixel for pixel, at whole device pixels,
 * at the scale it was made for (a blur shifted by under half a pixel looks the same). While a
 * pinch changes the scale at every frame, the image made at a scale before stands in where the
 * caller allows it (`mayStandIn`: the board's own canvas, never an export or an item's picture),
 * stretched, in one copy instead of eight or nine pieces, and without smoothing (the nearest
 * pixel: in software rendering the filtered stretch cost as much as the pieces). Once the zoom
 * holds still (the same device scale for STEADY_MS) each shadow's image is made again at that
 * scale; a 'stand-in' result says the caller must draw once more by then (see STEADY_MS).
 */
export function drawSoftShadow(
  context: CanvasRenderingContext2D,
  outline: ShadowOutline,
  w: number,
  h: number,
  radius: number,
  style: ShadowStyle,
  opaque: boolean,
  mayStandIn = false,
): 'exact' | 'stand-in' {
  const sprite = paintSprite(outline, radius, style);
  const shadow: Shadow = { sprite, outline, w, h, radius, style, opaque };
  const t = context.getTransform();
  const scale = t.a;
  if (!(t.b === 0 && t.c === 0 && t.d === scale && scale > 0)) {
    drawPieces(context, shadow);
    return 'exact';
  }
  const now = performance.now();
  if (scale !== currentScale) {
    currentScale = scale;
    scaleSince = now;
  }
  const steady = now - scaleSince >= STEADY_MS;
  const key = imageKey(shadow);
  let kept = images.get(key);
  const ratio = kept ? scale / kept.scale : 0;
  const standsIn =
    mayStandIn && kept !== undefined && ratio <= STAND_IN_RATIO && ratio >= 1 / STAND_IN_RATIO;
  // Made at this scale once it holds still; while it moves, again only when the one kept is too
  // far off to stand in (a shadow never kept draws its pieces until the zoom holds still).
  if (kept?.scale !== scale && (steady || (mayStandIn && kept && !standsIn))) {
    kept = shadowImage(shadow, key, scale) ?? undefined;
  }
  if (!kept || (kept.scale !== scale && !standsIn)) {
    drawPieces(context, shadow);
    return 'exact';
  }
  context.setTransform(1, 0, 0, 1, 0, 0);
  if (kept.scale === scale) {
    context.drawImage(kept.image, Math.round(t.e) + kept.x, Math.round(t.f) + kept.y);
  } else {
    const r = scale / kept.scale;
    const smoothing = context.imageSmoothingEnabled;
    context.imageSmoothingEnabled = false;
    context.drawImage(
      kept.image,
      t.e + kept.x * r,
      t.f + kept.y * r,
      kept.width * r,
      kept.height * r,
    );
    context.imageSmoothingEnabled = smoothing;
  }
  context.setTransform(t);
  return kept.scale === scale ? 'exact' : 'stand-in';
}
