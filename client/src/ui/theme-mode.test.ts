import { describe, expect, it } from 'vitest';
import { resolveTheme } from './theme-mode';

describe('theme mode', () => {
  it.each([
    ['system', false, 'light'],
    ['system', true, 'dark'],
    ['light', true, 'light'],
    ['dark', false, 'dark'],
  ] as const)('%s on a system that is dark=%s draws %s', (mode, dark, theme) => {
    expect(resolveTheme(mode, dark)).toBe(theme);
  });
});
