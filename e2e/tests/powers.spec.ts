import { describe, expect, it } from 'vitest';
import type { CreateBoardResponse } from '@weboard/shared';
import { BoardPage, eventually } from '../fixtures/board-page';
import { newPerson } from '../fixtures/browser';
import { useServerAndBrowser } from '../fixtures/server';

/*
 * A facilitator makes an editor a facilitator in another browser and later takes it back: the
 * other browser gets the facilitator panel, then loses it and goes on as an editor, and the
 * personal token it held is refused from then on.
 */
describe('facilitator rights with a lifecycle', () => {
  const world = useServerAndBrowser();
  let fran: BoardPage;
  let ed: BoardPage;
  let board: CreateBoardResponse;

  const tokenOf = (url: string) => new URL(url).searchParams.get('token') ?? '';
  const panelLabel = (person: BoardPage) =>
    person.page.getByTestId('facilitation-button').textContent();

  it('opens one board as facilitator and editor', async () => {
    const created = await fetch(`${world.server.url}/api/boards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Powers' }),
    });
    board = (await created.json()) as CreateBoardResponse;
    fran = await BoardPage.open(await newPerson(world.browser), board.links.facilitator, 'Fran');
    ed = await BoardPage.open(await newPerson(world.browser), board.links.editor, 'Ed');
    for (const person of [fran, ed]) person.page.on('dialog', (dialog) => void dialog.accept());
    expect(await panelLabel(ed)).toBe('Snapshots');
  });

  it('promotes Ed from the people list: his browser reopens as a facilitator', async () => {
    await fran.page.getByTestId('facilitation-button').click();
    // People management is collapsed below the session tools.
    await fran.page.getByTestId('people').locator('summary').click();
    const promote = fran.page.locator('[data-testid^="promote-"]');
    await promote.waitFor();
    await promote.click();
    await fran.page.getByTestId('grant-row').waitFor();
    await eventually(
      async () => tokenOf(ed.page.url()) !== tokenOf(board.links.editor),
      'Ed reopens with his own token',
    );
    await ed.waitLive();
    await eventually(async () => (await panelLabel(ed)) === 'Facilitate', 'Ed facilitates');
  });

  it('demotes Ed: his browser loses the facilitator panel and his token is refused', async () => {
    const personal = tokenOf(ed.page.url());
    await fran.page.locator('[data-testid^="demote-"]').click();
    await fran.page.getByTestId('grant-row').waitFor({ state: 'detached' });
    await eventually(
      async () => tokenOf(ed.page.url()) === tokenOf(board.links.editor),
      'Ed reopens with the editor link',
    );
    await ed.waitLive();
    await eventually(async () => (await panelLabel(ed)) === 'Snapshots', 'Ed is an editor again');
    const refused = await fetch(`${world.server.url}/api/boards/${board.id}`, {
      headers: { authorization: `Bearer ${personal}` },
    });
    expect(refused.status).toBe(401);
  });
});
