import { describe, expect, it } from 'vitest';
import type { CreateBoardResponse } from '@weboard/shared';
import { BoardPage, eventually } from '../fixtures/board-page';
import { newPerson } from '../fixtures/browser';
import { useServerAndBrowser } from '../fixtures/server';

/*
 * A facilitator keeps the session's record in two real browsers: saves a snapshot, sees exactly
 * what an editor changed since, restores it for everyone, and steers the editor's screen with the
 * timer and "bring everyone to me". The editor never gets a restore button.
 */
describe('facilitation', () => {
  const world = useServerAndBrowser();
  let fran: BoardPage;
  let ed: BoardPage;

  const sticky = (id: string, x: number, y: number, text: string) => ({
    id,
    type: 'sticky',
    x,
    y,
    w: 200,
    h: 200,
    rotation: 0,
    z: `a${id}`,
    createdBy: 'seed',
    createdAt: 1,
    text,
    color: 'yellow',
  });

  it('opens one board as facilitator and editor, seeded from a board file', async () => {
    const created = await fetch(`${world.server.url}/api/boards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Retro' }),
    });
    const board = (await created.json()) as CreateBoardResponse;
    const token = new URL(board.links.facilitator).searchParams.get('token')!;
    const imported = await fetch(`${world.server.url}/api/boards/${board.id}/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        format: 'weboard',
        version: 1,
        meta: { schemaVersion: 1, title: 'Retro' },
        items: [sticky('1', 500, 200, 'Keep me'), sticky('2', 800, 200, 'Original')],
      }),
    });
    expect(imported.status).toBe(200);

    fran = await BoardPage.open(await newPerson(world.browser), board.links.facilitator, 'Fran');
    ed = await BoardPage.open(await newPerson(world.browser), board.links.editor, 'Ed');
    for (const person of [fran, ed]) {
      person.page.on('dialog', (dialog) => void dialog.accept());
      await eventually(async () => (await person.items()).length === 2, `${person.name}: seed`);
    }
  });

  it('saves a named snapshot with a thumbnail', async () => {
    await fran.page.getByTestId('facilitation-button').click();
    await fran.page.getByTestId('snapshot-name').fill('Baseline');
    await fran.page.getByTestId('snapshot-save').click();
    const row = fran.page.locator('[data-testid="snapshot-row"][data-snapshot-name="Baseline"]');
    await row.waitFor();
    await row.locator('img.fac-thumb').waitFor();
  });

  it('lists exactly what the editor changed since the snapshot, and highlights it', async () => {
    await ed.editText('2', 'Changed by Ed');
    await ed.dragItem('1', 0, 260);
    await ed.page.mouse.move(1100, 600);
    await ed.page.keyboard.press('s');
    const added = await ed.waitForItem((item) => !['1', '2'].includes(item.id), 'new sticky');
    await ed.page.keyboard.press('Escape');
    await eventually(async () => {
      const items = await fran.items();
      return (
        items.length === 3 &&
        items.find((i) => i.id === '2')?.text === 'Changed by Ed' &&
        items.find((i) => i.id === '1')?.y !== 200
      );
    }, 'Fran sees Ed’s changes');

    const row = fran.page.locator('[data-testid="snapshot-row"][data-snapshot-name="Baseline"]');
    await row.getByTestId('snapshot-diff').click();
    const rows = fran.page.getByTestId('diff-row');
    await eventually(async () => (await rows.count()) === 3, 'three diff rows');
    const listed = await rows.evaluateAll((elements) =>
      elements.map((e) => `${e.getAttribute('data-kind')}:${e.getAttribute('data-item-id')}`),
    );
    expect(listed).toEqual([`added:${added.id}`, 'edited:2', 'moved:1']);
    expect(await fran.page.getByTestId('diff-highlight').count()).toBe(3);
    await fran.screenshot('facilitation-01-diff');
  });

  it('shows the editor the snapshots but no restore button', async () => {
    await ed.page.getByTestId('facilitation-button').click();
    await ed.page.locator('[data-testid="snapshot-row"][data-snapshot-name="Baseline"]').waitFor();
    expect(await ed.page.getByTestId('snapshot-restore').count()).toBe(0);
    expect(await ed.page.getByTestId('snapshot-save').count()).toBe(0);
    await ed.page.getByTestId('facilitation-button').click();
  });

  it('restores the snapshot in both browsers, after an automatic snapshot', async () => {
    const row = fran.page.locator('[data-testid="snapshot-row"][data-snapshot-name="Baseline"]');
    await row.getByTestId('snapshot-restore').click();
    for (const person of [fran, ed]) {
      await eventually(async () => {
        const items = await person.items();
        return (
          items.length === 2 &&
          items.find((i) => i.id === '1')?.y === 200 &&
          items.find((i) => i.id === '2')?.text === 'Original'
        );
      }, `${person.name}: board restored`);
    }
    await fran.page.getByTestId('diff-empty').waitFor();
    await fran.page.locator('[data-testid="snapshot-row"][data-kind="auto"]').first().waitFor();
    await ed.screenshot('facilitation-02-editor-after-restore');
  });

  it('locks an item: the editor sees the lock and cannot move it', async () => {
    await fran.select('1');
    await fran.page.getByTestId('lock-selection').click();
    await ed.page.locator('[data-testid="lock-icon"][data-item-id="1"]').waitFor();
    await ed.dragItem('1', 120, 0);
    // Ed's own copy never moved it: his tool refuses a locked item.
    expect((await ed.item('1'))?.x).toBe(500);
    // Nor did anything reach Fran: a later move of Ed's reaches her after all he sent before it.
    const other = (await ed.item('2'))!;
    await ed.page.keyboard.down('Alt'); // no snapping: a plain, predictable move
    await ed.dragItem('2', 60, 0);
    await ed.page.keyboard.up('Alt');
    await fran.waitForItem((i) => i.id === '2' && i.x > other.x + 40, "Ed's later move");
    expect((await fran.item('1'))?.x).toBe(500);
    await ed.page.keyboard.press('Control+z');
    await fran.waitForItem((i) => i.id === '2' && i.x === other.x, 'the later move undone');
  });

  it('brings the timer and the facilitator’s view to the editor', async () => {
    await fran.page.getByTestId('timer-minutes').fill('5');
    await fran.page.getByTestId('timer-set').click();
    const display = ed.page.getByTestId('timer-text');
    await display.waitFor();
    await eventually(
      async () => /^(5:00|4:5\d)$/.test((await display.textContent()) ?? ''),
      'Ed sees the running timer',
    );
    expect(await ed.page.getByTestId('timer-set').count()).toBe(0);

    // Fran zooms in somewhere else; one click brings Ed there.
    await fran.page.mouse.move(900, 500);
    await fran.page.mouse.wheel(0, 600);
    const franView = await eventually(async () => {
      const view = await fran.page.evaluate(() => window.weboard!.viewport());
      return view.y !== 0 ? view : null;
    }, 'Fran pans away');
    await fran.page.getByTestId('summon').click();
    await eventually(async () => {
      const view = await ed.page.evaluate(() => window.weboard!.viewport());
      return (
        Math.abs(view.x - franView.x) < 2 &&
        Math.abs(view.y - franView.y) < 2 &&
        Math.abs(view.scale - franView.scale) < 0.001
      );
    }, 'Ed is brought to Fran’s view');
    await ed.screenshot('facilitation-03-editor-timer-summoned');
  });
});
