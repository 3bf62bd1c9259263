import { describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { BoardPage, eventually } from '../fixtures/board-page';
import { newPerson } from '../fixtures/browser';
import { useServerAndBrowser } from '../fixtures/server';

/*
 * The foundation's user story in two real browsers against the real server: a facilitator creates
 * a board from the landing page, an editor joins by link, both co-edit sticky notes live, see each
 * other's cursors, survive a reload and a kill -9 of the server; a viewer cannot edit.
 */
describe('two people co-editing one board', () => {
  const world = useServerAndBrowser();
  let alice: BoardPage;
  let bob: BoardPage;
  let bobContext: BrowserContext;
  let links: { facilitator: string; editor: string; viewer: string };

  it('creates a board from the landing page and lands on it as facilitator', async () => {
    const context = await newPerson(world.browser);
    const page = await context.newPage();
    await page.goto(world.server.url);
    await page.getByTestId('new-board').click();
    await page.getByTestId('board-title-input').fill('Q3 cross-team planning');
    await page.getByTestId('create-board-submit').click();
    await page.waitForURL(/\/b\/[\w-]+\?token=/);
    const facilitator = page.url();
    await page.close();

    alice = await BoardPage.open(context, facilitator, 'Alice');
    expect(await alice.page.evaluate(() => window.weboard?.role)).toBe('facilitator');
    await alice.page.getByTestId('board-title').getByText('Q3 cross-team planning').waitFor();

    // The facilitator copies the editor and viewer links from the share panel.
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: world.server.url,
    });
    const copyLink = async (role: 'editor' | 'viewer') => {
      await alice.page.getByTestId(`copy-link-${role}`).click();
      return alice.page.evaluate(() => navigator.clipboard.readText());
    };
    await alice.page.getByTestId('share-button').click();
    links = { facilitator, editor: await copyLink('editor'), viewer: await copyLink('viewer') };
    expect(links.editor).toMatch(/\/b\/[\w-]+\?token=/);
    expect(links.viewer).not.toBe(links.editor);
    await alice.screenshot('00-alice-share-panel');
    await alice.page.getByTestId('share-button').click();
  });

  it('shows a sticky created in one browser in the other, live', async () => {
    bobContext = await newPerson(world.browser);
    bob = await BoardPage.open(bobContext, links.editor, 'Bob');
    expect(await bob.page.evaluate(() => window.weboard?.role)).toBe('editor');

    await alice.page.getByTestId('toolbar-sticky').click();
    const created = await alice.waitForItem(() => true, 'sticky created by toolbar');
    await bob.waitForItem((item) => item.id === created.id, 'sticky from Alice');

    // A note made from the toolbar opens its text editor at once, as in Miro; Escape leaves it.
    await alice.page.getByTestId('sticky-text-editor').waitFor({ state: 'visible' });
    await alice.page.keyboard.press('Escape');
    await alice.page.mouse.move(200, 200);
    await alice.page.keyboard.press('s');
    await eventually(async () => (await bob.items()).length === 2, 'second sticky (S key) at Bob');
  });

  it('syncs text, moves and colour both ways', async () => {
    const [note] = await alice.items();
    const id = note!.id;

    await alice.editText(id, 'Checkout API v2');
    await bob.waitForItem((item) => item.id === id && item.text === 'Checkout API v2', 'text');

    const before = (await bob.item(id))!;
    await bob.dragItem(id, 150, 90);
    const moved = await alice.waitForItem(
      (item) => item.id === id && item.x > before.x + 50 && item.y > before.y + 30,
      'moved note',
    );
    expect(moved.text).toBe('Checkout API v2');

    await bob.select(id);
    await bob.page.locator('[data-testid="color-swatch"][data-color="blue"]').click();
    await alice.waitForItem((item) => item.id === id && item.color === 'blue', 'blue note');
    await alice.screenshot('01-alice-after-edits');
    await bob.screenshot('01-bob-after-edits');
  });

  it("shows the other person's named cursor where they point", async () => {
    await bob.page.mouse.move(620, 560);
    await bob.page.mouse.move(640, 580);
    const cursor = alice.page.locator('[data-testid="remote-cursor"][data-name="Bob"]');
    await eventually(async () => {
      if ((await cursor.count()) !== 1) return false;
      const x = Number(await cursor.getAttribute('data-x'));
      const y = Number(await cursor.getAttribute('data-y'));
      // Cursors travel in board coordinates; map back through Bob's own viewport.
      const onBobsScreen = await bob.boardToScreen(x, y);
      return Math.abs(onBobsScreen.x - 640) <= 2 && Math.abs(onBobsScreen.y - 580) <= 2;
    }, "Bob's cursor at Alice, where Bob points");
    await expect
      .poll(() => alice.page.getByTestId('presence-item').allInnerTexts())
      .toEqual(expect.arrayContaining([expect.stringContaining('Bob')]));
    await alice.screenshot('02-alice-sees-bob-cursor');
  });

  it('deletes in one browser and the note disappears in the other', async () => {
    const [, second] = await alice
      .items()
      .then((items) => items.sort((a, b) => (a.z < b.z ? -1 : 1)));
    await bob.select(second!.id);
    await bob.page.keyboard.press('Delete');
    await eventually(
      async () => !(await alice.items()).some((item) => item.id === second!.id),
      'deleted at Alice',
    );
  });

  it('keeps the board across a reload', async () => {
    const before = await alice.items();
    await alice.page.reload();
    await alice.waitLive();
    await eventually(
      async () => (await alice.items()).length === before.length,
      'items after reload',
    );
    expect((await alice.items()).map((i) => i.text).sort()).toEqual(
      before.map((i) => i.text).sort(),
    );
  });

  it('survives kill -9 of the server: both browsers reconnect by themselves, board intact', async () => {
    const before = (await alice.items()).sort((a, b) => (a.id < b.id ? -1 : 1));
    await new Promise((r) => setTimeout(r, 300)); // older than one group-commit window
    await world.server.kill('SIGKILL');
    await eventually(
      async () => (await alice.page.evaluate(() => window.weboard?.status())) !== 'live',
      'Alice notices the server is gone',
    );
    await world.server.launch();
    await alice.waitLive();
    await bob.waitLive();
    const after = (await bob.items()).sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(after).toEqual(before);

    // and editing works again after the restart
    await alice.page.getByTestId('toolbar-sticky').click();
    await eventually(
      async () => (await bob.items()).length === before.length + 1,
      'edit after restart',
    );
  });

  it('opens the viewer link read-only; nothing a viewer does reaches the board', async () => {
    const viewerContext = await newPerson(world.browser);
    const viewer = await BoardPage.open(viewerContext, links.viewer, 'Vera');
    await viewer.page.getByTestId('viewer-banner').waitFor({ state: 'visible' });
    const count = (await alice.items()).length;

    await viewer.page.mouse.dblclick(700, 650);
    await viewer.page.keyboard.press('s');
    expect(await viewer.page.getByTestId('toolbar-sticky').count()).toBe(0);

    // Even a write forced into the viewer's own document never reaches anybody else.
    await viewer.page.evaluate(() =>
      window.weboard!.doc.getMap('meta').set('title', 'hacked by viewer'),
    );
    await new Promise((r) => setTimeout(r, 500));
    expect((await alice.items()).length).toBe(count);
    expect(
      await alice.page.evaluate(() =>
        (
          window.weboard as unknown as { doc: { getMap(n: string): { get(k: string): unknown } } }
        ).doc
          .getMap('meta')
          .get('title'),
      ),
    ).toBe('Q3 cross-team planning');
    await viewer.screenshot('03-viewer-read-only');
    await viewerContext.close();
  });
});
