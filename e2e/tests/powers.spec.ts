import { describe, expect, it } from 'vitest';
import { eventually } from '../fixtures/board-page';
import type { BoardPage } from '../fixtures/board-page';
import { boardForTwo, usePeople } from '../fixtures/boards';
import { useServerAndBrowser } from '../fixtures/server';

/*
 * A facilitator makes an editor a facilitator in another browser and later takes it back: the
 * other browser gets the facilitator panel, then loses it and goes on as an editor, and the
 * personal token it held is refused from then on. Each test opens its own board (by REST) as
 * Fran and Ed.
 */
describe('facilitator rights with a lifecycle', () => {
  const world = useServerAndBrowser();
  const people = usePeople(world);

  const tokenOf = (url: string) => new URL(url).searchParams.get('token') ?? '';
  const panelLabel = (person: BoardPage) =>
    person.page.getByTestId('facilitation-button').textContent();

  /** A board of its own open as Fran (facilitator) and Ed (editor), who accept every dialog. */
  async function openBoard() {
    const opened = await boardForTwo(world, people, {
      title: 'Powers',
      facilitator: 'Fran',
      editor: 'Ed',
    });
    for (const person of [opened.facilitator, opened.editor])
      person.page.on('dialog', (dialog) => void dialog.accept());
    return { board: opened.board, fran: opened.facilitator, ed: opened.editor };
  }

  /** Fran promotes Ed from the people list; waits until Ed's browser reopens as a facilitator. */
  async function promote({ board, fran, ed }: Awaited<ReturnType<typeof openBoard>>) {
    await fran.page.getByTestId('facilitation-button').click();
    // People management is collapsed below the session tools.
    await fran.page.getByTestId('people').locator('summary').click();
    const promoteButton = fran.page.locator('[data-testid^="promote-"]');
    await promoteButton.waitFor();
    await promoteButton.click();
    await fran.page.getByTestId('grant-row').waitFor();
    await eventually(
      async () => tokenOf(ed.page.url()) !== tokenOf(board.links.editor),
      'Ed reopens with his own token',
    );
    await ed.waitLive();
    await eventually(async () => (await panelLabel(ed)) === 'Facilitate', 'Ed facilitates');
  }

  it('opens one board as facilitator and editor', async () => {
    const { ed } = await openBoard();
    expect(await panelLabel(ed)).toBe('Snapshots');
  });

  it('promotes Ed from the people list: his browser reopens as a facilitator', async () => {
    await promote(await openBoard());
  });

  it('demotes Ed: his browser loses the facilitator panel and his token is refused', async () => {
    const opened = await openBoard();
    const { board, fran, ed } = opened;
    await promote(opened);
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
