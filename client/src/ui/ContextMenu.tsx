import { useEffect, useRef, useState } from 'react';
import type { Point } from '@weboard/shared';
import { boardToScreen, screenToBoard } from '../editor/viewport';
import { alignIcon } from './arrange-icons';
import { contextMenuEntries } from './context-menu-entries';
import type { MenuEntry } from './context-menu-entries';
import { useEditor } from '../editor/editor-context';
import { keyLabel } from './keys';
import { isTypingTarget } from '../lib/typing-target';
import './arrange.css';

interface Opened {
  /** Where the menu's corner sits, in the board page's CSS pixels. */
  screen: Point;
  entries: MenuEntry[];
}

const MENU_WIDTH = 230;

/**
 * The right-click menu on the canvas (or the Menu key / Shift+F10 for the selection): common
 * actions for what was clicked, or for the empty canvas. Arrow keys move between entries, Enter
 * runs one, Escape or a click elsewhere closes it; focus goes back to the board.
 */
export function ContextMenu() {
  const editor = useEditor();
  const [opened, setOpened] = useState<Opened | null>(null);
  const menu = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const canvas = () => document.querySelector<HTMLElement>('[data-testid="board-canvas"]');
    const open = (screen: Point, onItems: boolean, at: Point) => {
      const entries = contextMenuEntries(editor, onItems, at);
      if (entries.length > 0) setOpened({ screen, entries });
    };
    const onContextMenu = (event: MouseEvent) => {
      const host = canvas();
      if (!host || !(event.target instanceof Node) || !host.contains(event.target)) return;
      event.preventDefault();
      const rect = host.getBoundingClientRect();
      const screen = { x: event.clientX - rect.left, y: event.clientY - rect.top };
      const point = screenToBoard(editor.viewport.get(), screen);
      const item = editor.itemAt(point);
      if (item) {
        const ids = editor.clickTargets(item);
        const selection = editor.selection.get();
        if (!ids.every((id) => selection.includes(id))) editor.select(ids);
      }
      open(screen, !!item, point);
    };
    const onKeyDown = (event: KeyboardEvent) => {
      const wants = event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey);
      if (!wants || isTypingTarget(event.target) || document.querySelector('[role="dialog"]'))
        return;
      event.preventDefault();
      const box = editor.contentBox(true);
      const { width, height } = editor.canvasSize.get();
      const screen = box
        ? boardToScreen(editor.viewport.get(), { x: box.x + box.w / 2, y: box.y + box.h / 2 })
        : { x: width / 2, y: height / 2 };
      open(screen, !!box, screenToBoard(editor.viewport.get(), screen));
    };
    document.addEventListener('contextmenu', onContextMenu);
    window.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('contextmenu', onContextMenu);
      window.removeEventListener('keydown', onKeyDown);
    };
  }, [editor]);

  useEffect(() => {
    if (!opened) return;
    menu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const onDown = (event: PointerEvent) => {
      if (!menu.current?.contains(event.target as Node)) setOpened(null);
    };
    document.addEventListener('pointerdown', onDown, true);
    const closeOnChange = editor.viewport.subscribe(() => setOpened(null));
    return () => {
      document.removeEventListener('pointerdown', onDown, true);
      closeOnChange();
    };
  }, [opened, editor]);

  if (!opened) return null;
  const close = () => {
    setOpened(null);
    (document.querySelector('[data-testid="board-canvas"]') as HTMLElement | null)?.focus();
  };
  const run = (entry: MenuEntry) => {
    close();
    void entry.run();
  };
  const onKeyDown = (event: React.KeyboardEvent<HTMLDivElement>) => {
    // The board's own shortcuts must not act while the menu has the keys.
    event.stopPropagation();
    const items = [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    const move = (to: number) => items[(to + items.length) % items.length]?.focus();
    if (event.key === 'Escape') close();
    else if (event.key === 'ArrowDown' || (event.key === 'Tab' && !event.shiftKey)) move(at + 1);
    else if (event.key === 'ArrowUp' || (event.key === 'Tab' && event.shiftKey)) move(at - 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(items.length - 1);
    else return;
    event.preventDefault();
  };
  const { width, height } = editor.canvasSize.get();
  const left = Math.max(8, Math.min(opened.screen.x, width - MENU_WIDTH - 8));
  const rows = opened.entries.filter((e) => !e.compact).length;
  const top = Math.max(8, Math.min(opened.screen.y, height - rows * 32 - 72));
  const compact = opened.entries.filter((e) => e.compact);
  return (
    <div
      ref={menu}
      className="context-menu floating-toolbar"
      role="menu"
      aria-label="Board actions"
      data-testid="context-menu"
      style={{ left, top, width: MENU_WIDTH }}
      onKeyDown={onKeyDown}
      onContextMenu={(event) => event.preventDefault()}
    >
      {opened.entries
        .filter((entry) => !entry.compact)
        .map((entry) => (
          <button
            key={entry.id}
            type="button"
            role="menuitem"
            className="menu-item"
            data-testid={`menu-${entry.id}`}
            onClick={() => run(entry)}
          >
            <span>{entry.label}</span>
            {entry.keys && <kbd>{keyLabel(entry.keys)}</kbd>}
          </button>
        ))}
      {compact.length > 0 && (
        <div className="context-menu-row" role="group" aria-label="Align">
          {compact.map((entry) => (
            <button
              key={entry.id}
              type="button"
              role="menuitem"
              className="icon-button"
              aria-label={entry.label}
              title={entry.label}
              data-testid={`menu-${entry.id}`}
              onClick={() => run(entry)}
            >
              {alignIcon(entry.compact!)}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
