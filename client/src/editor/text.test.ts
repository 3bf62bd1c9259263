import { describe, expect, it } from 'vitest';
import { mapPosition } from './text';

describe('mapPosition', () => {
  it.each([
    ['insert before the caret shifts it', [{ retain: 2 }, { insert: 'abc' }], 5, 8],
    ['insert after the caret leaves it', [{ retain: 7 }, { insert: 'abc' }], 5, 5],
    ['insert at the caret leaves it before the new text', [{ retain: 5 }, { insert: 'x' }], 5, 5],
    ['delete before the caret pulls it back', [{ retain: 1 }, { delete: 2 }], 5, 3],
    ['delete spanning the caret moves it to the cut', [{ retain: 3 }, { delete: 5 }], 5, 3],
    ['delete after the caret leaves it', [{ retain: 6 }, { delete: 2 }], 5, 5],
    ['insert at start', [{ insert: 'hi ' }], 0, 0],
    ['mixed', [{ insert: 'ab' }, { retain: 1 }, { delete: 1 }], 4, 5],
  ])('%s', (_name, delta, position, expected) => {
    expect(mapPosition(delta, position)).toBe(expected);
  });
});
