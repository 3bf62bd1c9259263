import type { CreateBoardResponse } from '@weboard/shared';
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page, WebSocket } from 'playwright-core';
import { BoardPage, eventually } from '../fixtures/board-page';
import { newPerson } from '../fixtures/browser';
import { useServerAndBrowser } from '../fixtures/server';

const ITEMS = 4000;

/** Records every opening stage the progress panel shows, from the page's first moment. */
const RECORD_STAGES = `
  window.__stages = [];
  new MutationObserver(() => {
    const panel = document.querySelector('[data-testid="board-progress"]');
    const stage = panel ? panel.getAttribute('data-stage') : 'gone';
    if (window.__stages[window.__stages.length - 1] !== stage) window.__stages.push(stage);
  }).observe(document, { subtree: true, childList: true, attributes: true });
`;

/** Records how many items the page held when the board's canvas first appeared. */
const RECORD_CANVAS_MOUNT = `
  window.__canvasMountedWith = null;
  new MutationObserver(() => {
    if (window.__canvasMountedWith !== null) return;
    if (!document.querySelector('[data-testid="board-canvas"]')) return;
    window.__canvasMountedWith = window.weboard ? window.weboard.getItems().length : -1;
  }).observe(document, { subtree: true, childList: true });
`;

/** y-websocket's sync step 1 of an empty document (message sync, step 1, empty state vector). */
const EMPTY_SYNC_STEP_1 = [0, 0, 1, 0];

interface SyncSocket {
  page: Page;
  /** How many sync step 1 frames of an empty document the page sent on it. */
  emptyStep1: number;
}

/** Every board websocket (`/sync/`) the context's pages open, as Playwright sees them. */
function recordSyncSockets(context: BrowserContext): SyncSocket[] {
  const opened: SyncSocket[] = [];
  const watch = (page: Page) =>
    page.on('websocket', (socket: WebSocket) => {
      if (!new URL(socket.url()).pathname.startsWith('/sync/')) return;
      const entry: SyncSocket = { page, emptyStep1: 0 };
      opened.push(entry);
      socket.on('framesent', ({ payload }) => {
        if (typeof payload === 'string') return;
        if (payload.length === 4 && EMPTY_SYNC_STEP_1.every((b, i) => payload[i] === b)) {
          entry.emptyStep1++;
        }
      });
    });
  context.on('page', watch);
  return opened;
}

/** The bytes of the board's IndexedDB copy (y-indexeddb's store `updates` of `weboard:<id>`). */
function copyBytes(page: Page, boardId: string): Promise<number> {
  return page.evaluate(
    (name) =>
      new Promise<number>((resolve) => {
        const request = indexedDB.open(name);
        request.onerror = () => resolve(0);
        request.onsuccess = () => {
          const db = request.result;
          if (!db.objectStoreNames.contains('updates')) {
            db.close();
            return resolve(0);
          }
          const all = db.transaction('updates', 'readonly').objectStore('updates').getAll();
          all.onerror = () => resolve(0);
          all.onsuccess = () => {
            db.close();
            resolve((all.result as Uint8Array[]).reduce((sum, bytes) => sum + bytes.byteLength, 0));
          };
        };
      }),
    `weboard:${boardId}`,
  );
}

/*
 * A board of a few thousand items opens with a progress panel that says what it is waiting for
 * (this browser's copy, then the server), and the panel is gone once the board is there, with
 * every item loaded and only the visible ones drawn.
 */
describe('a large board', () => {
  const world = useServerAndBrowser();

  /** A board of ITEMS sticky notes in a grid 240 apart, note `s{i}` at column i % 80. */
  async function bigBoard(title: string): Promise<CreateBoardResponse> {
    const board = (await world.server.createBoard(title)) as CreateBoardResponse;
    const token = new URL(board.links.facilitator).searchParams.get('token')!;
    const items = Array.from({ length: ITEMS }, (_, i) => ({
      id: `s${i}`,
      type: 'sticky',
      x: (i % 80) * 240,
      y: Math.floor(i / 80) * 240,
      w: 200,
      h: 200,
      rotation: 0,
      z: `a${String(i).padStart(5, '0')}`,
      createdBy: 'seed',
      createdAt: 1,
      text: `Note ${i}`,
      color: 'yellow',
    }));
    const imported = await fetch(`${world.server.url}/api/boards/${board.id}/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        format: 'weboard',
        version: 1,
        meta: { schemaVersion: 1, title: 'Big' },
        items,
      }),
    });
    expect(imported.ok).toBe(true);
    return board;
  }

  it('shows opening progress until the board is there, and draws only what is visible', async () => {
    const board = await bigBoard('Big');

    const context = await newPerson(world.browser);
    await context.addInitScript(RECORD_STAGES);
    const person = await BoardPage.open(context, board.links.editor, 'Lea');
    const page = person.page;
    await eventually(
      () => page.evaluate(() => window.weboard?.getItems().length === 4000 || undefined),
      'every item loaded',
    );
    await page.getByTestId('board-progress').waitFor({ state: 'detached' });
    const stages = await page.evaluate(
      () => (window as unknown as { __stages: string[] }).__stages,
    );
    // Nothing local yet: it waited for this browser's copy, then the server, and went away. The
    // server's board can be in first (its websocket opens while the board's code loads): then
    // there is nothing to wait for, and the panel skips the server or never shows.
    const shown = stages.filter((stage) => stage !== 'gone');
    expect(['local,server', 'local', 'server', '']).toContain(shown.join(','));
    expect(stages.at(-1)).toBe('gone');
    const drawn = Number(await page.getByTestId('board-canvas').getAttribute('data-visible-items'));
    expect(drawn).toBeGreaterThan(0);
    expect(drawn).toBeLessThan(200);
    // The minimap shows the notes (yellow, #fde68a) besides the viewport.
    await eventually(
      async () => (await person.minimapNotePixels()) > 500 || undefined,
      'the notes on the minimap',
    );
    await person.screenshot('large-board-open');

    // A reload reads this browser's copy first.
    await page.reload();
    await person.enterNameIfAsked();
    await eventually(
      () => page.evaluate(() => window.weboard?.getItems().length === 4000 || undefined),
      'every item loaded again',
    );
    await page.getByTestId('board-progress').waitFor({ state: 'detached' });
    const again = await page.evaluate(() => (window as unknown as { __stages: string[] }).__stages);
    // (Before the app renders, the recorder sees the page without a panel: 'gone'.)
    expect(again.find((stage) => stage !== 'gone')).toBe('local');
    expect(again.at(-1)).toBe('gone');
    await context.close();
  });

  it('mounts the board view once the board is there, not empty while it is on its way', async () => {
    const board = await bigBoard('Big, one mount');
    const context = await newPerson(world.browser);
    await context.addInitScript(RECORD_CANVAS_MOUNT);
    // The server's messages reach the page only once the test lets them through.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await context.routeWebSocket(/\/sync\//, (socket) => {
      const server = socket.connectToServer();
      server.onMessage((message) => void held.then(() => socket.send(message)));
    });
    const page = await context.newPage();
    await page.goto(board.links.editor);
    await page.getByTestId('name-input').fill('Lea');
    await page.getByTestId('name-submit').click();
    // The board is open (its session and test API), waiting for the server: progress, no canvas.
    await page.waitForFunction(() => window.weboard?.status() === 'syncing');
    await page.getByTestId('board-progress').waitFor({ state: 'attached' });
    expect(await page.getByTestId('board-canvas').count()).toBe(0);

    release();
    await page.getByTestId('board-canvas').waitFor({ state: 'attached' });
    await page.getByTestId('board-progress').waitFor({ state: 'detached' });
    // The canvas came with every item already there: one mount and one paint of the board.
    const mountedWith = await page.evaluate(
      () => (window as unknown as { __canvasMountedWith: number | null }).__canvasMountedWith,
    );
    expect(mountedWith).toBe(ITEMS);
    const drawn = Number(await page.getByTestId('board-canvas').getAttribute('data-visible-items'));
    expect(drawn).toBeGreaterThan(0);
    await context.close();
  });

  it('loads over one websocket, the one opened before the board code, asking for the board once', async () => {
    const board = await bigBoard('Big, one socket');
    const context = await newPerson(world.browser);
    const opened = recordSyncSockets(context);
    const person = await BoardPage.open(context, board.links.editor, 'Lea');
    const page = person.page;
    const everyItem = () =>
      eventually(
        () => page.evaluate((n) => window.weboard?.getItems().length === n || undefined, ITEMS),
        'every item loaded',
      );
    await everyItem();
    // The early socket opened on the first chunk's start is the provider's: no second socket,
    // and one sync step 1 of an empty document (the early one; the provider's copy is dropped).
    expect(opened.map((s) => s.page)).toEqual([page]);
    expect(opened[0]!.emptyStep1).toBe(1);

    // A reload with this browser's copy: again one socket, and nobody asks for the whole board:
    // the early socket does not, and the provider asks once the copy is read, with its state
    // (the server sends only what the copy lacks, not the board again). The copy is stored once
    // the page is idle: the reload waits until IndexedDB holds the board (its bytes).
    await eventually(
      async () => (await copyBytes(page, board.id)) > 100_000 || undefined,
      'the board in this browser’s IndexedDB copy',
    );
    opened.length = 0;
    await page.reload();
    await person.enterNameIfAsked();
    await everyItem();
    await person.waitLive();
    expect(opened.map((s) => s.page)).toEqual([page]);
    expect(opened[0]!.emptyStep1).toBe(0);
    await context.close();
  });

  it('opens its websocket as the page is parsed, before any of its code has downloaded', async () => {
    const board = await bigBoard('Big, socket first');
    const context = await newPerson(world.browser);
    const opened = recordSyncSockets(context);
    // Every script of the page is held until the test lets it through.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let scripts = 0;
    await context.route(/\/assets\/.*\.js$/, async (route) => {
      scripts++;
      await held;
      await route.continue();
    });
    const page = await context.newPage();
    await page.goto(board.links.editor, { waitUntil: 'commit' });
    // The page's inline boot script opened the board's socket and asked for the board, while
    // the page's first chunk is still on its way.
    await eventually(() => opened[0]?.emptyStep1 === 1 || undefined, 'the board asked for');
    expect(scripts).toBeGreaterThan(0);
    expect(await page.evaluate(() => window.weboard === undefined)).toBe(true);

    release();
    const person = await BoardPage.attach(page, 'Lea');
    await eventually(
      () => page.evaluate((n) => window.weboard?.getItems().length === n || undefined, ITEMS),
      'every item loaded',
    );
    // The provider took that socket: no second one, the board asked for once.
    expect(opened.map((s) => s.page)).toEqual([page]);
    expect(opened[0]!.emptyStep1).toBe(1);
    await person.waitLive();
    await context.close();
  });

  it('is used by hand: drag, type, zoom far out and back, and the other person sees it', async () => {
    const board = await bigBoard('Big by hand');
    const leaContext = await newPerson(world.browser);
    const maxContext = await newPerson(world.browser);
    const lea = await BoardPage.open(leaContext, board.links.editor, 'Lea');
    const max = await BoardPage.open(maxContext, board.links.editor, 'Max');
    for (const person of [lea, max]) {
      await eventually(
        () => person.page.evaluate(() => window.weboard?.getItems().length === 4000 || undefined),
        `${person.name}: every item loaded`,
      );
    }
    await lea.page.bringToFront();
    await lea.dragItem('s81', 130, 60);
    await max.waitForItem((item) => item.id === 's81' && item.x > 240 + 100, 'the dragged note');
    await lea.editText('s2', 'Typed on a board of 4,000 notes');
    await max.waitForItem(
      (item) => item.id === 's2' && item.text === 'Typed on a board of 4,000 notes',
      'the typed note',
    );
    // Max's canvas took those changes as partial redraws: it is what a full one draws.
    expect(await max.itemsRedrawnInFullDiffer()).toBe(0);
    await max.screenshot('large-board-other-person');

    // Far out every note is a block and none is a node; back in, the nodes are mounted again.
    for (let i = 0; i < 12; i++) await lea.page.getByTestId('zoom-out').click();
    await eventually(
      () => lea.page.evaluate(() => window.weboard!.drawnItems().length === 0 || undefined),
      'only blocks far out',
    );
    const far = Number(
      await lea.page.getByTestId('board-canvas').getAttribute('data-visible-items'),
    );
    expect(far).toBeGreaterThan(500);
    await lea.screenshot('large-board-far-out');
    await lea.page.keyboard.press('Shift+Digit0');
    await eventually(
      () => lea.page.evaluate(() => window.weboard!.drawnItems().includes('s81') || undefined),
      'nodes again at 100 %',
    );
    expect(await lea.page.evaluate(() => window.weboard!.drawnItems().length)).toBeLessThan(200);
    await lea.screenshot('large-board-by-hand');
    await leaContext.close();
    await maxContext.close();
  });
});
