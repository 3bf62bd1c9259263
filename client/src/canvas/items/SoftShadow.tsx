import { Shape } from 'react-konva';
import { nativeContext } from '../konva-internals';
import { drawSoftShadow } from '../soft-shadow';
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
        drawSoftShadow(nativeContext(context), outline, w, h, radius, style, opaque);
      }}
    />
  );
}
