/**
 * tldraw holding the bench grid as note shapes, created in one batch through the editor's API
 * (editor.createShapes), with tldraw's cap of 4,000 shapes per page raised to the board size.
 */
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { Tldraw, createShapeId, toRichText } from 'tldraw';
import type { Editor, TLNoteShape } from 'tldraw';
import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite';
import 'tldraw/tldraw.css';
import { noteGrid } from '../../src/client/grid';
import { frameWhen, requestedCount } from './peer-api';

const count = requestedCount();
let refused: string | null = null;
let resolveEditor: (editor: Editor) => void;
const mounted = new Promise<Editor>((resolve) => (resolveEditor = resolve));

function onMount(editor: Editor) {
  performance.mark('peer:mounted');
  editor.run(
    () =>
      editor.createShapes<TLNoteShape>(
        noteGrid(count).map((note) => ({
          id: createShapeId(note.id),
          type: 'note',
          x: note.x,
          y: note.y,
          props: { color: note.color.tldraw, richText: toRichText(note.text) },
        })),
      ),
    { history: 'ignore' },
  );
  performance.mark('peer:created');
  const held = editor.getCurrentPageShapeIds().size;
  if (held < count) refused = `tldraw holds ${held} of ${count} notes`;
  resolveEditor(editor);
}

let editor: Editor | undefined;
void mounted.then((e) => (editor = e));
const ed = () => {
  if (!editor) throw new Error('tldraw is not mounted yet');
  return editor;
};

window.peer = {
  firstFrame: frameWhen(
    () =>
      !!editor &&
      editor.getCurrentPageShapeIds().size >= count &&
      document.querySelector('.tl-shape') !== null,
    () => refused,
  ),
  count: () => editor?.getCurrentPageShapeIds().size ?? 0,
  camera() {
    const { x, y, z } = ed().getCamera();
    return { x: -x, y: -y, z };
  },
  canvas() {
    const b = ed().getViewportScreenBounds();
    return { left: b.x, top: b.y, width: b.w, height: b.h };
  },
  setCamera(camera) {
    ed().setCamera({ x: -camera.x, y: -camera.y, z: camera.z });
  },
  position(id) {
    const shape = ed().getShape(createShapeId(id));
    return shape ? { x: shape.x, y: shape.y } : null;
  },
  remoteMove(id, x, y) {
    // As tldraw's sync client applies a collaborator's change: a record put, marked remote.
    const e = ed();
    const shape = e.getShape(createShapeId(id));
    if (!shape) throw new Error(`no note ${id}`);
    e.store.mergeRemoteChanges(() => e.store.put([{ ...shape, x, y }]));
  },
};

createRoot(document.getElementById('root')!).render(
  createElement(Tldraw, {
    onMount,
    options: { maxShapesPerPage: Math.max(4000, count + 100) },
    assetUrls: getAssetUrlsByImport(),
  }),
);
