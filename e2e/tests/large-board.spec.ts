import type { CreateBoardResponse } from '@weboard/shared';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BoardPage, eventually } from '../fixtures/board-page';
import { launchBrowser, newPerson } from '../fixtures/browser';
import { ServerProcess } from '../fixtures/server';

const ITEMS = 4000;

/** Records every opening stage the progress panel shows, from the page's first moment. */
const RECORD_STAGES = `
  window.__stages = [];
  new MutationObserver(() => {
    const panel = document.querySelector('[data-testid="board-progress"]');
    const stage = panel ? panel.getAttribute('data-stage') : 'gone';
    if (window.__stages[window.__stages.length - 1] !== stage) window.__stages.push(stage);
  }).observe(document, { subtree: true, childList: true, attributes: true });
`;

/*
 * A board of a few thousand items opens with a progress panel that says what it is waiting for
 * (this browser's copy, then the server), and the panel is gone once the board is there, with
 * every item loaded and only the visible ones drawn.
 */
describe('a large board', () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeAll(async () => {
    server = await ServerProcess.start();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows opening progress until the board is there, and draws only what is visible', async () => {
    const board = (await server.createBoard('Big')) as CreateBoardResponse;
    const token = new URL(board.links.facilitator).searchParams.get('token')!;
    const items = Array.from({ length: ITEMS }, (_, i) => ({
      id: `s${i}`,
      type: 'sticky',
      x: (i % 80) * 240,
      y: Math.floor(i / 80) * 240,
      w: 200,
      h: 200,
      rotation: 0,
      z: `a${String(i).padStart(5, '0')}`,
      createdBy: 'seed',
      createdAt: 1,
      text: `Note ${i}`,
      color: 'yellow',
    }));
    const imported = await fetch(`${server.url}/api/boards/${board.id}/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        format: 'weboard',
        version: 1,
        meta: { schemaVersion: 1, title: 'Big' },
        items,
      }),
    });
    expect(imported.ok).toBe(true);

    const context = await newPerson(browser);
    await context.addInitScript(RECORD_STAGES);
    const person = await BoardPage.open(context, board.links.editor, 'Lea');
    const page = person.page;
    await eventually(
      () => page.evaluate(() => window.weboard?.getItems().length === 4000 || undefined),
      'every item loaded',
    );
    await page.getByTestId('board-progress').waitFor({ state: 'detached' });
    const stages = await page.evaluate(
      () => (window as unknown as { __stages: string[] }).__stages,
    );
    // Nothing local yet, so it waited for the server; the panel then went away.
    expect(stages).toContain('server');
    expect(stages.at(-1)).toBe('gone');
    const drawn = Number(await page.getByTestId('board-canvas').getAttribute('data-visible-items'));
    expect(drawn).toBeGreaterThan(0);
    expect(drawn).toBeLessThan(200);
    await person.screenshot('large-board-open');

    // A reload reads this browser's copy first.
    await page.reload();
    await person.enterNameIfAsked();
    await eventually(
      () => page.evaluate(() => window.weboard?.getItems().length === 4000 || undefined),
      'every item loaded again',
    );
    await page.getByTestId('board-progress').waitFor({ state: 'detached' });
    const again = await page.evaluate(() => (window as unknown as { __stages: string[] }).__stages);
    // (Before the app renders, the recorder sees the page without a panel: 'gone'.)
    expect(again.find((stage) => stage !== 'gone')).toBe('local');
    expect(again.at(-1)).toBe('gone');
    await context.close();
  });
});
