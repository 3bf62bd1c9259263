import { describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import type { CreateBoardResponse } from '@weboard/shared';
import { eventually } from '../fixtures/board-page';
import type { BoardPage } from '../fixtures/board-page';
import { pickTeam, usePeople } from '../fixtures/boards';
import { useServerAndBrowser } from '../fixtures/server';

/*
 * Issue 15: a private round by team, enforced by the server, and a countdown that reads the same
 * on a laptop whose clock is 20 s off. The facilitator and two teams each have a browser of their
 * own; what a browser received is read from its Yjs document, not from what it draws. Each test
 * opens its own board (made by REST) and people.
 */
describe('private rounds and the server clock', () => {
  const world = useServerAndBrowser();
  const people = usePeople(world);

  /**
   * A Now / Next / Later board of its own, made by REST with two teams, Payments (blue) and
   * Accounts (green), open as Fran (facilitator) on Payments.
   */
  async function prioritization() {
    const res = await fetch(`${world.server.url}/api/boards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        title: 'Prioritization',
        template: 'now-next-later',
        teams: [
          { name: 'Payments', color: 'blue' },
          { name: 'Accounts', color: 'green' },
        ],
      }),
    });
    expect(res.status).toBe(201);
    const board = (await res.json()) as CreateBoardResponse;
    const fran = await people.open(board.links.facilitator, 'Fran');
    await pickTeam(fran, 'Payments');
    return { board, fran };
  }

  /** Opens `board`'s editor link as `name` (in `context`, if given) on `team`. */
  async function editorOn(
    board: CreateBoardResponse,
    name: string,
    team: string,
    context?: BrowserContext,
  ) {
    const person = await people.open(board.links.editor, name, context);
    await pickTeam(person, team);
    return person;
  }

  /** Adds a sticky through the keyboard at a board point and types its text; returns its id. */
  async function addCard(page: BoardPage, at: { x: number; y: number }, text: string) {
    const before = new Set((await page.allItems()).map((i) => i.id));
    const screen = await page.boardToScreen(at.x, at.y);
    await page.page.mouse.move(screen.x, screen.y);
    await page.page.keyboard.press('s');
    const card = await page.waitForItem(
      (i) => i.type === 'sticky' && !before.has(i.id),
      `${page.name}: the new card`,
    );
    await page.editText(card.id, text);
    await page.waitForItem((i) => i.id === card.id && i.text === text, `${page.name}: its text`);
    return card.id;
  }

  /** Every item id this browser's document ever held since the call (drafts included). */
  const recordEveryItem = (page: BoardPage) =>
    page.page.evaluate(() => {
      const items = window.weboard!.doc.getMap('items');
      const seen = new Set<string>(items.keys());
      items.observe((event) => {
        for (const key of event.keys.keys()) seen.add(key);
      });
      (window as unknown as { seenItems: Set<string> }).seenItems = seen;
    });
  const everHeld = (page: BoardPage, id: string) =>
    page.page.evaluate(
      (itemId) => (window as unknown as { seenItems: Set<string> }).seenItems.has(itemId),
      id,
    );
  const holds = (page: BoardPage, id: string) =>
    page.page.evaluate((itemId) => window.weboard!.doc.getMap('items').has(itemId), id);

  it("keeps each team's drafts out of the other team's browser until the facilitator reveals them", async () => {
    const { board, fran } = await prioritization();
    const pat = await editorOn(board, 'Pat', 'Payments');
    const ann = await editorOn(board, 'Ann', 'Accounts');
    for (const page of [fran, pat, ann]) await recordEveryItem(page);
    await fran.page.getByTestId('private-round-start').click();
    for (const page of [pat, ann])
      await page.page.getByTestId('private-round-banner').waitFor({ state: 'visible' });
    expect(
      await pat.page.getByTestId('private-round-banner').getAttribute('data-drafting'),
    ).not.toBe('');
    await pat.waitLive();
    await ann.waitLive();

    const payments = await addCard(pat, { x: 200, y: 200 }, 'Payments draft');
    const accounts = await addCard(ann, { x: 500, y: 200 }, 'Accounts draft');
    // A public card from the facilitator reaches both teams: anything sent before it did too.
    const marker = await addCard(fran, { x: 800, y: 200 }, 'Public note');
    await pat.waitForItem(
      (i) => i.id === marker && i.text === 'Public note',
      'Pat: the public card',
    );
    await ann.waitForItem(
      (i) => i.id === marker && i.text === 'Public note',
      'Ann: the public card',
    );
    await eventually(
      async () =>
        ((await fran.page.getByTestId('private-round-status').textContent()) ?? '').includes(
          'in 2 teams',
        ),
      'the facilitator to see two teams drafting',
    );
    await fran.screenshot('private-round-01-facilitator');
    await ann.screenshot('private-round-02-accounts');

    expect(await everHeld(ann, payments)).toBe(false);
    expect(await everHeld(pat, accounts)).toBe(false);
    expect(await everHeld(fran, payments)).toBe(false);
    expect(await everHeld(fran, accounts)).toBe(false);

    await fran.page.getByTestId('private-round-reveal').click();
    for (const page of [fran, pat, ann]) {
      await eventually(
        async () => (await holds(page, payments)) && (await holds(page, accounts)),
        `${page.name}: both teams' drafts after the reveal`,
      );
      await page.waitForItem((i) => i.id === payments && i.text === 'Payments draft', 'text');
    }
    await ann.page.getByTestId('private-round-banner').waitFor({ state: 'hidden' });
    await fran.page.getByTestId('private-round-start').waitFor({ state: 'visible' });

    // After the reveal the teams edit the board itself again.
    const after = await addCard(ann, { x: 500, y: 420 }, 'After the reveal');
    await pat.waitForItem(
      (i) => i.id === after && i.text === 'After the reveal',
      'Pat: Ann’s card',
    );
  });

  it('shows a participant whose clock is 20 s ahead the same countdown as the facilitator', async () => {
    const { board, fran } = await prioritization();
    const skewedContext = await people.context();
    await skewedContext.addInitScript(() => {
      const RealDate = Date;
      const skew = 20_000;
      class SkewedDate extends RealDate {
        constructor(...args: unknown[]) {
          if (args.length === 0) super(RealDate.now() + skew);
          else super(...(args as [number]));
        }
        static override now() {
          return RealDate.now() + skew;
        }
      }
      window.Date = SkewedDate as DateConstructor;
    });
    const sam = await editorOn(board, 'Sam', 'Accounts', skewedContext);
    expect(
      await sam.page.evaluate(() => Date.now() - performance.timeOrigin - performance.now()),
    ).toBeGreaterThan(19_000);
    await eventually(
      async () => (await sam.page.evaluate(() => window.weboard!.clockOffset())) < -19_000,
      'Sam’s browser to measure its clock against the server',
    );

    await fran.page.getByTestId('timer-minutes').fill('5');
    await fran.page.getByTestId('timer-set').click();
    await sam.page.getByTestId('session-timer').waitFor({ state: 'visible' });
    await eventually(
      async () =>
        (await sam.page.getByTestId('session-timer').getAttribute('data-running')) === 'true',
      'Sam to see the timer run',
    );

    // When each browser's countdown reaches zero, in real time (the machine's clock, which both share).
    const endsAt = (page: BoardPage) =>
      page.page.evaluate(() => {
        const timer = window.weboard!.doc.getMap('session').get('timer') as {
          remainingMs: number;
          startedAt: number;
        };
        const remaining = timer.remainingMs - (window.weboard!.serverNow() - timer.startedAt);
        return performance.timeOrigin + performance.now() + remaining;
      });
    const difference = Math.abs((await endsAt(fran)) - (await endsAt(sam)));
    console.log(`countdown difference with a clock 20 s off: ${difference.toFixed(1)} ms`);
    expect(difference).toBeLessThan(250);
    // What each screen shows agrees as well: read as the badge re-renders (every 250 ms; a page
    // in the background has its timers throttled, so each is brought to the front first).
    const shownEnd = async (page: BoardPage) => {
      await page.page.bringToFront();
      return page.page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const badge = document.querySelector('[data-testid="session-timer"]')!;
            const observer = new MutationObserver(() => {
              observer.disconnect();
              const shown = Number(badge.getAttribute('data-remaining-ms'));
              resolve(performance.timeOrigin + performance.now() + shown);
            });
            observer.observe(badge, { attributes: true, attributeFilter: ['data-remaining-ms'] });
          }),
      );
    };
    const shownDifference = Math.abs((await shownEnd(fran)) - (await shownEnd(sam)));
    console.log(`shown countdowns differ by ${shownDifference.toFixed(1)} ms`);
    expect(shownDifference).toBeLessThan(250);
    await sam.screenshot('private-round-03-skewed-clock-timer');

    // Reset puts the full time back, paused, for everyone; the sound option has a visible label.
    await fran.page.getByTestId('timer-reset').click();
    await eventually(
      async () =>
        (await sam.page.getByTestId('session-timer').getAttribute('data-running')) === 'false',
      'Sam to see the reset timer paused',
    );
    expect(await sam.page.getByTestId('timer-text').textContent()).toBe('5:00');
    await sam.page.getByLabel('Sound at zero').check();
  });
});
