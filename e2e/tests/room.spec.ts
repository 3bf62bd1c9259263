import { addItems, indicesBetween, makeSticky } from '@weboard/shared';
import type { CreateBoardResponse } from '@weboard/shared';
import type { BrowserContext } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { BoardPage, eventually } from '../fixtures/board-page';
import { useServerAndBrowser } from '../fixtures/server';

/*
 * Issue 12, a room at once: 8 people in Chromium and 30 stock y-websocket clients on one board
 * made from the cross-team template, everyone moving their pointer at the client's real rate
 * (20 Hz) for 30 s while some of them edit. Nobody is closed, every copy of the board ends equal,
 * and every browser's presence list shows everyone. The small window (1000×700) is also where
 * the collapsed presence list, the share popover and the planning panel must leave the canvas
 * visible.
 */

const BROWSERS = 8;
const STOCK = 30;
const PEOPLE = BROWSERS + STOCK;
const SECONDS = 30;
/** WeBoard's cursor rate: one presence update per 50 ms. */
const CURSOR_MS = 50;
const WINDOW = { width: 1000, height: 700 };
const TEAMS = ['Payments', 'Accounts', 'Search', 'Mobile', 'Platform', 'Data', 'Growth'];
const TEAM_COLORS = ['blue', 'green', 'orange', 'violet', 'teal', 'pink', 'yellow'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** About a minute on a quiet machine; a loaded 2-core CI machine gets room to breathe. */
const TEST_TIMEOUT_MS = 240_000;
const started = Date.now();
/** Where the session is, with the seconds since the start: a slow CI run shows its slow part. */
const phase = (what: string) =>
  console.log(`[room] ${((Date.now() - started) / 1000).toFixed(1)} s: ${what}`);

/** One person through an unmodified stock y-websocket 3.x provider over `ws`. */
class StockPerson {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  /** Every close of its websocket, with the server's code. */
  readonly closes: number[] = [];

  constructor(url: string, boardId: string, token: string, name: string, teamId: string) {
    this.provider = new WebsocketProvider(`${url.replace(/^http/, 'ws')}/sync`, boardId, this.doc, {
      params: { token },
      // The `ws` types differ from the DOM WebSocket the provider is typed with; the same API.
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    });
    this.provider.on('connection-close', (event) => this.closes.push(event?.code ?? 0));
    this.provider.awareness.setLocalState({
      user: { name, color: '#1c7ed6', role: 'editor' },
      cursor: null,
      selection: [],
      teamId,
      viewport: { x: 0, y: 0, w: WINDOW.width, h: WINDOW.height },
    });
  }

  synced(): Promise<void> {
    return eventually(() => this.provider.synced, `${this.name()} synced`, 30_000).then(() => {});
  }

  name(): string {
    return (this.provider.awareness.getLocalState() as { user: { name: string } }).user.name;
  }

  destroy() {
    this.provider.destroy();
    this.doc.destroy();
  }
}

/** A JSON text of any value with object keys sorted, so equal documents give equal text. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : v,
  );
}

/** A board's content: its items and its state vector, comparable across copies. */
function contentOf(doc: Y.Doc): { items: string; stateVector: string } {
  const vector = Object.fromEntries(Y.decodeStateVector(Y.encodeStateVector(doc)));
  return { items: canonical(doc.getMap('items').toJSON()), stateVector: canonical(vector) };
}

describe('a room of 38 on one board', () => {
  const world = useServerAndBrowser();
  const stock: StockPerson[] = [];
  const contexts: BrowserContext[] = [];
  const people: BoardPage[] = [];

  // Every stock provider listens for the process's exit; a room of them is no leak.
  const maxListeners = process.getMaxListeners();
  process.setMaxListeners(maxListeners + STOCK);

  afterAll(async () => {
    process.setMaxListeners(maxListeners);
    stock.forEach((person) => person.destroy());
    await Promise.all(contexts.map((context) => context.close()));
  });

  it(
    'moves, edits and stays together for 30 s: no closes, equal boards, everyone listed',
    async () => {
      const res = await fetch(`${world.server.url}/api/boards`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          title: 'PI 12 planning',
          template: 'program-board',
          teams: TEAMS.map((name, i) => ({ name, color: TEAM_COLORS[i] })),
        }),
      });
      expect(res.status).toBe(201);
      const board = (await res.json()) as CreateBoardResponse;
      const editorToken = new URL(board.links.editor).searchParams.get('token')!;

      // One stock person puts 24 cards on the board for everyone to work on.
      const seeder = new StockPerson(world.server.url, board.id, editorToken, 'Stock 1', 'pending');
      stock.push(seeder);
      await seeder.synced();
      const teamIds = [...seeder.doc.getMap('teams').keys()];
      expect(teamIds).toHaveLength(TEAMS.length);
      const cardIds = seedCards(seeder.doc, 24);
      phase('board and cards ready');

      // Eight people in Chromium (one browser, a context each), at 1000×700, each in a team. They
      // open a few at a time: eight pages starting at once starve a loaded 2-core machine.
      const links = [
        board.links.facilitator,
        ...Array<string>(BROWSERS - 1).fill(board.links.editor),
      ];
      for (let first = 0; first < BROWSERS; first += 4) {
        const opened = await Promise.all(
          links.slice(first, first + 4).map(async (link, offset) => {
            const i = first + offset;
            const context = await world.browser.newContext({ viewport: WINDOW });
            contexts.push(context);
            await context.addInitScript(
              `localStorage.setItem('weboard.displayName', 'Browser ${i + 1}');
             localStorage.setItem('weboard.team.${board.id}', '${teamIds[i % teamIds.length]}');`,
            );
            return BoardPage.open(context, link, `Browser ${i + 1}`);
          }),
        );
        people.push(...opened);
      }

      phase('8 browsers live');
      // Then the other 29 stock people.
      for (let i = 1; i < STOCK; i++) {
        stock.push(
          new StockPerson(world.server.url, board.id, editorToken, `Stock ${i + 1}`, 'pending'),
        );
      }
      await Promise.all(stock.map((person) => person.synced()));
      stock.forEach((person, i) =>
        person.provider.awareness.setLocalStateField('teamId', teamIds[i % teamIds.length]!),
      );
      await eventually(
        async () =>
          (
            await Promise.all(
              people.map((p) => p.page.evaluate(() => window.weboard!.getItems().length)),
            )
          ).every((n) => n >= cardIds.length),
        'the cards in every browser',
        30_000,
      );

      phase('everyone has the cards');
      // 30 s of a room: every pointer moves at 20 Hz; 5 stock people and 3 browsers edit.
      const end = Date.now() + SECONDS * 1000;
      const stockMoves = stock.map((person, i) => {
        const timer = setInterval(() => {
          const t = Date.now() / 1000 + i;
          person.provider.awareness.setLocalStateField('cursor', {
            x: Math.round(400 + 300 * Math.sin(t * 1.3)),
            y: Math.round(500 + 200 * Math.sin(t * 0.9 + i)),
          });
        }, CURSOR_MS);
        return () => clearInterval(timer);
      });
      const stockEdits = stock.slice(0, 5).map((person, i) => {
        let tick = 0;
        const timer = setInterval(() => {
          tick++;
          const card = person.doc
            .getMap<Y.Map<unknown>>('items')
            .get(cardIds[(i * 5 + tick) % cardIds.length]!);
          if (!card) return;
          person.doc.transact(() => {
            card.set('x', (card.get('x') as number) + (tick % 2 ? 15 : -15));
            const text = card.get('text');
            if (text instanceof Y.Text) text.insert(text.length, String(i));
          });
        }, 1000);
        return () => clearInterval(timer);
      });
      const browserLoops = people.map((person, i) =>
        browserPointer(person, i, end, i >= 1 && i <= 3),
      );
      await Promise.all(browserLoops);
      stockMoves.forEach((stop) => stop());
      stockEdits.forEach((stop) => stop());
      phase('30 s of moving and editing done');

      // Nobody was closed: not the stock clients (any close), not the browsers (test API).
      expect(stock.flatMap((person) => person.closes)).toEqual([]);
      for (const person of people) {
        expect(await person.page.evaluate(() => window.weboard!.closes())).toEqual([]);
      }

      // Every copy of the board ends equal: 30 stock documents and 8 pages. The reference is read
      // again at every poll: edits made just before the loops stopped may still be on their way to
      // the first stock person, so a copy taken once could be older than the board everyone reaches.
      let mismatch = '';
      const allEqual = async () => {
        const expected = canonical(contentOf(stock[0]!.doc));
        const stockDiffer = stock.filter((person) => canonical(contentOf(person.doc)) !== expected);
        const pages = await Promise.all(people.map((person) => pageContent(person)));
        const pagesDiffer = people.filter((_, i) => canonical(pages[i]) !== expected);
        mismatch = [
          ...stockDiffer.map((person) => `${person.name()}: ${contentOf(person.doc).stateVector}`),
          ...pagesDiffer.map(
            (person) => `${person.name}: ${pages[people.indexOf(person)]!.stateVector}`,
          ),
        ].join('; ');
        if (mismatch) mismatch += ` (reference ${contentOf(stock[0]!.doc).stateVector})`;
        return stockDiffer.length === 0 && pagesDiffer.length === 0;
      };
      await eventually(allEqual, 'every document equal', 20_000).catch((error: Error) => {
        throw new Error(`${error.message}; differing copies: ${mismatch}`);
      });
      expect(JSON.parse(contentOf(stock[0]!.doc).items)).not.toEqual({});

      phase('every document equal');
      // Every browser lists everyone: 38 people in its presence list (the count and the people).
      for (const person of people) {
        await eventually(
          async () =>
            (await person.page.getByTestId('presence-count').innerText()) === String(PEOPLE) &&
            (await person.page.evaluate(() => window.weboard!.presence().length)) === PEOPLE - 1,
          `${person.name} lists all ${PEOPLE}`,
        );
      }
      const facilitator = people[0]!;
      // The long list is collapsed to avatars and "+N"; expanding it lists every person.
      await expect
        .poll(() => facilitator.page.getByTestId('presence-more').innerText())
        .toMatch(/^\+\d+$/);
      await facilitator.screenshot('room-01-collapsed-presence');
      await facilitator.page.getByTestId('presence-more').click();
      await expect.poll(() => facilitator.page.getByTestId('presence-item').count()).toBe(PEOPLE);
      await expect
        .poll(() => facilitator.page.getByTestId('presence-team').count())
        .toBe(TEAMS.length);
      await facilitator.page.getByTestId('presence-search').fill('Browser 3');
      await expect.poll(() => facilitator.page.getByTestId('presence-item').count()).toBe(2); // + you
      await facilitator.screenshot('room-02-presence-search');
      await facilitator.page.getByTestId('presence-search').fill('');
      await facilitator.screenshot('room-03-presence-expanded');
      phase('presence lists checked');
    },
    TEST_TIMEOUT_MS,
  );

  it('leaves most of a 1000×700 window to the canvas with the panels open', async () => {
    const facilitator = people[0]!;
    const { page } = facilitator;
    await page.getByTestId('planning-toggle').click();
    await page.getByTestId('planning-panel').waitFor({ state: 'visible' });
    await page.getByTestId('share-button').click();
    await page.getByTestId('share-panel').waitFor({ state: 'visible' });
    await facilitator.screenshot('room-04-panels-open');

    const box = async (testId: string) => (await page.getByTestId(testId).boundingBox())!;
    const share = await box('share-panel');
    const presence = await box('presence-panel');
    const planning = await box('planning-panel');
    // The share popover never covers the presence list.
    const overlap = (a: typeof share, b: typeof share) =>
      Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)) *
      Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
    expect(overlap(share, presence)).toBe(0);
    // What the panels cover, counted once where they overlap, on a grid of 10 px cells.
    let covered = 0;
    let cells = 0;
    for (let x = 5; x < WINDOW.width; x += 10) {
      for (let y = 5; y < WINDOW.height; y += 10) {
        cells++;
        const inside = (b: typeof share) =>
          x >= b.x && x < b.x + b.width && y >= b.y && y < b.y + b.height;
        if ([share, presence, planning].some(inside)) covered++;
      }
    }
    expect(covered / cells).toBeLessThan(0.5);
  });
});

/** Cards (sticky notes) in a grid left of the template's content, above everything. */
function seedCards(doc: Y.Doc, count: number): string[] {
  let top: string | null = null;
  doc.getMap<Y.Map<unknown>>('items').forEach((item) => {
    const z = item.get('z');
    if (typeof z === 'string' && (top === null || z > top)) top = z;
  });
  const z = indicesBetween(top, null, count);
  const cards = Array.from({ length: count }, (_, i) =>
    makeSticky({
      id: `card-${i}`,
      x: 100 + (i % 6) * 130,
      y: 300 + Math.floor(i / 6) * 130,
      z: z[i]!,
      w: 110,
      h: 110,
      text: `Card ${i + 1}`,
      createdBy: 'room',
    }),
  );
  addItems(doc, cards);
  return cards.map((card) => card.id);
}

/**
 * One browser's pointer: real mouse moves every 50 ms over the canvas until `end`. An editor
 * also adds a note under the pointer every 3 s and drags whatever is under it every 3 s.
 */
async function browserPointer(person: BoardPage, index: number, end: number, edits: boolean) {
  const { page } = person;
  let tick = 0;
  let dragging = false;
  while (Date.now() < end) {
    const started = Date.now();
    const t = started / 1000 + index;
    const x = Math.round(500 + 220 * Math.sin(t * 1.1));
    const y = Math.round(420 + 160 * Math.sin(t * 0.8 + index));
    await page.mouse.move(x, y);
    if (edits) {
      if (tick % 60 === 20) await page.keyboard.press('s');
      if (tick % 60 === 40 && !dragging) {
        await page.mouse.down();
        dragging = true;
      }
      if (tick % 60 === 50 && dragging) {
        await page.mouse.up();
        dragging = false;
      }
    }
    tick++;
    await sleep(Math.max(0, CURSOR_MS - (Date.now() - started)));
  }
  if (dragging) await page.mouse.up();
}

/** A page's board content, as contentOf reads a Node document. */
async function pageContent(person: BoardPage): Promise<{ items: string; stateVector: string }> {
  const { items, vector } = await person.page.evaluate(() => {
    const doc = window.weboard!.doc as unknown as {
      getMap(name: string): { toJSON(): unknown };
    };
    return { items: doc.getMap('items').toJSON(), vector: window.weboard!.stateVector() };
  });
  return { items: canonical(items), stateVector: canonical(vector) };
}
