import { MAX_SHARED_SELECTION } from '@weboard/shared';
import { describe, expect, it } from 'vitest';
import { stateMayNeedBounds } from './presence-state';

/** A WeBoard client's presence JSON with a selection of `selected` note ids. */
function state(selected: number, extra = ''): string {
  return JSON.stringify({
    user: { name: 'Ann', color: '#e03131', role: 'editor' },
    cursor: { x: 120, y: -40 },
    selection: Array.from({ length: selected }, (_, i) => `note-${i}-abcdef`),
    viewport: { x: -100.5, y: 20.25, w: 1280, h: 800 },
    teamId: 'payments',
    following: null,
  }).replace(/}$/, `${extra}}`);
}

describe('stateMayNeedBounds', () => {
  it('lets the cursor path relay a state with a selection within the cap unread', () => {
    expect(stateMayNeedBounds(state(0))).toBe(false);
    expect(stateMayNeedBounds(state(80))).toBe(false);
  });

  it('decodes a state whose selection may be over the cap, however its JSON spells it', () => {
    expect(stateMayNeedBounds(state(MAX_SHARED_SELECTION + 1))).toBe(true);
    const long = JSON.stringify(Array.from({ length: 150 }, () => 0));
    // A repeated key: JSON.parse keeps the last, the long one.
    expect(stateMayNeedBounds(state(0, `,"selection":${long}`))).toBe(true);
    // An escaped key.
    expect(stateMayNeedBounds(state(0, `,"\\u0073election":[]`))).toBe(true);
  });

  it('decodes a state that carries an emoji burst', () => {
    expect(stateMayNeedBounds(state(0, ',"burst":{"n":1,"emoji":"🎉","x":0,"y":0}'))).toBe(true);
  });
});
