import { describe, expect, it } from 'vitest';
import { makeConnector, makeShape, makeSticky, makeText, routeConnector } from '@weboard/shared';
import type { BoardItem, ConnectorItem } from '@weboard/shared';
import { eventually } from '../fixtures/board-page';
import { boardForTwo, usePeople } from '../fixtures/boards';
import { useServerAndBrowser } from '../fixtures/server';

/*
 * The whiteboard in two real browsers: every object type by toolbar and by shortcut, connectors
 * re-attached, text and stroke styles, resize and rotate seen by the other person, and undo that
 * leaves other people's edits alone. What they see (culling, copy/paste, cursors, PNG export) is
 * canvas-view.spec.ts; working offline is canvas-offline.spec.ts. Each test opens its own board
 * (made by REST) and people.
 */

const kindOf = (item: BoardItem) => (item.type === 'shape' ? item.kind : item.type);
const ALL_KINDS = ['connector', 'diamond', 'ellipse', 'frame', 'pen', 'rect', 'sticky', 'text'];

/** The ids of the items the editing tests start from, by the shortcut that makes each kind. */
const byShortcut = { s: 'note', t: 'text', r: 'rect', o: 'ellipse', d: 'diamond' } as const;

/**
 * What creating by shortcut leaves on a board, for the tests that edit it: a note, a text, a
 * rectangle joined to an ellipse by an arrow, and a diamond, all in view at 100 %.
 */
function shortcutItems(): BoardItem[] {
  const seed = { createdBy: 'seed' };
  return [
    makeSticky({ ...seed, id: byShortcut.s, x: 100, y: 250, z: 'a0' }, 1),
    makeText({ ...seed, id: byShortcut.t, x: 350, y: 270, z: 'a1', text: 'Text' }, 1),
    makeShape({ ...seed, id: byShortcut.r, kind: 'rect', x: 350, y: 400, z: 'a2' }, 1),
    makeShape({ ...seed, id: byShortcut.o, kind: 'ellipse', x: 680, y: 520, z: 'a3' }, 1),
    makeShape({ ...seed, id: byShortcut.d, kind: 'diamond', x: 960, y: 400, z: 'a4' }, 1),
    makeConnector(
      {
        ...seed,
        id: 'arrow',
        z: 'a5',
        from: { itemId: byShortcut.r, x: 550, y: 460 },
        to: { itemId: byShortcut.o, x: 680, y: 580 },
      },
      1,
    ),
  ];
}

describe('whiteboard canvas in two browsers', () => {
  const world = useServerAndBrowser();
  const people = usePeople(world);
  /** A board of its own holding `items`, open as Alice (facilitator) and Bob (editor). */
  const twoPeople = async (items: readonly object[] = []) => {
    const { facilitator, editor } = await boardForTwo(world, people, {
      title: 'Canvas board',
      items,
    });
    return { alice: facilitator, bob: editor };
  };
  const emptyBoard = () => twoPeople();
  const shortcutBoard = () => twoPeople(shortcutItems());

  it('creates every object type from the toolbar, and the other person sees each', async () => {
    const { alice, bob } = await emptyBoard();
    const page = alice.page;
    for (const name of ['sticky', 'text']) {
      await page.getByTestId(`toolbar-${name}`).click();
      if (name === 'sticky') await page.keyboard.press('Escape');
    }
    // Shapes and frames are tools: a click on the canvas drops one of the default size there.
    const spots: Record<string, [number, number]> = {
      rect: [820, 220],
      ellipse: [1060, 220],
      diamond: [1060, 420],
      frame: [640, 400],
    };
    for (const [name, [x, y]] of Object.entries(spots)) {
      await page.getByTestId(`toolbar-${name}`).click();
      expect(await page.evaluate(() => window.weboard!.tool().id)).toBe(name);
      await page.mouse.click(x, y);
      expect(await page.evaluate(() => window.weboard!.tool().id)).toBe('select');
    }
    await page.getByTestId('toolbar-connector').click();
    await alice.drag({ x: 300, y: 200 }, { x: 480, y: 250 });
    await page.getByTestId('toolbar-pen').click();
    await alice.drag({ x: 300, y: 560 }, { x: 420, y: 640 });
    await page.keyboard.press('Escape');
    expect(await page.evaluate(() => window.weboard!.tool().id)).toBe('select');

    await eventually(async () => {
      const kinds = new Set<string>((await bob.allItems()).map(kindOf));
      return ALL_KINDS.every((kind) => kinds.has(kind));
    }, 'every kind made by toolbar reaches Bob');
    await alice.screenshot('10-canvas-toolbar-objects');
  });

  it('draws a shape and a frame by dragging out a box; the other person sees their size', async () => {
    const { alice, bob } = await emptyBoard();
    const page = alice.page;
    const scale = (await page.evaluate(() => window.weboard!.viewport())).scale;
    const before = new Set((await alice.allItems()).map((item) => item.id));

    await page.getByTestId('toolbar-frame').click();
    await alice.drag({ x: 80, y: 330 }, { x: 440, y: 620 });
    const frame = await alice.waitForAny(
      (item) => item.type === 'frame' && !before.has(item.id),
      'drawn frame',
    );
    expect(frame.w).toBeCloseTo(360 / scale, 0);
    expect(frame.h).toBeCloseTo(290 / scale, 0);

    await page.keyboard.press('o');
    await alice.drag({ x: 140, y: 400 }, { x: 380, y: 530 });
    const ellipse = await alice.waitForAny(
      (item) => item.type === 'shape' && !before.has(item.id),
      'drawn ellipse',
    );
    expect(ellipse).toMatchObject({ kind: 'ellipse' });
    expect(ellipse.w).toBeCloseTo(240 / scale, 0);
    expect(ellipse.h).toBeCloseTo(130 / scale, 0);
    expect(await page.evaluate(() => window.weboard!.selection())).toEqual([ellipse.id]);
    // It sits where it was drawn.
    const topLeft = await alice.boardToScreen(ellipse.x, ellipse.y);
    expect(topLeft.x).toBeCloseTo(140, 0);
    expect(topLeft.y).toBeCloseTo(400, 0);

    for (const made of [frame, ellipse]) {
      await bob.waitForAny(
        (item) => item.id === made.id && item.w === made.w && item.h === made.h,
        `drawn ${made.type} at its size`,
      );
    }
    await alice.screenshot('10b-canvas-drawn-box');
  });

  it('creates every object type by shortcut, connecting two of them, and the other person sees it', async () => {
    const { alice, bob } = await emptyBoard();
    const page = alice.page;
    const made: Record<string, string> = {};
    // H pans the view (the hand tool), V goes back to selecting.
    await page.keyboard.press('h');
    await alice.drag({ x: 900, y: 650 }, { x: 900, y: 150 });
    await page.keyboard.press('v');
    const before = new Set((await alice.allItems()).map((item) => item.id));

    const place = async (key: string, x: number, y: number) => {
      await page.mouse.move(x, y);
      await page.keyboard.press(key);
      // S and T make a note or text under the pointer; R O D F pick a tool that a click uses.
      if ('rodf'.includes(key)) await page.mouse.click(x, y);
      const item = await alice.waitForAny((i) => !before.has(i.id), `item by ${key}`);
      before.add(item.id);
      made[key] = item.id;
    };
    await place('s', 200, 350);
    await place('t', 470, 290);
    await place('r', 450, 460);
    await place('o', 780, 460);
    await place('d', 1060, 460);
    await place('f', 640, 660);
    await page.keyboard.press('Escape');

    await page.keyboard.press('l');
    await alice.drag({ x: 450, y: 460 }, { x: 780, y: 470 });
    const connector = (await alice.waitForAny(
      (item) => item.type === 'connector' && !before.has(item.id),
      'connector by L',
    )) as ConnectorItem;
    expect(connector.from.itemId).toBe(made.r);
    expect(connector.to.itemId).toBe(made.o);
    before.add(connector.id);

    await page.keyboard.press('p');
    await alice.drag({ x: 150, y: 560 }, { x: 320, y: 640 });
    await page.keyboard.press('Escape');
    const pen = await alice.waitForAny(
      (item) => item.type === 'pen' && !before.has(item.id),
      'pen',
    );

    for (const id of [...Object.values(made), connector.id, pen.id]) {
      await bob.waitForAny((item) => item.id === id, `shortcut item ${id} at Bob`);
    }
    // The connector follows its item when the item moves.
    await alice.dragItem(made.o!, 0, 120);
    await eventually(async () => {
      const ellipse = await alice.item(made.o!);
      return ellipse && ellipse.y > 400;
    }, 'ellipse moved');
    await alice.screenshot('11-canvas-shortcut-objects');
  });

  it('re-attaches a connector end by dragging it onto another item, or frees it on empty canvas', async () => {
    const { alice, bob } = await shortcutBoard();
    const page = alice.page;
    const route = async () => {
      const items = await alice.allItems();
      const connector = items.find(
        (i): i is ConnectorItem => i.type === 'connector' && i.from.itemId === byShortcut.r,
      )!;
      return { connector, ...routeConnector(connector, (id) => items.find((i) => i.id === id)) };
    };
    const first = await route();
    expect(first.connector.to.itemId).toBe(byShortcut.o);
    const middle = await alice.boardToScreen(first.labelAt.x, first.labelAt.y);
    await page.mouse.click(middle.x, middle.y);
    expect(await page.evaluate(() => window.weboard!.selection())).toEqual([first.connector.id]);

    // Drag the arrow's head from the ellipse onto the diamond.
    const head = await alice.boardToScreen(first.end.x, first.end.y);
    const diamond = await alice.itemCentre(byShortcut.d);
    await page.mouse.move(head.x, head.y);
    await page.mouse.down();
    for (let step = 1; step <= 10; step++) {
      await page.mouse.move(
        head.x + ((diamond.x - head.x) * step) / 10,
        head.y + ((diamond.y - head.y) * step) / 10,
      );
    }
    expect(await page.evaluate(() => window.weboard!.tool().state)).toBe('select.dragging_end');
    await alice.screenshot('11b-canvas-connector-end-over-target');
    await page.mouse.up();
    await bob.waitForAny(
      (i) => i.id === first.connector.id && (i as ConnectorItem).to.itemId === byShortcut.d,
      'connector re-attached to the diamond',
    );
    expect((await route()).connector.from.itemId).toBe(byShortcut.r);

    // Drop it on empty canvas: a free end right there.
    const second = await route();
    const onDiamond = await alice.boardToScreen(second.end.x, second.end.y);
    const free = { x: 900, y: 150 };
    await alice.drag(onDiamond, free);
    const spot = await page.evaluate(
      ([x, y]) => {
        const v = window.weboard!.viewport();
        return { x: (x! - v.x) / v.scale, y: (y! - v.y) / v.scale };
      },
      [free.x, free.y],
    );
    // The end moves live during the drag; Bob ends up with it free where Alice let go.
    await bob.waitForAny((i) => {
      if (i.id !== first.connector.id || i.type !== 'connector') return false;
      return i.to.itemId === null && Math.abs(i.to.x - spot.x) < 1 && Math.abs(i.to.y - spot.y) < 1;
    }, 'connector end left free where it was dropped');
    await alice.screenshot('11c-canvas-connector-end-free');

    // Each end drag is one undo step.
    await page.keyboard.press('Control+z');
    await bob.waitForAny(
      (i) => i.id === first.connector.id && (i as ConnectorItem).to.itemId === byShortcut.d,
      'undo puts the end back on the diamond',
    );
  });

  it('changes text size and stroke width of the selection, and the other person sees it', async () => {
    const { alice, bob } = await shortcutBoard();
    const page = alice.page;
    const text = (await alice.item(byShortcut.t))!;
    await alice.select(text.id);
    await page.getByTestId('text-size-XL').click();
    await bob.waitForAny(
      (i) => i.id === text.id && i.type === 'text' && i.fontSize === 56 && i.h > text.h,
      'XL text, grown to fit',
    );
    expect(await page.getByTestId('text-size-XL').getAttribute('aria-checked')).toBe('true');

    // Two shapes at once, as one undo step.
    await alice.select(byShortcut.d);
    const ellipse = await alice.itemCentre(byShortcut.o);
    await page.keyboard.down('Shift');
    await page.mouse.click(ellipse.x, ellipse.y);
    await page.keyboard.up('Shift');
    expect(await page.evaluate(() => window.weboard!.selection().length)).toBe(2);
    await page.getByTestId('stroke-width-thick').click();
    const stroke = (id: string, width: number) => (i: BoardItem) =>
      i.id === id && i.type === 'shape' && i.strokeWidth === width;
    for (const id of [byShortcut.o, byShortcut.d]) {
      await bob.waitForAny(stroke(id, 8), 'thick outline');
    }
    await bob.screenshot('11d-canvas-bob-sees-styles');
    await page.keyboard.press('Control+z');
    for (const id of [byShortcut.o, byShortcut.d]) {
      await bob.waitForAny(stroke(id, 2), 'one undo: both outlines thin again');
    }
    await page.keyboard.press('Control+Shift+z');
    await bob.waitForAny(stroke(byShortcut.d, 8), 'redone');
    await alice.screenshot('11e-canvas-alice-styles');

    // A locked item is the facilitator's: Bob gets no colour or style controls for it.
    await page.evaluate((id) => {
      const items = window.weboard!.doc.getMap('items');
      (items.get(id) as { set(key: string, value: unknown): void }).set('locked', true);
    }, byShortcut.o);
    await bob.page.keyboard.press('Escape');
    await bob.page.keyboard.press('Shift+Digit1'); // zoom to fit: Alice's shapes in view
    await bob.waitForAny((i) => i.id === byShortcut.o && 'locked' in i && !!i.locked, 'locked');
    await bob.select(byShortcut.o);
    await bob.page.getByTestId('selection-toolbar').waitFor();
    expect(await bob.page.getByTestId('color-swatch').count()).toBe(0);
    expect(await bob.page.getByTestId('stroke-width-thick').count()).toBe(0);
    await bob.screenshot('11f-canvas-bob-locked-selection');
    await alice.select(byShortcut.o);
    await page.getByTestId('stroke-width-medium').waitFor();
    expect(await page.getByTestId('color-swatch').count()).toBeGreaterThan(0);
  });

  it('resizes and rotates in one browser and the other sees it', async () => {
    const { alice, bob } = await shortcutBoard();
    const page = bob.page;
    await page.keyboard.press('Shift+Digit1'); // zoom to fit; the corner is read from the camera:
    const camera = () => page.evaluate(() => JSON.stringify(window.weboard!.viewport()));
    await eventually(async () => {
      const before = await camera();
      for (let frame = 0; frame < 2; frame++)
        await page.evaluate(() => new Promise(requestAnimationFrame));
      return before === (await camera()) || undefined;
    }, 'the camera at rest over two frames');
    const id = byShortcut.r;
    const rect = (await bob.item(id))!;
    await bob.select(id);
    expect(await page.evaluate(() => window.weboard!.selection())).toEqual([id]);

    const corner = await bob.boardToScreen(rect.x + rect.w, rect.y + rect.h);
    await bob.drag(corner, { x: corner.x + 60, y: corner.y + 40 });
    // The resize streams to Alice while it goes on: her copy must be Bob's final one (an earlier
    // step of the drag would put the rotation handle a few pixels off, where a press misses it).
    const resized = await eventually(async () => {
      const [mine, hers] = [await bob.item(id), await alice.item(id)];
      if (!mine || !hers || mine.w <= rect.w + 40 || mine.h <= rect.h + 20) return undefined;
      const same = (['x', 'y', 'w', 'h'] as const).every((key) => mine[key] === hers[key]);
      return same ? mine : undefined;
    }, 'Alice: the rectangle as Bob resized it');

    await bob.screenshot('12-canvas-bob-resized');
    const top = await bob.boardToScreen(resized.x + resized.w / 2, resized.y);
    const centre = await bob.boardToScreen(resized.x + resized.w / 2, resized.y + resized.h / 2);
    await bob.drag({ x: top.x, y: top.y - 26 }, { x: centre.x + 200, y: centre.y - 60 });
    const rotated = await alice.waitForAny(
      (item) => item.id === id && Math.abs(item.rotation) > 20,
      'rotated rectangle',
    );
    expect(rotated.type).toBe('shape');
    await bob.screenshot('12-canvas-bob-rotated');
    await alice.screenshot('12-canvas-alice-sees-rotation');
  });

  it("undoes only one's own change, leaving the other person's edit", async () => {
    const { alice, bob } = await shortcutBoard();
    const id = byShortcut.d;
    const before = (await alice.item(id))!;
    await alice.page.keyboard.down('Alt'); // no snapping: a plain, predictable move
    await alice.dragItem(id, 80, 0);
    await alice.page.keyboard.up('Alt');
    await bob.waitForAny((item) => item.id === id && item.x > before.x + 60, 'moved diamond');

    await bob.select(id);
    await bob.page.locator('[data-testid="color-swatch"][data-color="green"]').click();
    await alice.waitForAny(
      (item) => item.id === id && 'color' in item && item.color === 'green',
      'green diamond',
    );

    await alice.page.keyboard.press('Control+z');
    for (const person of [alice, bob]) {
      await person.waitForAny(
        (item) =>
          item.id === id && item.x === before.x && 'color' in item && item.color === 'green',
        'move undone, colour kept',
      );
    }
    await alice.page.keyboard.press('Control+Shift+z');
    await bob.waitForAny((item) => item.id === id && item.x > before.x + 60, 'move redone');
  });

  it("edits a sticky's text and a connector's label, and the other person sees both", async () => {
    const { alice, bob } = await shortcutBoard();
    const page = alice.page;
    await page.keyboard.press('Shift+Digit1');
    await alice.editText(byShortcut.s, 'Payments API ready');
    await bob.waitForAny(
      (i) => i.id === byShortcut.s && i.type === 'sticky' && i.text === 'Payments API ready',
      "the sticky's new text",
    );

    const items = await alice.allItems();
    const connector = items.find(
      (i): i is ConnectorItem => i.type === 'connector' && i.from.itemId === byShortcut.r,
    )!;
    const middle = routeConnector(connector, (id) => items.find((i) => i.id === id)).labelAt;
    const at = await alice.boardToScreen(middle.x, middle.y);
    await page.mouse.dblclick(at.x, at.y);
    const editor = page.getByTestId('sticky-text-editor');
    await editor.waitFor({ state: 'visible' });
    await editor.fill('needs review');
    await page.keyboard.press('Escape');
    await editor.waitFor({ state: 'hidden' });
    await bob.waitForAny(
      (i) => i.id === connector.id && i.type === 'connector' && i.label === 'needs review',
      "the connector's label",
    );
    await bob.page.keyboard.press('Shift+Digit1');
    await bob.screenshot('14a-canvas-bob-sees-text-and-label');
  });
});
