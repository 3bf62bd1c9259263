/** Visual constants shared by the Konva canvas and the HTML overlays that must line up with it. */
export const FONT_FAMILY =
  'ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
export const STICKY_FONT_SIZE = 18;
export const STICKY_LINE_HEIGHT = 1.35;
export const STICKY_PADDING = 16;
export const STICKY_RADIUS = 6;
export const SELECTION_COLOR = '#6366f1';
export const TEXT_COLOR = '#1f2937';
export const SHAPE_PADDING = 12;
export const SHAPE_LINE_HEIGHT = 1.25;
export const FRAME_TITLE_COLOR = '#6b7280';
export const FRAME_STROKE = 'rgba(15, 23, 42, 0.12)';
export const GUIDE_COLOR = '#f43f5e';
/** Light background of PNG exports. */
export const EXPORT_BACKGROUND = '#fbfbfc';
/** Drop shadows (see soft-shadow.ts): stickies float, shapes and frames barely lift. */
export const STICKY_SHADOW = { blur: 14, opacity: 0.14, offsetY: 4 } as const;
export const SHAPE_SHADOW = { blur: 8, opacity: 0.08, offsetY: 2 } as const;
export const FRAME_SHADOW = { blur: 6, opacity: 0.06, offsetY: 1 } as const;

/**
 * Height of the team band across the top of a card that belongs to a team (board units). The
 * card's text starts below it, so the team's name in the band never covers the first line.
 */
export const TEAM_BAND = 24;
