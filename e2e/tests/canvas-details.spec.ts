import { addItems, makeSticky } from '@weboard/shared';
import type { CreateBoardResponse } from '@weboard/shared';
import { beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { BoardPage, eventually } from '../fixtures/board-page';
import { ARTIFACTS, newPerson } from '../fixtures/browser';
import { useServerAndBrowser } from '../fixtures/server';

/*
 * The canvas details a Miro user notices, each on a board of its own, in two real browsers:
 * long note text is never hidden; modifier names fit the platform and `?` opens a shortcut sheet;
 * two people never share a cursor colour, and a cursor carries its team's name and colour; a board
 * has one title bar that holds the panel buttons; dark mode follows
 * the system and has a switch; emoji reactions on a note, with who reacted.
 */

/** 425 characters of ordinary words, the length of note the issue found cut to 335. */
const LONG_TEXT = Array.from(
  { length: 80 },
  (_, i) => ['ship', 'the', 'payment', 'retry', 'before', 'checkout', 'goes', 'live'][i % 8],
)
  .join(' ')
  .concat(' and tell the team.')
  .slice(0, 425);

const words = (text: string) => text.split(/\s+/).filter(Boolean);

describe('canvas details in two browsers', () => {
  const world = useServerAndBrowser();
  let alice: BoardPage;
  let bob: BoardPage;

  beforeEach(async () => {
    const board = await world.server.createBoard('Details board');
    alice = await BoardPage.open(await newPerson(world.browser), board.links.facilitator, 'Alice');
    bob = await BoardPage.open(await newPerson(world.browser), board.links.editor, 'Bob');
  });

  it('keeps every word of a long note readable: the note grows instead of hiding text', async () => {
    expect(LONG_TEXT).toHaveLength(425);
    await alice.page.getByTestId('toolbar-sticky').click();
    await alice.page.keyboard.press('Escape');
    const note = await alice.waitForAny((item) => item.type === 'sticky', 'a new note');
    await alice.editText(note.id, LONG_TEXT);

    // The stored note grew, so selection and hit tests match what is drawn.
    const grown = await bob.waitForAny(
      (item) => item.id === note.id && 'text' in item && item.text === LONG_TEXT,
      'the long text',
    );
    expect(grown.h).toBeGreaterThan(note.h);
    for (const person of [alice, bob]) {
      const shown = await eventually(
        () => person.page.evaluate((id) => window.weboard!.textShown(id), note.id),
        `${person.name}: the note is drawn`,
      );
      expect(words(shown.shown)).toEqual(words(LONG_TEXT));
      expect(shown.shown).not.toContain('…');
      expect(shown.height).toBeGreaterThanOrEqual(grown.h);
    }
    await bob.screenshot('16a-details-long-note');
  });

  it('names modifier keys as this platform does and lists every shortcut on ?', async () => {
    const page = bob.page;
    // Chromium on Linux: Ctrl, never the Mac's ⌘.
    expect(await page.getByTestId('toolbar-undo').getAttribute('title')).toBe('Undo (Ctrl+Z)');
    expect(await page.getByTestId('toolbar-redo').getAttribute('title')).toBe(
      'Redo (Ctrl+Shift+Z)',
    );
    await page.mouse.click(640, 300); // the board has the focus, as after any click on it
    await page.keyboard.press('Shift+Slash');
    const sheet = page.getByTestId('shortcut-sheet');
    await sheet.waitFor({ state: 'visible' });
    const text = await sheet.innerText();
    expect(text).toContain('Ctrl+D');
    expect(text).toContain('Duplicate');
    expect(text).toContain('Zoom to fit the board');
    expect(text).not.toContain('⌘');
    await page.waitForTimeout(300); // the sheet's 140 ms entrance, for the picture only
    await bob.screenshot('16b-details-shortcut-sheet');
    // While the sheet is open the board takes no keys: S makes no note.
    const before = (await bob.allItems()).length;
    await page.keyboard.press('s');
    await page.keyboard.press('Escape');
    await sheet.waitFor({ state: 'hidden' });
    await page.keyboard.press('s');
    await bob.waitForAny(
      (item) => item.type === 'sticky',
      'a note made by S once the sheet closed',
    );
    expect((await bob.allItems()).length).toBe(before + 1);
  });

  it('gives two people who would share a colour different ones, and shows their team on the cursor', async () => {
    const res = await fetch(`${world.server.url}/api/boards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        title: 'Teams board',
        template: 'program-board',
        teams: [
          { name: 'Payments', color: 'green' },
          { name: 'Accounts', color: 'blue' },
        ],
      }),
    });
    expect(res.status).toBe(201);
    const board = (await res.json()) as CreateBoardResponse;
    const people: BoardPage[] = [];
    for (const [i, name] of ['Cleo', 'Dan'].entries()) {
      const context = await newPerson(world.browser);
      // The same browser id for both: the colour it hashes to is the same, a clash to resolve.
      await context.addInitScript(`localStorage.setItem('weboard.userId', 'same-browser-id');`);
      const link = i === 0 ? board.links.facilitator : board.links.editor;
      people.push(await BoardPage.open(context, link, name));
    }
    // Each picks a team (as the team picker stores it) and comes back.
    const teamIds = await people[0]!.page.evaluate(() =>
      Object.keys(
        (window.weboard!.doc.getMap('teams') as unknown as { toJSON(): object }).toJSON(),
      ),
    );
    expect(teamIds).toHaveLength(2);
    for (const [i, person] of people.entries()) {
      await person.page.evaluate(
        ([key, team]) => localStorage.setItem(key!, team!),
        [`weboard.team.${board.id}`, teamIds[i]!],
      );
      await person.page.reload();
      await person.waitLive();
    }
    const [cleo, dan] = people as [BoardPage, BoardPage];
    const colorOf = (person: BoardPage) =>
      person.page.evaluate(() => window.weboard!.presence()[0]?.user.color ?? null);
    await eventually(async () => {
      const [a, b] = [await colorOf(dan), await colorOf(cleo)];
      return a !== null && b !== null && a !== b;
    }, 'Cleo and Dan see each other in different colours');

    await cleo.page.mouse.move(500, 300);
    await cleo.page.mouse.move(520, 320);
    const tag = dan.page.locator('.remote-cursor .remote-cursor-team');
    await tag.first().waitFor({ state: 'attached' });
    await eventually(
      async () => (await tag.first().textContent()) !== '' || null,
      'team on the cursor',
    );
    const [teamText, teamColor, nameColor] = await tag
      .first()
      .evaluate((node) => [
        node.textContent,
        getComputedStyle(node).backgroundColor,
        getComputedStyle(node.parentElement!).backgroundColor,
      ]);
    expect(['Payments', 'Accounts']).toContain(teamText);
    expect(teamColor).not.toBe(nameColor);
    await dan.screenshot('16c-details-team-cursor');
  });

  it('puts the panel buttons in the title bar, in one style', async () => {
    const res = await fetch(`${world.server.url}/api/boards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Title bar board', template: 'program-board' }),
    });
    const board = (await res.json()) as CreateBoardResponse;
    const page = (
      await BoardPage.open(await newPerson(world.browser), board.links.facilitator, 'Eve')
    ).page;
    // Facilitate and Planning are buttons of the title bar, in one style.
    const tools = page.getByTestId('header-tools');
    for (const id of ['facilitation-button', 'planning-toggle']) {
      const button = tools.getByTestId(id);
      await button.waitFor();
      expect(await button.getAttribute('class')).toContain('header-tool');
    }
    await page.screenshot({ path: `${ARTIFACTS}/16d-details-title-bar.png` });
  });

  it("draws a card's team in a band above its text, never over it", async () => {
    const res = await fetch(`${world.server.url}/api/boards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        title: 'Team cards',
        template: 'program-board',
        teams: [{ name: 'Payments', color: 'green' }],
      }),
    });
    const board = (await res.json()) as CreateBoardResponse;
    // A stock Yjs client puts a Payments card on the board, as an import would.
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(
      world.server.url.replace(/^http/, 'ws') + '/sync',
      board.id,
      doc,
      {
        params: { token: new URL(board.links.editor).searchParams.get('token')! },
        // The `ws` types differ from the DOM WebSocket the provider is typed with; the same API.
        WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
        disableBc: true,
      },
    );
    try {
      await eventually(() => provider.synced || null, 'stock client synced');
      const [teamId] = Object.keys(doc.getMap('teams').toJSON());
      addItems(doc, [
        makeSticky({
          id: 'team-card',
          x: 400,
          y: 400,
          z: 'zz',
          w: 200,
          h: 140,
          text: 'Retry failed payments before the checkout goes live',
          createdBy: 'import',
          teamId: teamId!,
        }),
      ]);
      const page = (await BoardPage.open(await newPerson(world.browser), board.links.editor, 'Fay'))
        .page;
      const shown = await eventually(
        () => page.evaluate(() => window.weboard!.textShown('team-card')),
        'the card is drawn',
      );
      // The card's text starts below the 24-unit band that holds the team's 14-unit name.
      expect(shown.y).toBeGreaterThanOrEqual(24);
      expect(words(shown.shown)).toEqual(
        words('Retry failed payments before the checkout goes live'),
      );
      await page.screenshot({ path: `${ARTIFACTS}/16e-details-team-card.png` });
    } finally {
      provider.destroy();
    }
  });

  it('follows a dark system, and the switch goes to light and back', async () => {
    const board = await world.server.createBoard('Dark board');
    const context = await world.browser.newContext({
      colorScheme: 'dark',
      viewport: { width: 1280, height: 800 },
    });
    const person = await BoardPage.open(context, board.links.facilitator, 'Gus');
    const { page } = person;
    await page.getByTestId('toolbar-sticky').click();
    await page.keyboard.press('Escape');
    await page.getByTestId('toolbar-text').click();
    await page.keyboard.press('Escape');
    const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
    const canvasColor = () =>
      page.evaluate(
        () =>
          getComputedStyle(document.querySelector('[data-testid="board-canvas"]')!).backgroundColor,
      );
    expect(await theme()).toBe('dark');
    expect(await canvasColor()).toBe('rgb(22, 24, 29)');
    // Black text is drawn light on the dark board.
    const text = await person.waitForAny((item) => item.type === 'text', 'a text item');
    const textFill = async () =>
      (await page.evaluate((id) => window.weboard!.textShown(id), text.id))?.fill;
    await eventually(async () => (await textFill()) === '#e5e7eb' || null, 'light ink');
    await person.screenshot('16f-details-dark');

    const toggle = page.getByTestId('toolbar-theme');
    expect(await toggle.getAttribute('data-mode')).toBe('system');
    await toggle.click(); // light, whatever the system says
    expect(await toggle.getAttribute('data-mode')).toBe('light');
    expect(await theme()).toBe('light');
    expect(await canvasColor()).toBe('rgb(251, 251, 252)');
    await eventually(async () => (await textFill()) === '#1f2937' || null, 'dark ink');
    await person.screenshot('16g-details-light');
    await toggle.click(); // dark
    expect(await theme()).toBe('dark');
    // The choice is remembered on the next visit.
    await page.reload();
    await person.waitLive();
    expect(await page.getByTestId('toolbar-theme').getAttribute('data-mode')).toBe('dark');
    await context.close();
  });

  it('reacts to a note with an emoji: the other person sees the count and who', async () => {
    await alice.page.getByTestId('toolbar-sticky').click();
    await alice.page.keyboard.press('Escape');
    const note = await bob.waitForAny((item) => item.type === 'sticky', 'the note');
    await alice.select(note.id);
    await alice.page.getByTestId('reaction-open').click();
    await alice.page.getByTestId('reaction-🎉').click();

    await bob.select(note.id);
    await bob.page.getByTestId('reaction-open').click();
    const bobsParty = bob.page.getByTestId('reaction-🎉');
    await eventually(
      async () => ((await bobsParty.getAttribute('title')) === 'Alice' ? true : null),
      'Bob sees that Alice reacted',
    );
    expect(await bobsParty.innerText()).toContain('1');
    await bobsParty.click();
    await eventually(
      async () =>
        (await alice.page.getByTestId('reaction-🎉').innerText()).includes('2') ? true : null,
      'Alice sees two',
    );
    expect(await alice.page.getByTestId('reaction-🎉').getAttribute('title')).toBe('Alice, Bob');
    expect(await alice.page.getByTestId('reaction-🎉').getAttribute('aria-pressed')).toBe('true');
    await bob.screenshot('16h-details-reactions');
    // Taking it back leaves Alice's alone.
    await bobsParty.click();
    await eventually(
      async () =>
        (await alice.page.getByTestId('reaction-🎉').getAttribute('title')) === 'Alice'
          ? true
          : null,
      'Bob took his back',
    );
  });
});
