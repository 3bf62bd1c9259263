import { describe, expect, it } from 'vitest';
import { itemValidator } from './index';
import { isSticky, makeSticky, stickyValidator } from './sticky';

const base = { id: 'n1', x: 10, y: 20, z: 'a0', createdBy: 'ada' };

describe('sticky schema', () => {
  it('fills defaults for a new sticky', () => {
    const sticky = makeSticky(base, 1000);
    expect(sticky).toEqual({
      ...base,
      type: 'sticky',
      w: 200,
      h: 200,
      rotation: 0,
      text: '',
      color: 'yellow',
      createdAt: 1000,
    });
    expect(isSticky(sticky)).toBe(true);
    expect(stickyValidator.safeParse(sticky).success).toBe(true);
  });

  it.each([
    ['an unknown colour', { color: 'mauve' }],
    ['a negative width', { w: -1 }],
    ['a non-finite x', { x: Number.POSITIVE_INFINITY }],
    ['an empty id', { id: '' }],
    ['an empty z-index', { z: '' }],
    ['text over 10k characters', { text: 'x'.repeat(10_001) }],
  ])('rejects %s', (_label, patch) => {
    expect(itemValidator.safeParse({ ...makeSticky(base), ...patch }).success).toBe(false);
  });

  it('rejects an unknown item type', () => {
    expect(itemValidator.safeParse({ ...makeSticky(base), type: 'blob' }).success).toBe(false);
  });
});
