import { readItems } from '@weboard/shared';
import type { BoardItem, Role } from '@weboard/shared';
import * as Y from 'yjs';
import Konva from 'konva';
import type { BoardConnection, ConnectionStatus } from '../collab/connection';
import { serverClockOffset, serverNow } from '../collab/server-clock';
import type { Presence, RemotePresence } from '../collab/presence';
import type { BoardEditor } from '../editor/editor';
import { boardToScreen } from '../editor/viewport';
import { drawnWithoutPictures, groupsWithPictures } from '../canvas/item-pictures';
import { drawQueuedNow, nativeContext } from '../canvas/konva-internals';
import { lastRedrawAreas } from '../canvas/partial-redraw';
import { stretchedShadows } from '../canvas/items/SoftShadow';
import { shadowImagesKept } from '../canvas/soft-shadow';
import type { CursorElement } from '../canvas/RemoteCursors';
import type { Viewport } from '../editor/viewport';

/**
 * The test API for end-to-end tests, installed as `window.weboard` while a board page is open:
 *
 *   doc             the board's Y.Doc
 *   boardId, role   the open board and the role our token grants
 *   getItems()      every valid item on the board, as plain records (StickyItem etc.)
 *   status()        'connecting' | 'live' | 'offline'
 *   boardToScreen(x, y)  where a board point is on the page, in CSS pixels (for mouse actions)
 *   viewport()      the camera: { x, y, scale } (screen = board * scale + {x, y})
 *   presence()      other people's awareness states: [{ clientId, user, cursor, selection }]
 *   selection()     ids of the items we have selected
 *   tool()          the active tool and its state, e.g. { id: 'select', state: 'select.idle' }
 *   milestonesDrawn() milestone flags drawn on the iteration axis: id, lane, board position, text
 *   drawnItems()    ids of the items the canvas currently draws (culling leaves out the rest)
 *   itemsRedrawnInFullDiffer(tolerance = 16)  how many pixels of the items' canvas change by more
 *                   than `tolerance` (what anti-aliasing does) when it is redrawn in full right
 *                   now, each node drawing itself: 0 when partial redraws and pictures of items
 *                   left it as that draws it
 *                   (a draw queued for the next frame is made first, as that frame would make it)
 *   itemsFromPictures()  ids of the items drawn from a picture of themselves (item-pictures.ts)
 *   shadows()       shadows kept as images, shadows drawn stretched from another zoom while a pinch
 *                   moved (since the page opened), and whether the redraw after it is to come
 *                   (soft-shadow.ts)
 *   itemsLastRedrawn()  the canvas areas (CSS pixels) the items layer's last draw redrew, null when
 *                   it redrew everything (partial-redraw.ts)
 *   following()     client id of the person whose viewport we follow, or null
 *   localClientId   our awareness/Yjs client id
 *   merged()        the last "merged N changes from others" notice after a reconnect, or null
 *   remoteCursors() other people's cursors as drawn right now (board coordinates), which lag
 *                   behind presence() while they glide to the latest position
 *   stateVector()   the document's state vector as { clientId: clock }, to compare copies
 *   closes()        every time our websocket closed since the page opened: [{ code, reason }]
 *   serverNow()     epoch ms on the server's clock as this page measured it; clockOffset() the offset
 *                   (code 0 when we closed it ourselves)
 *   textShown(id)   the text an item's canvas node lays out (its lines joined), its height, top
 *                   font size and colour
 *
 * It is read-only apart from `doc`, which tests may use to seed a board.
 */
export interface WeboardTestApi {
  doc: Y.Doc;
  boardId: string;
  role: Role;
  getItems(): BoardItem[];
  status(): ConnectionStatus;
  boardToScreen(x: number, y: number): { x: number; y: number };
  viewport(): Viewport;
  presence(): RemotePresence[];
  selection(): string[];
  tool(): { id: string; state: string };
  drawnItems(): string[];
  milestonesDrawn(): { id: string; laneId: string; x: number; y: number; text: string }[];
  itemsRedrawnInFullDiffer(tolerance?: number): number;
  itemsFromPictures(): string[];
  shadows(): { images: number; stretched: number; redrawPending: boolean };
  itemsLastRedrawn(): { x: number; y: number; w: number; h: number }[] | null;
  following(): number | null;
  localClientId: number;
  merged(): { count: number } | null;
  remoteCursors(): { clientId: number; x: number; y: number }[];
  stateVector(): Record<string, number>;
  closes(): { code: number; reason: string }[];
  textShown(
    id: string,
  ): { shown: string; height: number; y: number; fontSize: number; fill: string } | null;
  serverNow(): number;
  clockOffset(): number;
}

declare global {
  interface Window {
    weboard?: WeboardTestApi;
  }
}

interface Session {
  boardId: string;
  editor: BoardEditor;
  presence: Presence;
  connection: BoardConnection;
  status(): ConnectionStatus;
  canvas(): HTMLElement | null;
}

const boardStage = () =>
  Konva.stages.find((s) => s.container().closest('[data-testid="board-canvas"]'));

/** Installs `window.weboard` for a board session; returns the uninstaller. */
export function installTestApi(session: Session): () => void {
  const { editor, presence } = session;
  const closes: { code: number; reason: string }[] = [];
  const countClose = (event: CloseEvent | null) =>
    closes.push({ code: event?.code ?? 0, reason: event?.reason ?? '' });
  session.connection.provider.on('connection-close', countClose);
  const api: WeboardTestApi = {
    doc: editor.doc,
    boardId: session.boardId,
    role: editor.role,
    getItems: () => readItems(editor.doc),
    serverNow,
    clockOffset: () => serverClockOffset.get(),
    status: session.status,
    boardToScreen(x, y) {
      const rect = session.canvas()?.getBoundingClientRect();
      const point = boardToScreen(editor.viewport.get(), { x, y });
      return { x: point.x + (rect?.left ?? 0), y: point.y + (rect?.top ?? 0) };
    },
    viewport: () => ({ ...editor.viewport.get() }),
    presence: () => presence.remote.get().map((p) => ({ ...p })),
    selection: () => [...editor.selection.get()],
    tool: () => ({ id: editor.tool.get(), state: editor.toolState.get() }),
    milestonesDrawn() {
      const nodes = boardStage()?.find('.milestone-marker') ?? [];
      return nodes.map((node) => ({
        id: String(node.getAttr('milestoneId')),
        laneId: String(node.getAttr('laneId')),
        x: node.x(),
        y: node.y(),
        text: (node as Konva.Group).findOne<Konva.Text>('Text')?.text() ?? '',
      }));
    },
    drawnItems() {
      const layer = boardStage()?.findOne('.items-layer') as Konva.Layer | undefined;
      // Items' nodes only: the layer also holds the dot grid, blocks and planning decorations.
      return layer
        ? layer
            .getChildren()
            .filter((node) => node.hasName('item'))
            .map((node) => node.id())
        : [];
    },
    itemsRedrawnInFullDiffer(tolerance = 16) {
      const layer = boardStage()?.findOne('.items-layer') as Konva.Layer | undefined;
      if (!layer) return -1;
      const canvas = layer.getCanvas();
      const read = () =>
        nativeContext(canvas.getContext()).getImageData(0, 0, canvas.width, canvas.height).data;
      // Changes received since the last frame are not on the canvas until the next frame draws
      // them (partially): that draw is made now, so the canvas holds every change this page has.
      // A check run between a remote change's arrival and its frame (a loaded machine) compared
      // the previous frame with a full redraw of the change: the whole move as "differing".
      drawQueuedNow(layer);
      const drawn = read();
      // A new (equal) camera makes the next draw a full one.
      editor.viewport.set((v) => ({ ...v }));
      drawnWithoutPictures(() => layer.draw());
      const full = read();
      // Anti-aliased edges may round a few units apart when drawn clipped; stale content differs
      // by far more than this. Colours are compared as they show (weighted by their alpha): a
      // nearly transparent pixel (a dot's or a shadow's fringe at alpha 9-12 of 255) has coarse,
      // meaningless colour values that compositing in another order changes without any visible
      // difference.
      let differ = 0;
      for (let i = 0; i < drawn.length; i += 4) {
        const a = drawn[i + 3]!;
        const b = full[i + 3]!;
        if (Math.abs(a - b) > tolerance) {
          differ++;
          continue;
        }
        for (let c = 0; c < 3; c++) {
          if (Math.abs(drawn[i + c]! * a - full[i + c]! * b) / 255 > tolerance) {
            differ++;
            break;
          }
        }
      }
      return differ;
    },
    itemsFromPictures: () => groupsWithPictures().map((group) => group.id()),
    shadows() {
      const { drawn, redrawPending } = stretchedShadows();
      return { images: shadowImagesKept(), stretched: drawn, redrawPending };
    },
    itemsLastRedrawn() {
      const layer = boardStage()?.findOne('.items-layer') as Konva.Layer | undefined;
      const areas = layer ? lastRedrawAreas(layer) : null;
      return areas ? areas.map((a) => ({ ...a })) : null;
    },
    remoteCursors() {
      const canvas = session.canvas();
      const nodes = canvas ? [...canvas.querySelectorAll<CursorElement>('.remote-cursor')] : [];
      return nodes.flatMap((node) =>
        node.boardPoint ? [{ clientId: Number(node.dataset.clientId), ...node.boardPoint }] : [],
      );
    },
    following: () => editor.following.get(),
    localClientId: presence.localClientId,
    merged: () => session.connection.merged.get(),
    stateVector: () => Object.fromEntries(Y.decodeStateVector(Y.encodeStateVector(editor.doc))),
    closes: () => closes.map((close) => ({ ...close })),
    textShown(id) {
      const group = boardStage()?.findOne(`#${id}`) as Konva.Group | undefined;
      const text = group?.findOne('Text') as Konva.Text | undefined;
      if (!group || !text) return null;
      // Konva lays the text out in lines; what it leaves out (or replaces by "…") is not seen.
      const lines = text.textArr as { text: string }[];
      return {
        shown: lines.map((line) => line.text).join(' '),
        height: text.height(),
        y: text.y(),
        fontSize: text.fontSize(),
        fill: String(text.fill()),
      };
    },
  };
  window.weboard = api;
  return () => {
    session.connection.provider.off('connection-close', countClose);
    if (window.weboard === api) delete window.weboard;
  };
}
