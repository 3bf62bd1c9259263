/*
 * Key names as each platform writes them: ⌘ ⇧ ⌥ on Apple systems, Ctrl+Shift+Alt elsewhere, so a
 * tooltip never tells a Windows or Linux user to press a key their keyboard does not have.
 */

interface NavigatorWithHints {
  platform?: string;
  userAgentData?: { platform?: string };
}

/** True on macOS and iOS, where the command key plays the part of Ctrl. */
export function isApple(nav: NavigatorWithHints | undefined = globalThis.navigator): boolean {
  const platform = nav?.userAgentData?.platform ?? nav?.platform ?? '';
  return /mac|iphone|ipad|ipod/i.test(platform);
}

const APPLE: Record<string, string> = { mod: '⌘', shift: '⇧', alt: '⌥' };
const OTHER: Record<string, string> = { mod: 'Ctrl', shift: 'Shift', alt: 'Alt' };

/**
 * A shortcut written for this platform: `keyLabel('mod+shift+z')` is "⇧⌘Z" on a Mac and
 * "Ctrl+Shift+Z" elsewhere. Parts other than mod, shift and alt are shown as given (upper-cased when
 * they are one letter).
 */
export function keyLabel(shortcut: string, apple = isApple()): string {
  const parts = shortcut.split('+').map((part) => part.trim());
  const names = apple ? APPLE : OTHER;
  const modifiers = ['alt', 'shift', 'mod'].filter((m) => parts.includes(m));
  const keys = parts
    .filter((part) => !(part in names))
    .map((part) => (part.length === 1 ? part.toUpperCase() : part));
  // Apple writes modifiers in the order ⌥⇧⌘ with no separator; others write Ctrl+Shift+Alt+Key.
  if (apple) return [...modifiers.map((m) => names[m]!), ...keys].join('');
  const order = ['mod', 'shift', 'alt'].filter((m) => modifiers.includes(m));
  return [...order.map((m) => names[m]!), ...keys].join('+');
}

/** One line of the shortcut sheet. */
export interface ShortcutEntry {
  keys: string[];
  does: string;
}

/** Every board shortcut, by section, as the shortcut sheet (`?`) and the README list them. */
export const SHORTCUT_SECTIONS: { title: string; entries: ShortcutEntry[] }[] = [
  {
    title: 'Tools',
    entries: [
      { keys: ['V'], does: 'Select' },
      { keys: ['H', 'Space (hold)'], does: 'Hand: pan the board' },
      { keys: ['R', 'O', 'D'], does: 'Rectangle, ellipse, diamond' },
      { keys: ['L'], does: 'Connector' },
      { keys: ['F'], does: 'Frame' },
      { keys: ['P'], does: 'Pen' },
      { keys: ['S', 'T'], does: 'New sticky note, new text under the pointer' },
      { keys: ['Esc'], does: 'Back to select, clear the selection' },
    ],
  },
  {
    title: 'Edit',
    entries: [
      { keys: ['Enter'], does: 'Edit the selected item’s text' },
      { keys: ['mod+c', 'mod+x', 'mod+v'], does: 'Copy, cut, paste' },
      { keys: ['mod+d'], does: 'Duplicate' },
      { keys: ['mod+a'], does: 'Select all' },
      { keys: ['Delete', 'Backspace'], does: 'Delete' },
      { keys: ['mod+z'], does: 'Undo your own last change' },
      { keys: ['mod+shift+z', 'mod+y'], does: 'Redo' },
      { keys: ['Arrows', 'shift+Arrows'], does: 'Nudge by 1 (or 10)' },
    ],
  },
  {
    title: 'Arrange',
    entries: [
      { keys: [']', '['], does: 'Forward, backward past what it overlaps' },
      { keys: ['shift+]', 'shift+['], does: 'To front, to back' },
      { keys: ['mod+g'], does: 'Group the selection' },
      { keys: ['mod+shift+g'], does: 'Ungroup' },
      { keys: ['Double-click'], does: 'Go inside a group to pick one item (Esc leaves it)' },
    ],
  },
  {
    title: 'View',
    entries: [
      { keys: ['+', '−'], does: 'Zoom in, out' },
      { keys: ['shift+0'], does: 'Zoom to 100 %' },
      { keys: ['shift+1'], does: 'Zoom to fit the board' },
      { keys: ['shift+2'], does: 'Zoom to the selection' },
      { keys: ['mod+f'], does: 'Find on the board (Enter: next, Shift+Enter: previous)' },
      { keys: ['shift+F10'], does: 'Menu of actions for the selection (also right-click)' },
      { keys: ['E (hold), then 1–6'], does: 'Emoji burst at your pointer, for everyone' },
      { keys: ['?'], does: 'This sheet' },
    ],
  },
];
