import { toggleReaction } from '@weboard/shared';
import type { ReactionEmoji } from '@weboard/shared';
import type { BoardEditor } from './editor';
import { LOCAL_ORIGIN } from './gate';

/**
 * Adds or takes back your emoji on an item, through the editor's gate: a viewer or a snapshot
 * preview changes nothing. A locked card may still be reacted to (it is a vote of feeling, not an
 * edit of the card). Returns whether it ran.
 */
export function toggleItemReaction(
  editor: BoardEditor,
  itemId: string,
  userId: string,
  name: string,
  emoji: ReactionEmoji,
): boolean {
  return editor.change(() => toggleReaction(editor.doc, itemId, userId, name, emoji, LOCAL_ORIGIN));
}
