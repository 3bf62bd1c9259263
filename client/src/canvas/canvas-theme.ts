import { INK } from '@weboard/shared';
import type { InkColorName } from '@weboard/shared';
import { createStore, useStore } from '../lib/store';
import type { Store } from '../lib/store';
import { FRAME_STROKE, FRAME_TITLE_COLOR } from './theme';

/** Which look the canvas draws in; the page's theme switch sets it (ui/theme-mode.ts). */
export type CanvasTheme = 'light' | 'dark';

/** The canvas's theme now. Notes, shapes and frames keep their colours; ink and chrome follow it. */
export const canvasTheme: Store<CanvasTheme> = createStore<CanvasTheme>('light');

export function useCanvasTheme(): CanvasTheme {
  return useStore(canvasTheme);
}

/** Black ink on a dark board would vanish: it is drawn light there, as FigJam does. */
export function inkColor(color: InkColorName, theme: CanvasTheme): string {
  return theme === 'dark' && color === 'black' ? '#e5e7eb' : INK[color];
}

/** Colours of the canvas's own chrome (not of anyone's items) in each theme. */
export const CHROME: Record<
  CanvasTheme,
  { dots: string; frameTitle: string; frameStroke: string; grayFrame: string }
> = {
  light: {
    dots: 'rgba(15, 23, 42, 0.16)',
    frameTitle: FRAME_TITLE_COLOR,
    frameStroke: FRAME_STROKE,
    grayFrame: '#ffffff',
  },
  dark: {
    dots: 'rgba(226, 232, 240, 0.14)',
    frameTitle: '#9ca3af',
    frameStroke: 'rgba(226, 232, 240, 0.16)',
    grayFrame: '#23262d',
  },
};
