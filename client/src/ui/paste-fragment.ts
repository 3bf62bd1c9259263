import { isImage, readFragment } from '@weboard/shared';
import {
  ImageUploadError,
  grantOf,
  holdsImage,
  imageOf,
  imagesReady,
  linkImage,
} from '../collab/blobs';
import type { BoardEditor } from '../editor/editor';
import { imageNotice } from './image-input';

/*
 * Copy and paste of items through our fragment, with their pictures: a copy carries the grant of
 * each picture, and a paste links the pictures this board does not show yet before the items land,
 * so that nobody on the board ever sees a picture it cannot read yet (a failed read is not retried).
 */

/** The selection as clipboard text, with the grants of its pictures; null when nothing is selected. */
export function copyFragment(editor: BoardEditor): string | null {
  return editor.copySelection(grantOf);
}

/** Whether clipboard text is a fragment of ours (so the paste is ours to handle). */
export function isFragment(text: string): boolean {
  return readFragment(text) !== null;
}

function say(message: string): void {
  imageNotice.set({ message, at: Date.now() });
}

/**
 * Pastes clipboard text (as `editor.paste`, one undo step), first linking the copied pictures into
 * this board with their grants. Without pictures to link it pastes at once, before any await. A
 * picture that cannot be linked does not stop the paste: its item lands, shown as unavailable, and
 * a notice says so.
 */
export async function pasteFragment(editor: BoardEditor, text: string): Promise<string[] | null> {
  const fragment = readFragment(text);
  if (!fragment || !editor.canEdit) return editor.paste(text);
  const missing = [...new Set(fragment.items.filter(isImage).map((item) => item.src))].filter(
    (hash) => !holdsImage(hash),
  );
  const linked = missing.filter((hash) => fragment.grants[hash] !== undefined);
  const refusals: string[] = [];
  if (linked.length > 0) {
    await Promise.all(
      linked.map((hash) =>
        linkImage(hash, fragment.grants[hash]!).catch((err: unknown) => {
          refusals.push(err instanceof ImageUploadError ? err.message : String(err));
        }),
      ),
    );
  }
  const ids = editor.paste(text);
  let lost = refusals.length;
  // Pictures copied without a grant are there only if this board has them already.
  const ungranted = missing.filter((hash) => fragment.grants[hash] === undefined);
  if (ungranted.length > 0) {
    await imagesReady(ungranted);
    lost += ungranted.filter((hash) => imageOf(hash) === 'failed').length;
  }
  if (lost > 0) {
    const pictures = lost === 1 ? 'A pasted image' : `${lost} pasted images`;
    const why = refusals[0] ? ` ${refusals[0].replace(/\.$/, '')}.` : '';
    say(`${pictures} could not be brought over from the board it was copied from.${why}`);
  }
  return ids;
}
