import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { BoardPage, eventually } from '../fixtures/board-page';
import { newPerson } from '../fixtures/browser';
import { useServerAndBrowser } from '../fixtures/server';

/*
 * Emoji bursts at the cursor, in two real browsers on a board of their own each: one person's
 * burst floats up at their cursor on the other's screen and goes again; a viewer may send one
 * too; a facilitator who hid cursors for a screen share sees nobody's. Screenshots, light and
 * dark, show the bursts and the reaction chips as real emoji (the colour emoji font).
 */

/** Where an element's box starts on screen (a burst's anchor and a cursor's tip). */
function origin(page: Page, selector: string) {
  return page.evaluate((css) => {
    const node = document.querySelector(css);
    if (!node) return null;
    const { x, y } = node.getBoundingClientRect();
    return { x, y };
  }, selector);
}

/** Moves a person's pointer onto the board at (x, y) so others see their cursor there. */
async function pointAt(person: BoardPage, x: number, y: number) {
  await person.page.mouse.move(x - 20, y - 10);
  await person.page.mouse.move(x, y, { steps: 4 });
}

/** Puts a note on the board with `emoji` reacted to it by `person` (for the screenshots). */
async function noteWithReaction(person: BoardPage, emoji: string) {
  await person.page.getByTestId('toolbar-sticky').click();
  await person.page.keyboard.press('Escape');
  const note = await person.waitForAny((item) => item.type === 'sticky', 'the note');
  await person.select(note.id);
  await person.page.getByTestId('reaction-open').click();
  await person.page.getByTestId(`reaction-${emoji}`).click();
  await person.page.keyboard.press('Escape');
  return note;
}

describe('emoji bursts at the cursor', () => {
  const world = useServerAndBrowser();

  it('shows Alice’s burst at her cursor on Bob’s screen, then takes it away', async () => {
    const board = await world.server.createBoard('Burst board');
    const alice = await BoardPage.open(await newPerson(world.browser), board.links.editor, 'Alice');
    const bob = await BoardPage.open(await newPerson(world.browser), board.links.editor, 'Bob');
    await noteWithReaction(alice, '🎉');

    await pointAt(alice, 760, 420);
    await eventually(
      async () =>
        (await bob.page.evaluate(() => window.weboard!.remoteCursors().length)) === 1 || null,
      'Bob sees Alice’s cursor',
    );

    // Hold E, press 3 (😂), let go.
    await alice.page.keyboard.down('e');
    await alice.page.getByTestId('burst-picker').waitFor();
    await alice.screenshot('17c-burst-picker');
    await alice.page.keyboard.press('3');
    await alice.page.keyboard.up('e');
    await alice.page.getByTestId('burst-picker').waitFor({ state: 'detached' });

    const burst = '.cursor-burst[data-emoji="😂"]';
    await bob.page.locator(burst).waitFor({ state: 'attached' });
    // The burst floats from the tip of Alice's cursor as Bob sees it (once it has glided there).
    await eventually(async () => {
      const at = await origin(bob.page, burst);
      const tip = await origin(bob.page, '.remote-cursor');
      return at && tip && Math.abs(at.x - tip.x) <= 2 && Math.abs(at.y - tip.y) <= 2 ? true : null;
    }, 'the burst at Alice’s cursor');
    // It is Alice's on Bob's screen, and plays on hers too, as her own.
    const aliceId = await alice.page.evaluate(() => window.weboard!.localClientId);
    expect(await bob.page.locator(burst).getAttribute('data-client-id')).toBe(String(aliceId));
    await alice.page.locator('.cursor-burst.own').waitFor({ state: 'attached' });
    // Mid-flight: the emoji is on screen, risen above the cursor.
    await eventually(
      () =>
        bob.page.evaluate(
          (css) =>
            [...document.querySelectorAll(`${css} .cursor-burst-emoji`)].some(
              (span) => Number(getComputedStyle(span).opacity) > 0.9,
            ) || null,
          burst,
        ),
      'the burst shows',
    );
    await bob.screenshot('17a-burst-light');

    await bob.page.locator(burst).waitFor({ state: 'detached', timeout: 5000 });
    await alice.page.locator('.cursor-burst').waitFor({ state: 'detached', timeout: 5000 });
  });

  it('lets a viewer burst from the toolbar, and a facilitator sharing their screen sees none', async () => {
    const board = await world.server.createBoard('Burst share board');
    const fran = await BoardPage.open(
      await world.browser.newContext({
        colorScheme: 'dark',
        viewport: { width: 1280, height: 800 },
      }),
      board.links.facilitator,
      'Fran',
    );
    const vic = await BoardPage.open(await newPerson(world.browser), board.links.viewer, 'Vic');
    await noteWithReaction(fran, '👀');

    await pointAt(vic, 640, 360);
    await eventually(
      async () =>
        (await fran.page.evaluate(() => window.weboard!.remoteCursors().length)) === 1 || null,
      'Fran sees Vic’s cursor',
    );
    await vic.page.getByTestId('toolbar-burst').click();
    await vic.page.getByTestId('burst-4').click(); // 🎉
    const burst = '.cursor-burst[data-emoji="🎉"]';
    // The anchor has no size; its emoji are what shows.
    await fran.page.locator(`${burst} .cursor-burst-emoji`).first().waitFor({ state: 'visible' });
    await fran.screenshot('17b-burst-dark');
    await fran.page.locator(burst).waitFor({ state: 'detached', timeout: 5000 });

    // Screen share: Fran hides cursors; Vic's next burst reaches her page but is not shown.
    await fran.page.getByTestId('facilitation-button').click();
    await fran.page.getByTestId('hide-cursors').click();
    await vic.page.getByTestId('burst-2').click(); // ❤️
    const heart = fran.page.locator('.cursor-burst[data-emoji="❤️"]');
    await heart.waitFor({ state: 'attached' });
    expect(await heart.locator('.cursor-burst-emoji').first().isVisible()).toBe(false);
    // Her own bursts still play for her (and everyone else).
    await fran.page.keyboard.press('e');
    await fran.page.getByTestId('burst-1').click(); // 👍
    await fran.page
      .locator('.cursor-burst.own[data-emoji="👍"] .cursor-burst-emoji')
      .first()
      .waitFor({ state: 'visible' });
    await vic.page.locator('.cursor-burst[data-emoji="👍"]').waitFor({ state: 'attached' });
  });
});
