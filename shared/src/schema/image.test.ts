import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { addItem, readItems } from '../doc/board-doc';
import { itemValidator } from './index';
import { imageValidator, isImage, makeImage } from './image';

const hash = 'a'.repeat(64);
const image = makeImage(
  { id: 'img', x: 0, y: 0, z: 'a0', createdBy: 'ada', src: hash, naturalW: 640, naturalH: 480 },
  1,
);

describe('image items', () => {
  it('take the picture size by default and are valid board items', () => {
    expect(image).toMatchObject({ type: 'image', w: 640, h: 480, rotation: 0, alt: '', name: '' });
    expect(isImage(image)).toBe(true);
    expect(itemValidator.safeParse(image).success).toBe(true);
  });

  it.each<[string, Record<string, unknown>]>([
    ['a src that is not a SHA-256', { src: 'https://example.com/a.png' }],
    ['an upper-case hash', { src: 'A'.repeat(64) }],
    ['no natural size', { naturalW: 0 }],
    ['an over-long alt text', { alt: 'x'.repeat(501) }],
  ])('refuse %s', (_name, patch) => {
    expect(imageValidator.safeParse({ ...image, ...patch }).success).toBe(false);
  });

  it('round-trip through a board document', () => {
    const doc = new Y.Doc();
    addItem(doc, image);
    expect(readItems(doc)).toEqual([image]);
  });
});
