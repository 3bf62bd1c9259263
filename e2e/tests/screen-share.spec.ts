import { beforeEach, describe, expect, it } from 'vitest';
import { BoardPage, eventually } from '../fixtures/board-page';
import { newPerson } from '../fixtures/browser';
import { useServerAndBrowser } from '../fixtures/server';

/*
 * A facilitator's two rough edges in two real browsers, each on a board of its own: hiding
 * everyone's cursors on their own screen for a screen share, and undoing the last restore in one
 * click.
 */

describe('facilitator screen share and undo of a restore', () => {
  const world = useServerAndBrowser();
  let fran: BoardPage;
  let ed: BoardPage;

  beforeEach(async () => {
    const board = await world.server.createBoard('Share board');
    fran = await BoardPage.open(await newPerson(world.browser), board.links.facilitator, 'Fran');
    ed = await BoardPage.open(await newPerson(world.browser), board.links.editor, 'Ed');
    for (const person of [fran, ed]) person.page.on('dialog', (dialog) => void dialog.accept());
  });

  const cursorsShown = (person: BoardPage) =>
    person.page.evaluate(() => {
      const layer = document.querySelector('.remote-cursors');
      return !!layer && getComputedStyle(layer).display !== 'none';
    });

  it('hides other people’s cursors on the facilitator’s screen only', async () => {
    for (const [person, x] of [
      [ed, 400],
      [fran, 600],
    ] as const) {
      await person.page.mouse.move(x, 300);
      await person.page.mouse.move(x + 20, 320);
    }
    await eventually(
      async () =>
        (await fran.page.evaluate(() => window.weboard!.remoteCursors().length)) === 1 || null,
      'Fran sees Ed’s cursor',
    );
    expect(await cursorsShown(fran)).toBe(true);
    await fran.page.getByTestId('facilitation-button').click();
    await fran.page.getByTestId('hide-cursors').click();
    expect(await cursorsShown(fran)).toBe(false);
    // Ed's screen is his own: Fran's cursor, back on the board, still shows there.
    await fran.page.mouse.move(700, 400);
    await fran.page.mouse.move(720, 420);
    expect(await cursorsShown(ed)).toBe(true);
    await eventually(
      async () =>
        (await ed.page.evaluate(() => window.weboard!.remoteCursors().length)) === 1 || null,
      'Ed still sees Fran’s cursor',
    );
    await fran.page.getByTestId('hide-cursors').click();
    expect(await cursorsShown(fran)).toBe(true);
  });

  it('undoes the last restore in one click', async () => {
    await fran.page.getByTestId('facilitation-button').click();
    await fran.page.getByTestId('snapshot-name').fill('Empty');
    await fran.page.getByTestId('snapshot-save').click();
    await fran.page.locator('[data-testid="snapshot-row"][data-snapshot-name="Empty"]').waitFor();
    await ed.page.getByTestId('toolbar-sticky').click();
    await ed.page.keyboard.press('Escape');
    const note = await fran.waitForAny((item) => item.type === 'sticky', 'Ed’s note');

    const row = fran.page.locator('[data-testid="snapshot-row"][data-snapshot-name="Empty"]');
    await row.getByTestId('snapshot-restore').click();
    await eventually(async () => (await ed.allItems()).length === 0 || null, 'restored to empty');

    const undo = fran.page.getByTestId('undo-last-change');
    await undo.waitFor();
    expect(await undo.innerText()).toBe('Undo the last restore');
    await undo.click();
    await ed.waitForAny((item) => item.id === note.id, 'the note is back after the undo');
  });
});
