import { describe, expect, it } from 'vitest';
import { isApple, keyLabel } from './keys';

describe('key names per platform', () => {
  it.each([
    ['mod+z', '⌘Z', 'Ctrl+Z'],
    ['mod+shift+z', '⇧⌘Z', 'Ctrl+Shift+Z'],
    ['mod+d', '⌘D', 'Ctrl+D'],
    ['shift+1', '⇧1', 'Shift+1'],
    ['alt+shift+mod+k', '⌥⇧⌘K', 'Ctrl+Shift+Alt+K'],
    ['V', 'V', 'V'],
  ])('%s reads %s on Apple and %s elsewhere', (shortcut, apple, other) => {
    expect(keyLabel(shortcut, true)).toBe(apple);
    expect(keyLabel(shortcut, false)).toBe(other);
  });

  it.each([
    [{ platform: 'MacIntel' }, true],
    [{ platform: 'iPhone' }, true],
    [{ platform: 'Linux x86_64' }, false],
    [{ platform: 'Win32' }, false],
    [{ userAgentData: { platform: 'macOS' }, platform: '' }, true],
    [{ userAgentData: { platform: 'Windows' }, platform: 'MacIntel' }, false],
  ])('tells the platform from %o', (nav, apple) => {
    expect(isApple(nav)).toBe(apple);
  });
});
