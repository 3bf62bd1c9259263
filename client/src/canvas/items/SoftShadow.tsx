import { Shape } from 'react-konva';
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

/** An item's drop shadow, drawn from a pre-blurred sprite (see soft-shadow.ts). */
export function SoftShadow({ outline, w, h, radius = 0, style, opaque }: SoftShadowProps) {
  return (
    <Shape
      listening={false}
      perfectDrawEnabled={false}
      sceneFunc={(context) =>
        drawSoftShadow(context._context, outline, w, h, radius, style, opaque)
      }
    />
  );
}
