import Konva from 'konva';
import { FONT_FAMILY, STICKY_FONT_SIZE, STICKY_LINE_HEIGHT, STICKY_PADDING } from './theme';

/** The smallest text a note shrinks to; below it a note grows instead, so no text is ever hidden. */
export const MIN_STICKY_FONT_SIZE = 10;
const SIZES = [STICKY_FONT_SIZE, 16, 14, 12, 11, MIN_STICKY_FONT_SIZE] as const;
const heights = new Map<string, number>();
const cache = new Map<string, number>();
let probe: Konva.Text | null = null;

/**
 * The largest font size at which `text` fits inside a note of `width` × `height`, as sticky notes
 * do in FigJam: a longer note gets smaller text rather than a hidden tail. The canvas and the text
 * editor both use it, so what you type is laid out exactly as it will be drawn.
 */
export function fitFontSize(text: string, width: number, height: number): number {
  if (text.length === 0) return STICKY_FONT_SIZE;
  const key = `${width}x${height}:${text}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  probe ??= new Konva.Text({
    fontFamily: FONT_FAMILY,
    lineHeight: STICKY_LINE_HEIGHT,
    padding: STICKY_PADDING,
    wrap: 'word',
  });
  // Each attribute that changes lays the probe's text out again (Konva does so per attribute):
  // the size first, so that the old text is laid out at the first size tried (remembered, see
  // memoizeTextLayout), then the new text at the size it is tried at first and drawn at most.
  probe.setAttrs({ fontSize: SIZES[0], text, width, height: undefined });
  let size: number = SIZES[SIZES.length - 1]!;
  for (const candidate of SIZES) {
    probe.fontSize(candidate);
    if (probe.height() <= height) {
      size = candidate;
      break;
    }
  }
  if (cache.size > 2000) cache.clear();
  cache.set(key, size);
  return size;
}

/**
 * The height a note of `width` × `height` is drawn with: its own, or, when its text does not fit
 * even at the smallest size, tall enough to show every line (the note grows; text is never hidden).
 */
export function stickyHeight(text: string, width: number, height: number): number {
  if (fitFontSize(text, width, height) > MIN_STICKY_FONT_SIZE) return height;
  const key = `${width}:${text}`;
  let needed = heights.get(key);
  if (needed === undefined) {
    probe!.setAttrs({ text, width, height: undefined, fontSize: MIN_STICKY_FONT_SIZE });
    needed = Math.ceil(probe!.height());
    if (heights.size > 2000) heights.clear();
    heights.set(key, needed);
  }
  return Math.max(height, needed);
}

let lineProbe: Konva.Text | null = null;

/** Width and height of one label's text, for centring it on a point. */
export function measureLabel(
  text: string,
  fontSize: number,
  padding: number,
): { w: number; h: number } {
  lineProbe ??= new Konva.Text({ fontFamily: FONT_FAMILY });
  lineProbe.setAttrs({ text, fontSize, padding, width: undefined, height: undefined });
  return { w: lineProbe.width(), h: lineProbe.height() };
}

/** Height of wrapped text in a box `width` wide, for text items that grow as you type. */
export function measureTextHeight(
  text: string,
  width: number,
  fontSize: number,
  lineHeight: number,
): number {
  lineProbe ??= new Konva.Text({ fontFamily: FONT_FAMILY });
  lineProbe.setAttrs({
    text: text || ' ',
    fontSize,
    lineHeight,
    padding: 0,
    width,
    wrap: 'word',
    height: undefined,
  });
  return Math.ceil(lineProbe.height());
}
