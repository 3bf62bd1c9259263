import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { BoardPage } from '../fixtures/board-page';
import { eventually } from '../fixtures/board-page';
import { boardForTwo, boardWithItems, sticky, tokenOf, usePeople } from '../fixtures/boards';
import { useServerAndBrowser } from '../fixtures/server';

type Rgba = [number, number, number, number];

/** The colour the items' canvas holds at a board point (what the person sees there, less the DOM). */
async function drawnAt(person: BoardPage, x: number, y: number): Promise<Rgba> {
  const screen = await person.boardToScreen(x, y);
  return person.page.evaluate(({ x, y }) => {
    const canvas = document.querySelector<HTMLCanvasElement>(
      '[data-testid="board-canvas"] canvas',
    )!;
    const rect = canvas.getBoundingClientRect();
    const px = Math.floor(((x - rect.left) * canvas.width) / rect.width);
    const py = Math.floor(((y - rect.top) * canvas.height) / rect.height);
    return [...canvas.getContext('2d')!.getImageData(px, py, 1, 1).data] as Rgba;
  }, screen);
}

/** A stock y-websocket client with no page (no cursor, no selection) editing `board`. */
function stockEditor(
  serverUrl: string,
  board: { id: string; links: { editor: string } },
): { doc: Y.Doc; provider: WebsocketProvider } {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(
    serverUrl.replace(/^http/, 'ws') + '/sync',
    board.id,
    doc,
    {
      params: { token: tokenOf(board.links.editor) },
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    },
  );
  return { doc, provider };
}

const same = (a: Rgba, b: Rgba) => a.every((v, i) => Math.abs(v - b[i]!) <= 2);

/** How many device pixels of the items' canvas inside a board box hold `colour` (as `same`). */
async function colourIn(
  person: BoardPage,
  box: { x: number; y: number; w: number; h: number },
  colour: Rgba,
): Promise<number> {
  const from = await person.boardToScreen(box.x, box.y);
  const to = await person.boardToScreen(box.x + box.w, box.y + box.h);
  return person.page.evaluate(
    ({ from, to, colour }) => {
      const canvas = document.querySelector<HTMLCanvasElement>(
        '[data-testid="board-canvas"] canvas',
      )!;
      const rect = canvas.getBoundingClientRect();
      const px = (x: number) => Math.floor(((x - rect.left) * canvas.width) / rect.width);
      const py = (y: number) => Math.floor(((y - rect.top) * canvas.height) / rect.height);
      const [x0, y0] = [Math.max(0, px(from.x)), Math.max(0, py(from.y))];
      const [x1, y1] = [Math.min(canvas.width, px(to.x)), Math.min(canvas.height, py(to.y))];
      if (x1 <= x0 || y1 <= y0) return 0;
      const data = canvas.getContext('2d')!.getImageData(x0, y0, x1 - x0, y1 - y0).data;
      let count = 0;
      for (let i = 0; i < data.length; i += 4) {
        if ([0, 1, 2, 3].every((c) => Math.abs(data[i + c]! - colour[c]!) <= 2)) count++;
      }
      return count;
    },
    { from, to, colour },
  );
}

/*
 * A move (a change of position alone) moves an item's node without rendering it again (issue #18);
 * these check that every other change after such moves still draws the item where it is now, in
 * the browser that moved it and in the other one.
 */
describe('an item moved by someone else', () => {
  const world = useServerAndBrowser();
  const people = usePeople(world);

  it('is drawn where it now is, and stays there when it is edited and recoloured next', async () => {
    const { facilitator: alice, editor: bob } = await boardForTwo(world, people, {
      title: 'Moves',
      items: [sticky('1', 300, 250, '')],
    });
    // A point inside the note, clear of its text and its border.
    const inside = (item: { x: number; y: number }) => [item.x + 170, item.y + 170] as const;
    const start = (await alice.item('1'))!;
    const yellow = await eventually(async () => {
      const colour = await drawnAt(alice, ...inside(start));
      return colour[3] === 255 ? colour : undefined;
    }, 'the note drawn');

    await bob.dragItem('1', 400, 60);
    const moved = await alice.waitForItem((item) => item.id === '1' && item.x > 600, 'moved');
    for (const person of [alice, bob]) {
      const at = (await person.item('1'))!;
      await eventually(
        async () =>
          (same(await drawnAt(person, ...inside(at)), yellow) &&
            !same(await drawnAt(person, ...inside(start)), yellow)) ||
          undefined,
        `${person.name}: the note drawn at its new place only`,
      );
    }

    // Editing renders the note again (its text is hidden while the editor is open), not for a
    // change of its look: it stays where it was moved.
    await alice.editText('1', 'Moved');
    await bob.waitForItem((item) => item.id === '1' && item.text === 'Moved', 'typed');
    for (const person of [alice, bob]) {
      await eventually(
        async () =>
          (same(await drawnAt(person, ...inside(moved)), yellow) &&
            !same(await drawnAt(person, ...inside(start)), yellow)) ||
          undefined,
        `${person.name}: the edited note drawn where it was moved`,
      );
    }

    await bob.select('1');
    await bob.page.locator('[data-testid="color-swatch"][data-color="blue"]').click();
    await alice.waitForItem((item) => item.id === '1' && item.color === 'blue', 'blue');
    for (const person of [alice, bob]) {
      await eventually(async () => {
        const [r, , b, a] = await drawnAt(person, ...inside(moved));
        return (a === 255 && b > r + 40) || undefined;
      }, `${person.name}: the blue note where it was moved`);
      const [r, , b] = await drawnAt(person, ...inside(start));
      expect(b > r + 40, `${person.name}: nothing blue where it was`).toBe(false);
    }
    expect(await alice.itemsRedrawnInFullDiffer()).toBe(0);
    await alice.screenshot('remote-move-recoloured');
  });

  it('leaves the notes beside it drawn from pictures of themselves, redrawn when they change', async () => {
    const { facilitator: alice, editor: bob } = await boardForTwo(world, people, {
      title: 'Neighbours',
      items: [sticky('1', 300, 250, 'Moving'), sticky('2', 540, 250, 'Beside it')],
    });
    const inside = [540 + 170, 250 + 170] as const;
    // Each step a change of its own at Alice's: the note beside it is redrawn in each.
    for (let step = 1; step <= 3; step++) {
      await bob.dragItem('1', 0, 12);
      await alice.waitForItem((item) => item.id === '1' && item.y >= 250 + 12 * step - 2, 'step');
    }
    await drawnFromPicture(alice, '2', 'the note beside it drawn from its picture');
    // What the pictures put on the canvas is what drawing each note itself puts there.
    expect(await alice.itemsRedrawnInFullDiffer()).toBe(0);

    // A change to a note with a picture draws the change.
    await bob.select('2');
    await bob.page.locator('[data-testid="color-swatch"][data-color="blue"]').click();
    await alice.waitForItem((item) => item.id === '2' && item.color === 'blue', 'blue');
    await eventually(async () => {
      const [r, , b] = await drawnAt(alice, ...inside);
      return b > r + 40 || undefined;
    }, 'the note beside it drawn blue');
    await bob.dragItem('1', 0, 12);
    await alice.waitForItem((item) => item.id === '1' && item.y >= 250 + 48 - 2, 'last step');
    expect(await alice.itemsRedrawnInFullDiffer()).toBe(0);
    const [r, , b] = await drawnAt(alice, ...inside);
    expect(b > r + 40, 'still blue after the next move beside it').toBe(true);
    await alice.screenshot('remote-move-neighbours');
  });

  it('is drawn from a picture of itself at each step, wherever between pixels it lands', async () => {
    const { facilitator: alice, editor: bob } = await boardForTwo(world, people, {
      title: 'Picture moves',
      items: [sticky('1', 300, 250, 'Moving'), sticky('2', 540, 250, 'Beside it')],
    });
    await eventually(
      () => alice.page.evaluate(() => window.weboard!.textShown('1')),
      'the note drawn',
    );
    // Steps of 7.3 units, as a drag at any zoom makes them: the note's origin lands at another
    // fraction of a device pixel each time.
    for (let step = 1; step <= 4; step++) {
      const x = 300 + 7.3 * step;
      await bob.page.evaluate((x) => {
        const items = window.weboard!.doc.getMap('items');
        (items.get('1') as { set(key: string, value: unknown): void }).set('x', x);
      }, x);
      await alice.waitForItem((item) => item.id === '1' && Math.abs(item.x - x) < 0.01, 'step');
      await alice.page.evaluate(() => new Promise((done) => requestAnimationFrame(done)));
    }
    await drawnFromPicture(alice, '1', 'the moving note drawn from its picture');
    // Drawn from its picture, it is what drawing the note itself puts there.
    expect(await alice.itemsRedrawnInFullDiffer()).toBe(0);
  });

  it("redraws only its shadow's reach while the planning layer decorates every card", async () => {
    const { facilitator: alice, editor: bob } = await boardForTwo(world, people, {
      title: 'Margin',
      items: [sticky('1', 300, 250, 'Moving'), sticky('2', 540, 250, 'Beside it')],
    });
    // The planning layer comes with the panels, after the first frame: a decoration per card,
    // with nothing to draw on a board without teams, scores or votes.
    await alice.page.getByTestId('planning-toggle').waitFor();
    for (let step = 1; step <= 2; step++) {
      await bob.dragItem('1', 0, 12);
      await alice.waitForItem((item) => item.id === '1' && item.y >= 250 + 12 * step - 2, 'step');
    }
    const areas = await eventually(
      async () =>
        (await alice.page.evaluate(() => window.weboard!.itemsLastRedrawn())) ?? undefined,
      'the last move redrawn in part',
    );
    const { scale } = await alice.page.evaluate(() => window.weboard!.viewport());
    // The note's square, its shadow's reach (28 units) each side, a pixel either side and a
    // rounding pixel, and at most one drag step (12 units) between the box it left and the one it
    // entered; a planning decoration's reach (60 units and 32 pixels) is far more.
    const most = (200 + 2 * 28 + 12) * scale + 2 * 2 + 2;
    expect(areas.length).toBeGreaterThan(0);
    for (const area of areas) {
      expect(area.w, JSON.stringify(areas)).toBeLessThanOrEqual(most);
      expect(area.h, JSON.stringify(areas)).toBeLessThanOrEqual(most);
    }
    expect(await alice.itemsRedrawnInFullDiffer()).toBe(0);
  });

  it('is redrawn between the notes under and over it, in their order', async () => {
    // Pink under the moving yellow note, blue over it: each overlaps one of its corners, clear
    // of its middle (where Bob takes it).
    const { facilitator: alice, editor: bob } = await boardForTwo(world, people, {
      title: 'Stacked',
      items: [
        { ...sticky('1', 260, 200, ''), color: 'pink' },
        sticky('2', 400, 300, 'Moving'),
        { ...sticky('3', 540, 420, ''), color: 'blue' },
      ],
    });
    const under = [430, 330] as const;
    const over = [570, 470] as const;
    const yellow = await eventually(async () => {
      const colour = await drawnAt(alice, ...under);
      return colour[3] === 255 ? colour : undefined;
    }, 'the notes drawn');
    for (let step = 1; step <= 3; step++) {
      await bob.dragItem('2', 6, 4);
      await alice.waitForItem((item) => item.id === '2' && item.x >= 400 + 6 * step - 2, 'step');
    }
    // The notes beside it are redrawn from their pictures: the moves were partial redraws.
    await eventually(
      async () =>
        (await alice.page.evaluate(() => window.weboard!.itemsFromPictures())).length > 0 ||
        undefined,
      'the notes beside it drawn from their pictures',
    );
    expect(await alice.itemsRedrawnInFullDiffer()).toBe(0);
    expect(same(await drawnAt(alice, ...under), yellow), 'the moving note over the pink one').toBe(
      true,
    );
    const [r, , b] = await drawnAt(alice, ...over);
    expect(b > r + 40, 'the blue note over the moving one').toBe(true);
    await alice.screenshot('remote-move-stacked');
  });

  it('is redrawn in place as someone types in it, growing and shrinking it', async () => {
    const long = ' and more text until the note grows below its square'.repeat(14);
    const { facilitator: alice, editor: bob } = await boardForTwo(world, people, {
      title: 'Typing',
      items: [sticky('1', 100, 100, 'Short'), sticky('2', 320, 100, 'Beside it')],
    });
    await eventually(
      () => alice.page.evaluate(() => window.weboard!.textShown('1')),
      'the note drawn',
    );
    // Typing as Bob's text editor does, into the note's Y.Text: letters added, then a long run
    // that grows the note below its square, then taken away again (what it drew below must go).
    const type = (edit: { insert?: string; remove?: number }) =>
      bob.page.evaluate((edit) => {
        const items = window.weboard!.doc.getMap('items');
        const text = (items.get('1') as { get(key: string): unknown }).get('text') as {
          length: number;
          insert(at: number, text: string): void;
          delete(at: number, count: number): void;
        };
        if (edit.insert) text.insert(text.length, edit.insert);
        if (edit.remove) text.delete(text.length - edit.remove, edit.remove);
      }, edit);
    const steps = [{ insert: '!' }, { insert: long }, { remove: long.length }, { remove: 1 }];
    const names = ['a letter', 'the long run', 'the long run taken away', 'the letter taken away'];
    let expected = 'Short';
    for (const [i, step] of steps.entries()) {
      await type(step);
      expected = step.insert
        ? expected + step.insert
        : expected.slice(0, expected.length - step.remove!);
      const now = expected;
      await alice.waitForItem((item) => item.id === '1' && item.text === now, 'typed');
      expect(await alice.itemsRedrawnInFullDiffer(), `after ${names[i]}`).toBe(0);
      if (step.insert === long) {
        const shown = await alice.page.evaluate(() => window.weboard!.textShown('1'));
        expect(shown!.height, 'the note grown below its square').toBeGreaterThan(200 + 60);
      }
    }
    // The note beside it was drawn again in those redraws (from a picture from the second on):
    // they were partial redraws, not full ones.
    expect(await alice.page.evaluate(() => window.weboard!.itemsFromPictures())).toContain('2');
    await alice.screenshot('remote-move-typing');
  });

  it('leaves nothing behind of a note grown by its text or hung with a reaction', async () => {
    const long = 'A note with so much text that it grows below its square. '.repeat(14);
    const { facilitator: alice, editor: bob } = await boardForTwo(world, people, {
      title: 'Reach',
      items: [sticky('1', 100, 100, long), sticky('2', 400, 300, 'Reacted to')],
    });
    const shown = await eventually(
      () => alice.page.evaluate(() => window.weboard!.textShown('1')),
      'the long text shown',
    );
    // Its text (and so its drawing) reaches below the note's box.
    expect(shown.height).toBeGreaterThan(200 + 60);
    await alice.select('2');
    await alice.page.getByTestId('reaction-open').click();
    await alice.page.getByTestId('reaction-🎉').click();
    await alice.page.keyboard.press('Escape');
    await alice.page.mouse.click(5, 400);
    // Moved up by Bob a little at a time, each step a partial redraw at Alice's: what hangs
    // below each note is left where it was unless the redrawn area reaches that far. The grown
    // note last: its steps are the last draws before the comparison.
    for (const id of ['2', '1']) {
      const before = (await alice.item(id))!.y;
      for (let step = 1; step <= 3; step++) {
        await bob.dragItem(id, 3, -12);
        await alice.waitForItem((item) => item.id === id && item.y <= before - 12 * step + 2, id);
      }
    }
    expect(await alice.itemsRedrawnInFullDiffer()).toBe(0);
    await alice.screenshot('remote-move-reach');
  });

  it('is hit where it now is by the first click after the move, and no longer where it was', async () => {
    const board = await boardWithItems(world.server, 'Hit after a move', [
      sticky('1', 300, 250, 'Moving'),
    ]);
    const alice = await people.open(board.links.facilitator, 'Alice');
    await eventually(
      () => alice.page.evaluate(() => window.weboard!.textShown('1')),
      'the note drawn',
    );
    // A stock Yjs client with no page moves it: only the document changes at Alice's.
    const { doc, provider } = stockEditor(world.server.url, board);
    try {
      await eventually(() => provider.synced || null, 'the stock client synced');
      const note = doc.getMap<Y.Map<unknown>>('items').get('1')!;
      // Small steps, as a drag sends them, then one of 30 units: the note now spans x 332-532.
      for (let step = 1; step <= 3; step++) note.set('x', 300 + 2 * step);
      note.set('x', 332);
      await alice.waitForItem((item) => item.id === '1' && item.x === 332, 'moved');
      // Clicked at once (no frame waited for): a point it covers only now selects it...
      const onlyNow = await alice.boardToScreen(522, 350);
      await alice.page.mouse.click(onlyNow.x, onlyNow.y);
      await eventually(
        async () =>
          (await alice.page.evaluate(() => window.weboard!.selection())).join() === '1' ||
          undefined,
        'the note selected where it now is',
      );
      // ...and a point it covered only before hits nothing: that click clears the selection (a
      // click on the note would keep it selected).
      const onlyBefore = await alice.boardToScreen(310, 350);
      await alice.page.mouse.click(onlyBefore.x, onlyBefore.y);
      await eventually(
        async () =>
          (await alice.page.evaluate(() => window.weboard!.selection())).length === 0 || undefined,
        'the selection cleared by a click where the note was',
      );
      // Moved again and clicked at once where it just went.
      note.set('x', 362);
      await alice.waitForItem((item) => item.id === '1' && item.x === 362, 'moved again');
      const justThere = await alice.boardToScreen(552, 350);
      await alice.page.mouse.click(justThere.x, justThere.y);
      await eventually(
        async () =>
          (await alice.page.evaluate(() => window.weboard!.selection())).join() === '1' ||
          undefined,
        'the note selected where it went last',
      );
      expect(await alice.itemsRedrawnInFullDiffer()).toBe(0);
    } finally {
      provider.destroy();
    }
  });
});

/*
 * Removing a node from a layer is no change of any item's node that Konva reports (the node is
 * gone); the layer itself asks for its redraw (Container#_setChildrenIndices), which
 * partial-redraw.ts draws in full. Were it drawn in part, or not at all, what the removed note
 * drew would stay: most visibly what its text grew below its square.
 */
describe('an item removed by someone else', () => {
  const world = useServerAndBrowser();
  const people = usePeople(world);

  it('leaves nothing of it drawn, its text grown below its square included', async () => {
    const long = 'A note with so much text that it grows below its square. '.repeat(14);
    const board = await boardWithItems(world.server, 'Removal', [
      sticky('1', 100, 100, long),
      sticky('2', 340, 100, 'Beside it'),
    ]);
    const alice = await people.open(board.links.facilitator, 'Alice');
    const shown = await eventually(
      () => alice.page.evaluate(() => window.weboard!.textShown('1')),
      'the long text shown',
    );
    expect(shown.height, 'the note grown below its square').toBeGreaterThan(200 + 60);
    // The note's square, what its text grew below it, and the note beside it (board boxes).
    const square = { x: 100, y: 100, w: 200, h: 200 };
    const grown = { x: 100, y: 100 + 200 + 20, w: 200, h: shown.height - 200 - 40 };
    const beside = { x: 340 + 20, y: 100 + 150, w: 160, h: 20 };
    const yellow = await eventually(async () => {
      const colour = await drawnAt(alice, beside.x, beside.y);
      return colour[3] === 255 ? colour : undefined;
    }, 'the notes drawn');
    await eventually(
      async () => ((await colourIn(alice, grown, yellow)) > 1000 ? true : undefined),
      "the grown part drawn in the note's yellow",
    );

    // Someone with a stock Yjs client and no page (no cursor, no selection: nothing else changes
    // at Alice's) moves the note beside it, then removes the grown one.
    const { doc, provider } = stockEditor(world.server.url, board);
    try {
      await eventually(() => provider.synced || null, 'the stock client synced');
      const items = doc.getMap<Y.Map<unknown>>('items');
      // Moves beside it are partial redraws: the notes are drawn from pictures of themselves.
      for (let step = 1; step <= 3; step++) {
        items.get('2')!.set('y', 100 + 12 * step);
        await alice.waitForItem((item) => item.id === '2' && item.y === 100 + 12 * step, 'step');
        await alice.page.evaluate(() => new Promise((done) => requestAnimationFrame(done)));
      }
      await drawnFromPicture(alice, '1', 'the grown note drawn from its picture');
      items.delete('1');
      await eventually(
        async () => ((await alice.item('1')) ? undefined : true),
        "the note removed at Alice's",
      );
      // The frame after the change draws it (the pixels are read before the full redraw below).
      await alice.page.evaluate(
        () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
      );
      expect(await colourIn(alice, square, yellow), 'yellow left in its square').toBe(0);
      expect(await colourIn(alice, grown, yellow), 'yellow left below its square').toBe(0);
      expect(await colourIn(alice, beside, yellow), 'the note beside it').toBeGreaterThan(1000);
      expect(await alice.itemsRedrawnInFullDiffer()).toBe(0);
    } finally {
      provider.destroy();
    }
    await alice.screenshot('remote-removal');
  });
});

/** Waits until `person`'s canvas draws item `id` from its picture. */
async function drawnFromPicture(person: BoardPage, id: string, message: string): Promise<void> {
  await eventually(
    async () =>
      (await person.page.evaluate(() => window.weboard!.itemsFromPictures())).includes(id) ||
      undefined,
    message,
  );
}
