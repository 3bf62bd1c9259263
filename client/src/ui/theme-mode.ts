import { canvasTheme } from '../canvas/canvas-theme';
import type { CanvasTheme } from '../canvas/canvas-theme';
import { createStore } from '../lib/store';
import type { Store } from '../lib/store';
import './dark.css';

/** What the person chose: follow the system's light or dark setting, or one of them always. */
export type ThemeMode = 'system' | 'light' | 'dark';
export const THEME_MODES: readonly ThemeMode[] = ['system', 'light', 'dark'];

const KEY = 'weboard.theme';

function load(): ThemeMode {
  try {
    const saved = localStorage.getItem(KEY);
    return saved === 'light' || saved === 'dark' ? saved : 'system';
  } catch {
    return 'system';
  }
}

/** The person's choice, remembered in this browser. */
export const themeMode: Store<ThemeMode> = createStore<ThemeMode>(load());

const systemDark = () =>
  typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;

/** The theme a choice comes to on this system now. */
export function resolveTheme(mode: ThemeMode, dark = systemDark()): CanvasTheme {
  return mode === 'system' ? (dark ? 'dark' : 'light') : mode;
}

function apply(): void {
  const theme = resolveTheme(themeMode.get());
  document.documentElement.dataset.theme = theme;
  canvasTheme.set(theme);
}

/** The next choice of the switch: system → light → dark → system. */
export function cycleThemeMode(): void {
  const next = THEME_MODES[(THEME_MODES.indexOf(themeMode.get()) + 1) % THEME_MODES.length]!;
  themeMode.set(next);
  try {
    localStorage.setItem(KEY, next);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
}

/** Applies the theme now and whenever the choice or the system's setting changes. */
export function startThemeMode(): () => void {
  apply();
  const stop = themeMode.subscribe(apply);
  const media =
    typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
  media?.addEventListener('change', apply);
  return () => {
    stop();
    media?.removeEventListener('change', apply);
  };
}
