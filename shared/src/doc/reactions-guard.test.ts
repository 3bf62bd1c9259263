import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { guardedPair } from './guard-sender.test-helper';
import { reactionsMap, toggleReaction } from './reactions-doc';
import { ReactionsCopy, reactionOwner } from './reactions-guard';

/** A server doc holding Ada's 👍 on a card, and a client in sync sending as `person`. */
function setup(copy: boolean) {
  return guardedPair(
    (server) => toggleReaction(server, 'card', 'ada', 'Ada', '👍'),
    (server) => (copy ? { reactionsCopy: new ReactionsCopy(server) } : {}),
  );
}

describe.each([false, true])('reactions guard (kept copy: %s)', (copy) => {
  it('lets a person add and take back their own reactions', () => {
    const { server, client, send } = setup(copy);
    expect(send(() => toggleReaction(client, 'card', 'bob', 'Bob', '🎉'), 'bob').reactions).toEqual(
      [],
    );
    expect(reactionsMap(server).get('card/bob')).toEqual({
      itemId: 'card',
      name: 'Bob',
      emojis: ['🎉'],
    });
    expect(send(() => toggleReaction(client, 'card', 'bob', 'Bob', '🎉'), 'bob').reactions).toEqual(
      [],
    );
    expect(reactionsMap(server).has('card/bob')).toBe(false);
  });

  it('puts back what someone forges, changes or removes of another person', () => {
    const { server, client, send } = setup(copy);
    const result = send(() => {
      reactionsMap(client).delete('card/ada');
      toggleReaction(client, 'card', 'cy', 'Cy', '🚀');
      // Ends in `/eve`, but of item `card` it is person `x/eve`'s record.
      reactionsMap(client).set('card/x/eve', { itemId: 'card', name: 'Eve', emojis: ['👀'] });
      toggleReaction(client, 'card', 'eve', 'Eve', '👀');
    }, 'eve');
    expect(result.reactions.sort()).toEqual(['card/ada', 'card/cy', 'card/x/eve']);
    expect([...reactionsMap(server).keys()].sort()).toEqual(['card/ada', 'card/eve']);
    expect(reactionsMap(client).get('card/ada')).toEqual({
      itemId: 'card',
      name: 'Ada',
      emojis: ['👍'],
    });

    const changed = send(
      () => reactionsMap(client).set('card/ada', { itemId: 'card', name: 'Ada', emojis: ['⚠️'] }),
      'eve',
    );
    expect(changed.reactions).toEqual(['card/ada']);
    expect(reactionsMap(server).get('card/ada')).toMatchObject({ emojis: ['👍'] });
  });

  it('puts a shared type nested under someone else’s key back to their record', () => {
    const { server, client, send } = setup(copy);
    const nested = new Y.Map<unknown>();
    const result = send(() => reactionsMap(client).set('card/ada', nested), 'eve');
    expect(result.reactions).toEqual(['card/ada']);
    expect(reactionsMap(server).get('card/ada')).toMatchObject({ name: 'Ada' });
  });

  it('lets a connection with no person change no reaction, and a facilitator clear any', () => {
    const { server, client, send } = setup(copy);
    expect(send(() => toggleReaction(client, 'card', 'x', 'X', '👍'), null).reactions).toEqual([
      'card/x',
    ]);
    expect(reactionsMap(server).size).toBe(1);
    expect(send(() => reactionsMap(client).clear(), null, true).reactions).toEqual([]);
    expect(reactionsMap(server).size).toBe(0);
  });
});

describe('reactionOwner', () => {
  it.each([
    ['card/ada', { itemId: 'card' }, 'ada'],
    ['a/b/c', { itemId: 'a' }, 'b/c'],
    ['a/b/c', { itemId: 'a/b' }, 'c'],
    ['card/ada', { itemId: 'other' }, null],
    ['card/ada', 'junk', null],
  ])('%s of %j is %s', (key, value, owner) => {
    expect(reactionOwner(key, value)).toBe(owner);
  });
});
