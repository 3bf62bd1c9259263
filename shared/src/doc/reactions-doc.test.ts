import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readReactions, reactionsMap, tallyReactions, toggleReaction } from './reactions-doc';

describe('reactions', () => {
  it('toggles a person’s emoji and tallies everyone’s per item, in the fixed order', () => {
    const doc = new Y.Doc();
    toggleReaction(doc, 'card', 'u1', 'Ada', '🎉');
    toggleReaction(doc, 'card', 'u1', 'Ada', '👍');
    toggleReaction(doc, 'card', 'u2', 'Bob', '👍');
    toggleReaction(doc, 'other', 'u2', 'Bob', '🤔');
    const tally = tallyReactions(readReactions(doc), 'u1');
    expect(tally.get('card')).toEqual([
      { emoji: '👍', count: 2, names: ['Ada', 'Bob'], mine: true },
      { emoji: '🎉', count: 1, names: ['Ada'], mine: true },
    ]);
    expect(tally.get('other')).toEqual([{ emoji: '🤔', count: 1, names: ['Bob'], mine: false }]);

    toggleReaction(doc, 'card', 'u1', 'Ada', '🎉');
    toggleReaction(doc, 'card', 'u1', 'Ada', '👍');
    // Nothing left of Ada's: her record is gone, not kept empty.
    expect(reactionsMap(doc).has('card/u1')).toBe(false);
    expect(tallyReactions(readReactions(doc), 'u1').get('card')).toEqual([
      { emoji: '👍', count: 1, names: ['Bob'], mine: false },
    ]);
  });

  it.each([
    ['an emoji not offered', { itemId: 'card', name: 'Eve', emojis: ['💩'] }],
    ['a key that names another item', { itemId: 'elsewhere', name: 'Eve', emojis: ['👍'] }],
    ['not a record', 'junk'],
  ])('skips %s', (_name, record) => {
    const doc = new Y.Doc();
    reactionsMap(doc).set('card/u9', record);
    expect(readReactions(doc).size).toBe(0);
  });
});
