import { REACTION_EMOJIS } from '@weboard/shared';
import { useState } from 'react';
import { useReactionTallies } from '../canvas/reactions';
import { userId } from '../collab/identity';
import { toggleItemReaction } from '../editor/reactions';
import { useEditor } from '../editor/editor-context';
import './reactions.css';

/**
 * The selection toolbar's reaction button: opens a row of emojis for the one selected item, each
 * with how many reacted with it and, on hover, who. A click adds yours or takes it back.
 */
export function ReactionBar({ itemId }: { itemId: string }) {
  const editor = useEditor();
  const me = userId();
  const tallies = useReactionTallies(editor.doc, me);
  const [open, setOpen] = useState(false);
  const counts = tallies.get(itemId) ?? [];
  return (
    <div className="reaction-bar">
      <button
        type="button"
        className="icon-button"
        aria-label="React"
        aria-expanded={open}
        title="React with an emoji"
        data-testid="reaction-open"
        onClick={() => setOpen((o) => !o)}
      >
        <span aria-hidden="true">☺</span>
      </button>
      {open && (
        <div className="reaction-picker" role="group" aria-label="Reactions">
          {REACTION_EMOJIS.map((emoji) => {
            const count = counts.find((c) => c.emoji === emoji);
            return (
              <button
                key={emoji}
                type="button"
                className={count?.mine ? 'reaction-option mine' : 'reaction-option'}
                aria-pressed={!!count?.mine}
                title={count ? count.names.join(', ') : `React with ${emoji}`}
                data-testid={`reaction-${emoji}`}
                onClick={() => toggleItemReaction(editor, itemId, me, editor.author(), emoji)}
              >
                {emoji}
                {count && <span className="reaction-count">{count.count}</span>}
              </button>
            );
          })}
        </div>
      )}
    </div>
  );
}
