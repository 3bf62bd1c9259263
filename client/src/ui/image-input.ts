import { useEffect } from 'react';
import { ImageUploadError, isBoardImage, primeImage, uploadImage } from '../collab/blobs';
import type { BoardEditor } from '../editor/editor';
import { createStore } from '../lib/store';
import { screenToBoard } from '../editor/viewport';
import type { Point } from '../editor/viewport';
import { isTypingTarget } from '../lib/typing-target';

/** What went wrong with the last image someone tried to add (a toast shows it), or null. */
export const imageNotice = createStore<{ message: string; at: number } | null>(null);

/** Size an SVG without width and height is given (browsers report 0 for it). */
const FALLBACK_SIZE = 300;

function say(message: string): void {
  imageNotice.set({ message, at: Date.now() });
}

/**
 * Uploads image files and puts each on the board, around `at` (board units; the viewport's centre
 * by default), in one undo step each. Files that are not PNG, JPEG, GIF or SVG are skipped with a
 * notice; the server's refusal (too large, not really an image) is shown as it says it.
 */
export async function addImageFiles(
  editor: BoardEditor,
  files: readonly File[],
  at?: Point,
): Promise<string[]> {
  if (!editor.canEdit) return [];
  const images = files.filter(isBoardImage);
  if (images.length < files.length) say('Only PNG, JPEG, GIF and SVG images can be added.');
  const ids: string[] = [];
  for (const [index, file] of images.entries()) {
    try {
      const stored = await uploadImage(file);
      const picture = await primeImage(stored.hash, file);
      const naturalW = picture.naturalWidth || FALLBACK_SIZE;
      const naturalH = picture.naturalHeight || FALLBACK_SIZE;
      const name = file.name.slice(0, 200);
      // Several files at once fan out a little, so none hides another.
      const offset = index * 24;
      const place = at ? { x: at.x + offset, y: at.y + offset } : undefined;
      const id = editor.createImage(
        { src: stored.hash, naturalW, naturalH, name, alt: name.replace(/\.[a-z0-9]+$/i, '') },
        place,
      );
      if (id) ids.push(id);
    } catch (err) {
      say(
        err instanceof ImageUploadError
          ? `Could not add ${file.name || 'the image'}: ${err.message}`
          : `Could not show ${file.name || 'the image'}.`,
      );
    }
  }
  if (ids.length > 1) editor.selection.set(ids);
  return ids;
}

function imageFiles(data: DataTransfer | null): File[] {
  if (!data) return [];
  return [...data.files].filter((file) => file.type.startsWith('image/'));
}

/**
 * Paste (Ctrl+V of a copied image or screenshot) and drop of image files onto the canvas, for
 * people who may edit; a viewer's drop is swallowed so the browser does not leave the board.
 */
export function useImageInput(editor: BoardEditor): void {
  useEffect(() => {
    const canvas = () => document.querySelector<HTMLElement>('[data-testid="board-canvas"]');
    const onPaste = (event: ClipboardEvent) => {
      // A fragment of ours was pasted already (ui/shortcuts.ts), or someone is typing.
      if (event.defaultPrevented || isTypingTarget(event.target)) return;
      const files = imageFiles(event.clipboardData);
      if (files.length === 0 || !editor.canEdit) return;
      event.preventDefault();
      void addImageFiles(editor, files, editor.pointer() ?? undefined);
    };
    const carriesFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;
    const onDragOver = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      const inside = canvas()?.contains(event.target as Node) ?? false;
      if (event.dataTransfer)
        event.dataTransfer.dropEffect = inside && editor.canEdit ? 'copy' : 'none';
    };
    const onDrop = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      const element = canvas();
      if (!element?.contains(event.target as Node) || !editor.canEdit) return;
      const files = imageFiles(event.dataTransfer);
      if (files.length === 0) {
        say('Only PNG, JPEG, GIF and SVG images can be added.');
        return;
      }
      const rect = element.getBoundingClientRect();
      const point = screenToBoard(editor.viewport.get(), {
        x: event.clientX - rect.left,
        y: event.clientY - rect.top,
      });
      void addImageFiles(editor, files, point);
    };
    document.addEventListener('paste', onPaste);
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('drop', onDrop);
    return () => {
      document.removeEventListener('paste', onPaste);
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('drop', onDrop);
    };
  }, [editor]);
}
