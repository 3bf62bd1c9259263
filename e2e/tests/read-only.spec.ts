import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { BoardPage, eventually } from '../fixtures/board-page';
import { newPerson } from '../fixtures/browser';
import { useServerAndBrowser } from '../fixtures/server';

/*
 * Read-only means read-only in the browser too (issue #13): during a snapshot preview and as a
 * viewer, every shortcut of the README, drags with every tool, double-clicks, typing and a pasted
 * fragment leave the live board exactly as it was; an editor gets no text editor, move or delete
 * on a locked item. "Nothing changed" is proved two ways: the person's browser makes no change to
 * its document at all (counted as the keys are pressed), and another facilitator's browser, once
 * it has seen a later change of the same person, still holds the board as before.
 */

const sticky = (id: string, x: number, y: number, text: string) => ({
  id,
  type: 'sticky',
  x,
  y,
  w: 160,
  h: 160,
  rotation: 0,
  z: `a${id}`,
  createdBy: 'seed',
  createdAt: 1,
  text,
  color: 'yellow',
});

/** The board's shared maps as canonical JSON (keys sorted), optionally without some items. */
function boardJson(page: Page, without: string[] = []): Promise<string> {
  return page.evaluate((skip) => {
    const canonical = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(canonical);
      if (value && typeof value === 'object') {
        return Object.fromEntries(
          Object.keys(value)
            .sort()
            .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
        );
      }
      return value;
    };
    const doc = window.weboard!.doc as unknown as {
      getMap(name: string): { toJSON(): Record<string, unknown> };
    };
    const items = Object.fromEntries(
      Object.entries(doc.getMap('items').toJSON()).filter(([id]) => !skip.includes(id)),
    );
    const maps = ['meta', 'teams', 'lanes', 'session'].map((name) => doc.getMap(name).toJSON());
    return JSON.stringify(canonical({ items, maps }));
  }, without);
}

/** Starts counting the changes this browser makes to its own copy of the board. */
function countOwnChanges(page: Page): Promise<void> {
  return page.evaluate(() => {
    const doc = window.weboard!.doc as unknown as {
      on(
        event: 'afterTransaction',
        listener: (tr: {
          local: boolean;
          changed: Map<unknown, unknown>;
          deleteSet: { clients: Map<unknown, unknown> };
        }) => void,
      ): void;
    };
    const counter = window as unknown as { ownChanges: number };
    counter.ownChanges = 0;
    doc.on('afterTransaction', (tr) => {
      if (tr.local && (tr.changed.size > 0 || tr.deleteSet.clients.size > 0)) counter.ownChanges++;
    });
  });
}

const ownChanges = (page: Page) =>
  page.evaluate(() => (window as unknown as { ownChanges: number }).ownChanges);

/** Waits one rendered frame, so React has shown whatever the last input opened. */
const nextFrame = (page: Page) =>
  page.evaluate(
    () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
  );

/** Every way to change the board the README lists, tried at `target` (an item's centre). */
async function tryEverything(person: BoardPage, target: { x: number; y: number }) {
  const { page } = person;
  const keys = page.keyboard;
  const empty = { x: target.x + 40, y: target.y + 260 };
  await page.mouse.move(target.x, target.y);
  // The reported case first: select all, then delete.
  for (const combo of ['Control+a', 'Delete', 'Control+a', 'Backspace', 'Control+a']) {
    await keys.press(combo);
  }
  for (const combo of [
    'ArrowLeft',
    'ArrowRight',
    'ArrowUp',
    'ArrowDown',
    'Shift+ArrowLeft',
    'Shift+ArrowDown',
    ']',
    '[',
    'Shift+]',
    'Shift+[',
    'Control+]',
    'Control+[',
    'Control+Shift+]',
    'Control+Shift+[',
    'Control+d',
    'Control+c',
    'Control+v',
    'Control+x',
    'Control+v',
    'Control+z',
    'Control+z',
    'Control+Shift+z',
    'Control+y',
    'Enter',
    'Escape',
    'Control+a',
    'Delete',
  ]) {
    await keys.press(combo);
  }
  // Every tool, each followed by a drag across an item and a click on empty canvas.
  for (const tool of ['v', 'h', 'l', 'p', 'r', 'o', 'd', 'f']) {
    await keys.press(tool);
    await person.drag(target, { x: target.x + 180, y: target.y + 60 });
    await page.mouse.click(empty.x, empty.y);
  }
  await keys.press('Escape');
  // Creation under the pointer, and Space to pan with a drag.
  await page.mouse.move(empty.x, empty.y);
  await keys.press('s');
  await keys.press('t');
  await keys.down(' ');
  await person.drag(empty, { x: empty.x + 50, y: empty.y + 50 });
  await keys.up(' ');
  // Double-click an item and type; double-click empty canvas and type.
  await page.mouse.dblclick(target.x, target.y);
  await keys.type('typed over');
  await keys.press('Escape');
  await page.mouse.dblclick(empty.x, empty.y);
  await keys.type('new note');
  await keys.press('Escape');
  // A fragment of ours on the clipboard, pasted.
  await page.evaluate(() => {
    const fragment = {
      kind: 'weboard/fragment',
      schemaVersion: 1,
      items: [
        {
          id: 'pasted',
          type: 'sticky',
          x: 0,
          y: 0,
          w: 160,
          h: 160,
          rotation: 0,
          z: 'a0',
          createdBy: 'clip',
          createdAt: 1,
          text: 'pasted',
          color: 'blue',
        },
      ],
    };
    const data = new DataTransfer();
    data.setData('text/plain', JSON.stringify(fragment));
    document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
  });
  // Zoom keys last (they move only the camera).
  for (const combo of ['+', '-', 'Shift+Digit0', 'Shift+Digit1', 'Shift+Digit2']) {
    await keys.press(combo);
  }
  await nextFrame(page);
}

describe('read only in the browser', () => {
  const world = useServerAndBrowser();
  const seeded = ['1', '2', '3', '4', '5', '6'];

  /** A new board with six notes, open in a facilitator's browser that checks the live board. */
  async function seededBoard(title: string) {
    const board = await world.server.createBoard(title);
    const token = new URL(board.links.facilitator).searchParams.get('token')!;
    const imported = await fetch(`${world.server.url}/api/boards/${board.id}/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        format: 'weboard',
        version: 1,
        meta: { schemaVersion: 1, title },
        items: seeded.map((id, i) =>
          sticky(id, 300 + (i % 3) * 220, 160 + Math.floor(i / 3) * 220, `Note ${id}`),
        ),
      }),
    });
    expect(imported.status).toBe(200);
    const checker = await BoardPage.open(
      await newPerson(world.browser),
      board.links.facilitator,
      'Checker',
    );
    await eventually(async () => (await checker.items()).length === seeded.length, 'seeded');
    return { links: board.links, checker };
  }

  /** The live board as `checker` holds it once it has an item `later` picks (a later change). */
  async function liveBoardAfter(checker: BoardPage, later: (id: string) => boolean) {
    const extra = await eventually(async () => {
      const ids = (await checker.allItems()).map((item) => item.id).filter(later);
      return ids.length > 0 ? ids : null;
    }, 'the checker sees the later change');
    return boardJson(checker.page, extra);
  }

  it('changes nothing on the live board while a snapshot is previewed', async () => {
    const { links, checker } = await seededBoard('Preview');
    const fran = await BoardPage.open(await newPerson(world.browser), links.facilitator, 'Fran');
    await eventually(async () => (await fran.items()).length === seeded.length, 'seeded');
    const { page } = fran;
    await page.getByTestId('facilitation-button').click();
    await page.getByTestId('snapshot-name').fill('Before');
    await page.getByTestId('snapshot-save').click();
    const row = page.locator('[data-testid="snapshot-row"][data-snapshot-name="Before"]');
    await row.waitFor();
    await page.getByTestId('facilitation-button').click();
    // Something of Fran's own to undo: Ctrl+Z during the preview must not take it back.
    await page.mouse.move(1000, 650);
    await page.keyboard.press('s');
    const own = await fran.waitForItem((item) => !seeded.includes(item.id), 'Fran’s note');
    await page.keyboard.press('Escape');
    await eventually(async () => (await checker.item(own.id)) !== undefined, 'checker sees it');
    const before = await boardJson(checker.page);
    const target = await fran.itemCentre('5');

    await page.getByTestId('facilitation-button').click();
    await row.getByTestId('snapshot-preview').click();
    await page.getByTestId('preview-close').waitFor();
    await countOwnChanges(page);
    await tryEverything(fran, target);
    expect(await ownChanges(page)).toBe(0);
    await fran.screenshot('read-only-01-preview-after-every-key');
    await page.getByTestId('preview-close').click();
    await page.getByTestId('preview-close').waitFor({ state: 'detached' });
    expect(await boardJson(page)).toBe(before);

    // A change after the preview: once the checker has it, it has everything sent before it.
    await page.keyboard.press('Escape');
    await page.mouse.move(1100, 700);
    await page.keyboard.press('s');
    const known = new Set(Object.keys((JSON.parse(before) as { items: object }).items));
    expect(await liveBoardAfter(checker, (id) => !known.has(id))).toBe(before);
    await fran.page.close();
    await checker.page.close();
  });

  it('changes nothing as a viewer', async () => {
    const { links, checker } = await seededBoard('Viewer');
    const before = await boardJson(checker.page);
    const vic = await BoardPage.open(await newPerson(world.browser), links.viewer, 'Vic');
    await eventually(async () => (await boardJson(vic.page)) === before, 'Vic has the board');
    await countOwnChanges(vic.page);
    await tryEverything(vic, await vic.itemCentre('5'));
    expect(await ownChanges(vic.page)).toBe(0);
    expect(await boardJson(vic.page)).toBe(before);
    await vic.screenshot('read-only-02-viewer-after-every-key');
    // The server drops a viewer's writes anyway; the checker's copy is the same too.
    expect(await boardJson(checker.page)).toBe(before);
    await vic.page.close();
    await checker.page.close();
  });

  it('gives an editor no text editor, move, restack or delete on a locked item', async () => {
    const { links, checker } = await seededBoard('Locked');
    await checker.page.evaluate(() => {
      const items = window.weboard!.doc.getMap('items');
      (items.get('2') as { set(key: string, value: unknown): void }).set('locked', true);
    });
    const ed = await BoardPage.open(await newPerson(world.browser), links.editor, 'Ed');
    await ed.page.locator('[data-testid="lock-icon"][data-item-id="2"]').waitFor();
    const lockedBefore = JSON.stringify((await checker.item('2'))!);
    await countOwnChanges(ed.page);
    const at = await ed.itemCentre('2');

    await ed.page.mouse.dblclick(at.x, at.y);
    await nextFrame(ed.page);
    expect(await ed.page.getByTestId('sticky-text-editor').count()).toBe(0);
    await ed.page.keyboard.type('xyz');
    await ed.dragItem('2', 150, 40);
    await ed.select('2');
    expect(await ed.page.evaluate(() => window.weboard!.selection())).toEqual(['2']);
    for (const combo of [
      'Enter',
      'Delete',
      'Backspace',
      'ArrowRight',
      'Shift+ArrowDown',
      ']',
      'Shift+[',
      'Control+x',
    ]) {
      await ed.page.keyboard.press(combo);
    }
    await nextFrame(ed.page);
    expect(await ed.page.getByTestId('sticky-text-editor').count()).toBe(0);
    expect(await ownChanges(ed.page)).toBe(0);

    // Ed's next note reaches the checker after anything Ed sent before it.
    await ed.page.keyboard.press('Escape');
    await ed.page.mouse.move(1150, 720);
    await ed.page.keyboard.press('s');
    await eventually(
      async () => (await checker.allItems()).some((item) => item.createdBy === 'Ed'),
      'the checker sees Ed’s note',
    );
    expect(JSON.stringify((await checker.item('2'))!)).toBe(lockedBefore);
    expect(JSON.stringify((await ed.item('2'))!)).toBe(lockedBefore);
    await ed.screenshot('read-only-03-editor-locked-item');
    await ed.page.close();
    await checker.page.close();
  });
});
