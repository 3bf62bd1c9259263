/**
 * Excalidraw holding the bench grid as it would open a saved scene (initialData): each note is a
 * filled rectangle with its text bound inside, Excalidraw's own sticky note.
 */
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { CaptureUpdateAction, Excalidraw } from '@excalidraw/excalidraw';
import type { ExcalidrawImperativeAPI } from '@excalidraw/excalidraw/types';
import '@excalidraw/excalidraw/index.css';
import { NOTE_SIZE, noteGrid } from '../../src/client/grid';
import type { Camera } from '../../src/client/grid';
import { frameWhen, requestedCount } from './peer-api';

const count = requestedCount();
const FONT_SIZE = 20;
const LINE_HEIGHT = 1.25;

/** A saved scene's elements: rectangles and their bound texts, every field a saved file has. */
function sceneElements() {
  const common = {
    angle: 0,
    strokeColor: '#1e1e1e',
    fillStyle: 'solid',
    strokeWidth: 1,
    strokeStyle: 'solid',
    roughness: 0,
    opacity: 100,
    groupIds: [],
    frameId: null,
    version: 1,
    isDeleted: false,
    updated: 1,
    link: null,
    locked: false,
  };
  const elements: unknown[] = [];
  for (const [i, note] of noteGrid(count).entries()) {
    const textWidth = Math.ceil(note.text.length * FONT_SIZE * 0.55);
    const textHeight = FONT_SIZE * LINE_HEIGHT;
    elements.push(
      {
        ...common,
        id: note.id,
        type: 'rectangle',
        x: note.x,
        y: note.y,
        width: NOTE_SIZE,
        height: NOTE_SIZE,
        backgroundColor: note.color.fill,
        roundness: { type: 3 },
        seed: i + 1,
        versionNonce: i + 1,
        boundElements: [{ type: 'text', id: `${note.id}-t` }],
      },
      {
        ...common,
        id: `${note.id}-t`,
        type: 'text',
        x: note.x + (NOTE_SIZE - textWidth) / 2,
        y: note.y + (NOTE_SIZE - textHeight) / 2,
        width: textWidth,
        height: textHeight,
        backgroundColor: 'transparent',
        roundness: null,
        seed: count + i + 1,
        versionNonce: count + i + 1,
        boundElements: null,
        text: note.text,
        originalText: note.text,
        fontSize: FONT_SIZE,
        fontFamily: 5,
        textAlign: 'center',
        verticalAlign: 'middle',
        containerId: note.id,
        autoResize: true,
        lineHeight: LINE_HEIGHT,
      },
    );
  }
  return elements;
}

let api: ExcalidrawImperativeAPI | undefined;
const excalidraw = () => {
  if (!api) throw new Error('Excalidraw is not mounted yet');
  return api;
};
const scroll = (camera: Camera) => ({
  scrollX: -camera.x,
  scrollY: -camera.y,
  // Excalidraw brands its zoom value type; a plain number is what it stores.
  zoom: { value: camera.z as never },
});

window.peer = {
  firstFrame: frameWhen(
    () => !!api && api.getSceneElements().length >= 2 * count,
    () => null,
  ),
  count: () => (api ? api.getSceneElements().filter((e) => e.type === 'rectangle').length : 0),
  camera() {
    const { scrollX, scrollY, zoom } = excalidraw().getAppState();
    return { x: -scrollX, y: -scrollY, z: zoom.value };
  },
  canvas() {
    const { offsetLeft, offsetTop, width, height } = excalidraw().getAppState();
    return { left: offsetLeft, top: offsetTop, width, height };
  },
  setCamera(camera) {
    excalidraw().updateScene({ appState: scroll(camera) });
  },
  position(id) {
    const element = excalidraw()
      .getSceneElements()
      .find((e) => e.id === id);
    return element ? { x: element.x, y: element.y } : null;
  },
  deselect() {
    // Escape keeps Excalidraw's selection; clicking the canvas's empty part would clear it, but at
    // 10 % zoom the gaps between notes are 4 px wide.
    excalidraw().updateScene({ appState: { selectedElementIds: {} } });
  },
  remoteMove(id, x, y) {
    // As Excalidraw's collaboration applies a collaborator's change: the scene's elements with the
    // changed ones at a higher version, handed to updateScene without an undo entry.
    const a = excalidraw();
    const elements = a.getSceneElementsIncludingDeleted();
    const note = elements.find((e) => e.id === id);
    if (!note) throw new Error(`no note ${id}`);
    const dx = x - note.x;
    const dy = y - note.y;
    const moved = new Set([id, `${id}-t`]);
    a.updateScene({
      elements: elements.map((e) =>
        moved.has(e.id)
          ? {
              ...e,
              x: e.x + dx,
              y: e.y + dy,
              version: e.version + 1,
              versionNonce: Math.floor(Math.random() * 2 ** 31),
              updated: Date.now(),
            }
          : e,
      ),
      captureUpdate: CaptureUpdateAction.NEVER,
    });
  },
};

createRoot(document.getElementById('root')!).render(
  createElement(Excalidraw, {
    excalidrawAPI: (instance: ExcalidrawImperativeAPI) => (api = instance),
    initialData: {
      // The saved-file shape; Excalidraw restores (validates and completes) it on load.
      elements: sceneElements() as never,
      // Opens at zoom 1 with the board's origin top-left, as WeBoard and tldraw do.
      appState: { viewBackgroundColor: '#ffffff' },
    },
  }),
);
