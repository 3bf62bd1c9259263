import { describe, expect, it } from 'vitest';
import type { BoardPage } from '../fixtures/board-page';
import { eventually } from '../fixtures/board-page';
import { boardForTwo, sticky, usePeople } from '../fixtures/boards';
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

const same = (a: Rgba, b: Rgba) => a.every((v, i) => Math.abs(v - b[i]!) <= 2);

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
    await eventually(
      async () =>
        (await alice.page.evaluate(() => window.weboard!.itemsFromPictures())).includes('2') ||
        undefined,
      'the note beside it drawn from its picture',
    );
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
});
