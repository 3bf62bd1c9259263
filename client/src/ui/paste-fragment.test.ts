import { makeImage, makeSticky, readFragment } from '@weboard/shared';
import { describe, expect, it } from 'vitest';
import { rememberGrant } from '../collab/blobs';
import { createBoardEditor } from '../editor/editor';
import { board } from '../editor/test-board';
import { imageNotice } from './image-input';
import { copyFragment, isFragment, pasteFragment } from './paste-fragment';

/*
 * Copy and paste with pictures, without a server: what a copy carries, and that a paste whose
 * pictures cannot be brought over still lands, in one undo step, with a notice. (Linking through
 * the server is tested in server/tests/image-links.test.ts and e2e/tests/images.spec.ts.)
 */

const HASH = 'ab'.repeat(32);
const UNSEEN = 'cd'.repeat(32);
const GRANT = 'Gr4nt_-'.repeat(7).slice(0, 43);
const picture = (id: string, src: string) =>
  makeImage({ id, x: 0, y: 0, z: 'a2', createdBy: 'x', src, naturalW: 40, naturalH: 20 }, 1);
const note = makeSticky({ id: 'n', x: 100, y: 0, z: 'a1', createdBy: 'x', text: 'hi' }, 1);

describe('copying and pasting pictures', () => {
  it('copies the grant of each picture this page has one for', () => {
    rememberGrant(HASH, GRANT);
    rememberGrant(UNSEEN, 'not a grant');
    const source = board(note, picture('p', HASH), picture('q', UNSEEN));
    source.editor.selectAll();
    const text = copyFragment(source.editor)!;
    expect(isFragment(text)).toBe(true);
    expect(isFragment('plain text')).toBe(false);
    const fragment = readFragment(text)!;
    expect(fragment.items.map((item) => item.id)).toEqual(['n', 'p', 'q']);
    expect(fragment.grants).toEqual({ [HASH]: GRANT });
  });

  it('pastes a fragment without pictures at once, before any await', async () => {
    const source = board(note);
    source.editor.selectAll();
    const target = board();
    const pasting = pasteFragment(target.editor, copyFragment(source.editor)!);
    expect(target.editor.items.get()).toHaveLength(1);
    expect(await pasting).toHaveLength(1);
  });

  it('still pastes pictures it could not bring over, in one undo step, and says so', async () => {
    rememberGrant(HASH, GRANT);
    const source = board(note, picture('p', HASH), picture('q', UNSEEN));
    source.editor.selectAll();
    const text = copyFragment(source.editor)!;
    // No board is open in this page: the link is refused and the unseen picture cannot load.
    imageNotice.set(null);
    const target = board();
    const ids = await pasteFragment(target.editor, text);
    expect(ids).toHaveLength(3);
    expect(target.editor.items.get().map((item) => item.type)).toEqual([
      'sticky',
      'image',
      'image',
    ]);
    expect(imageNotice.get()?.message).toMatch(
      /^2 pasted images could not be brought over .*No board is open/,
    );
    target.editor.undo();
    expect(target.editor.items.get()).toHaveLength(0);
  });

  it('pastes nothing for a viewer, and asks the server nothing', async () => {
    const source = board(picture('p', HASH));
    source.editor.selectAll();
    const viewer = board();
    const readOnly = createBoardEditor(viewer.doc, 'viewer', 'Vi');
    imageNotice.set(null);
    expect(await pasteFragment(readOnly, copyFragment(source.editor)!)).toEqual([]);
    expect(imageNotice.get()).toBeNull();
  });
});
