import { BURST_EMOJIS } from '@weboard/shared';
import type { BurstEmoji, Point } from '@weboard/shared';
import { useEffect } from 'react';
import type { Presence } from '../collab/presence';
import type { BoardEditor } from '../editor/editor';
import { useEditor } from '../editor/editor-context';
import { createStore, useStore } from '../lib/store';
import type { Store } from '../lib/store';
import { isTypingTarget } from '../lib/typing-target';
import './burst-picker.css';

/** Whether the burst picker shows (the toolbar's button and the E key open it). */
export const burstPickerOpen: Store<boolean> = createStore(false);

/** Holding E this long and letting go closes the picker; a shorter tap leaves it open. */
const HOLD_MS = 350;

/** Where a burst goes: under the pointer, else where it last was on the board, else mid-view. */
function burstPoint(editor: BoardEditor, presence: Presence): Point {
  const pointer = editor.pointer() ?? presence.lastCursor();
  if (pointer) return pointer;
  const { x, y, scale } = editor.viewport.get();
  const { width, height } = editor.canvasSize.get();
  return { x: (width / 2 - x) / scale, y: (height / 2 - y) / scale };
}

interface BurstPickerProps {
  presence: Presence;
}

/**
 * The emoji burst picker: 👍 ❤️ 😂 🎉 👀 ❓ above the toolbar. Hold E and press 1–6 (or click)
 * to send a burst at your pointer; a tap on E leaves the picker open until E, Esc or a pick
 * elsewhere closes it. Anyone on the board may send bursts, viewers too: they are presence, not
 * edits. Over a few a second the picker simply sends nothing (Presence.sendBurst's limit).
 */
export function BurstPicker({ presence }: BurstPickerProps) {
  const editor = useEditor();
  const open = useStore(burstPickerOpen);

  useEffect(() => {
    let heldSince: number | null = null;
    let pickedWhileHeld = false;
    const send = (emoji: BurstEmoji) => {
      presence.sendBurst(emoji, burstPoint(editor, presence));
      if (heldSince !== null) pickedWhileHeld = true;
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || isTypingTarget(event.target)) return;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (document.querySelector('[role="dialog"]')) return;
      if (event.key.toLowerCase() === 'e' && !event.shiftKey) {
        event.preventDefault();
        if (event.repeat) return;
        if (burstPickerOpen.get()) {
          burstPickerOpen.set(false);
          return;
        }
        burstPickerOpen.set(true);
        heldSince = performance.now();
        pickedWhileHeld = false;
        return;
      }
      if (!burstPickerOpen.get()) return;
      const digit = /^Digit([1-9])$/.exec(event.code);
      const emoji = digit ? BURST_EMOJIS[Number(digit[1]) - 1] : undefined;
      if (emoji) {
        event.preventDefault();
        send(emoji);
      } else if (event.key === 'Escape') burstPickerOpen.set(false);
    };
    const onKeyUp = (event: KeyboardEvent) => {
      if (event.key.toLowerCase() !== 'e' || heldSince === null) return;
      const held = performance.now() - heldSince;
      heldSince = null;
      if (pickedWhileHeld || held >= HOLD_MS) burstPickerOpen.set(false);
    };
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('keyup', onKeyUp);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('keyup', onKeyUp);
    };
  }, [editor, presence]);

  if (!open) return null;
  return (
    <div
      className="burst-picker"
      role="toolbar"
      aria-label="Emoji burst"
      data-testid="burst-picker"
    >
      {BURST_EMOJIS.map((emoji, i) => (
        <button
          key={emoji}
          type="button"
          className="burst-option"
          data-testid={`burst-${i + 1}`}
          aria-label={`Burst ${emoji}`}
          title={`Burst ${emoji} at your pointer (${i + 1})`}
          onClick={() => presence.sendBurst(emoji, burstPoint(editor, presence))}
        >
          {emoji}
          <kbd>{i + 1}</kbd>
        </button>
      ))}
      <span className="burst-hint">Hold E, press 1–6</span>
    </div>
  );
}
