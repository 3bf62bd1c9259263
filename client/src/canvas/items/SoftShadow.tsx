import type Konva from 'konva';
import { Shape } from 'react-konva';
import { nativeContext } from '../konva-internals';
import { redrawInFull } from '../partial-redraw';
import { drawSoftShadow, STEADY_MS } from '../soft-shadow';
import type { ShadowOutline, ShadowStyle } from '../soft-shadow';

interface SoftShadowProps {
  outline: ShadowOutline;
  w: number;
  h: number;
  radius?: number;
  style: ShadowStyle;
  /** The item covers the shadow's middle, so it is not drawn. */
  opaque: boolean;
}

/** Below this zoom a shadow is a pixel or two wide: one of the fine details far zoom leaves out. */
const SHADOW_MIN_SCALE = 0.5;

/** Layers that drew a shadow stretched from another zoom, and the timer that redraws them. */
const stretched = new Set<Konva.Layer>();
let redrawTimer: ReturnType<typeof setTimeout> | undefined;
/** Shadows drawn stretched on the board since the page opened. */
let stretchedDraws = 0;

/** Shadows drawn stretched so far, and whether a redraw of theirs is still to come (for tests). */
export function stretchedShadows(): { drawn: number; redrawPending: boolean } {
  return { drawn: stretchedDraws, redrawPending: stretched.size > 0 };
}

/**
 * Redraws `layer` in full once the zoom has held still for STEADY_MS (a little after, so that
 * the draw finds it steady): every shadow is then drawn sharp at the zoom the pinch ended on.
 * Each stretched draw puts the redraw off again, so a pinch gets one redraw, after its end.
 */
function redrawWhenSteady(layer: Konva.Layer): void {
  stretchedDraws++;
  stretched.add(layer);
  clearTimeout(redrawTimer);
  redrawTimer = setTimeout(() => {
    // A board closed meanwhile has nothing left to draw.
    for (const each of stretched) if (each.getStage()) redrawInFull(each);
    stretched.clear();
  }, STEADY_MS + 20);
}

/**
 * An item's drop shadow, drawn from a pre-blurred sprite (see soft-shadow.ts), and not at all
 * below SHADOW_MIN_SCALE (hundreds of notes are on screen there).
 */
export function SoftShadow({ outline, w, h, radius = 0, style, opaque }: SoftShadowProps) {
  return (
    <Shape
      listening={false}
      perfectDrawEnabled={false}
      sceneFunc={(context, shape) => {
        if ((shape.getStage()?.scaleX() ?? 1) < SHADOW_MIN_SCALE) return;
        const layer = shape.getLayer();
        // Stretched from another zoom only on the board itself: an export or an item's picture
        // is drawn once and kept.
        const onBoard = layer !== null && context.canvas === layer.getCanvas();
        const drawn = drawSoftShadow(
          nativeContext(context),
          outline,
          w,
          h,
          radius,
          style,
          opaque,
          onBoard,
        );
        if (drawn === 'stand-in' && layer) redrawWhenSteady(layer);
      }}
    />
  );
}
