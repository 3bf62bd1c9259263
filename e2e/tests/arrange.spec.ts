import type { BoardItem } from '@weboard/shared';
import { beforeEach, describe, expect, it } from 'vitest';
import { BoardPage, eventually } from '../fixtures/board-page';
import { newPerson } from '../fixtures/browser';
import { useServerAndBrowser } from '../fixtures/server';

/*
 * Arranging a board in two real browsers, each test on a board of its own: a group moved by one
 * person moves whole for the other; align and distribute from the selection toolbar; the
 * right-click menu (keyboard, Escape, a viewer's short menu); find with Ctrl+F.
 */

/** Adds a note by double-clicking the empty canvas at a page point and typing its text. */
async function addNote(person: BoardPage, x: number, y: number, text: string): Promise<BoardItem> {
  const before = new Set((await person.allItems()).map((item) => item.id));
  await person.page.mouse.dblclick(x, y);
  const editor = person.page.getByTestId('sticky-text-editor');
  await editor.waitFor({ state: 'visible' });
  await editor.fill(text);
  await person.page.keyboard.press('Escape');
  await editor.waitFor({ state: 'hidden' });
  // Nothing selected afterwards: the next double-click must not land on this note's toolbar.
  await person.page.keyboard.press('Escape');
  await eventually(
    () => person.page.evaluate(() => window.weboard!.selection().length === 0 || undefined),
    'the selection cleared',
  );
  return person.waitForAny(
    (item) => !before.has(item.id) && 'text' in item && item.text === text,
    `the note "${text}"`,
  );
}

const selection = (person: BoardPage) => person.page.evaluate(() => window.weboard!.selection());
const byId = async (person: BoardPage, id: string) =>
  (await person.allItems()).find((item) => item.id === id)!;

describe('arranging in two browsers', () => {
  const world = useServerAndBrowser();
  let alice: BoardPage;
  let bob: BoardPage;
  let viewerLink: string;

  beforeEach(async () => {
    const board = await world.server.createBoard('Arrange board');
    viewerLink = board.links.viewer;
    alice = await BoardPage.open(await newPerson(world.browser), board.links.facilitator, 'Alice');
    bob = await BoardPage.open(await newPerson(world.browser), board.links.editor, 'Bob');
  });

  it('groups with Ctrl+G; a click takes the group, a drag moves it for both; double-click enters it', async () => {
    const a = await addNote(alice, 300, 300, 'Group A');
    const b = await addNote(alice, 600, 300, 'Group B');
    const c = await addNote(alice, 900, 500, 'Loose C');
    await alice.page.mouse.click(300, 300);
    await alice.page.keyboard.down('Shift');
    await alice.page.mouse.click(600, 300);
    await alice.page.keyboard.up('Shift');
    await alice.page.keyboard.press('Control+g');
    const grouped = await bob.waitForAny(
      (item) => item.id === b.id && (item.groupIds?.length ?? 0) === 1,
      'B in a group',
    );
    expect((await byId(bob, a.id)).groupIds).toEqual(grouped.groupIds);

    await alice.page.mouse.click(800, 150); // empty canvas clears the selection
    await alice.page.mouse.click(300, 300);
    expect((await selection(alice)).sort()).toEqual([a.id, b.id].sort());
    await alice.drag({ x: 300, y: 300 }, { x: 380, y: 420 });
    // The drag's moves reach Bob as they happen: both notes must arrive where it ended (80, 120
    // at zoom 1); reading A once B passed a step on the way compared A's end with B's step.
    await bob.waitForAny(
      (item) => item.id === b.id && item.x === b.x + 80 && item.y === b.y + 120,
      'B carried all the way by a drag on A',
    );
    await bob.waitForAny(
      (item) => item.id === a.id && item.x === a.x + 80 && item.y === a.y + 120,
      'A moved as far as B',
    );
    expect(await byId(bob, c.id)).toMatchObject({ x: c.x, y: c.y });
    await bob.screenshot('arrange-01-group-moved-seen-by-bob');

    // Double-click goes inside the group: one member is selected; Escape selects the group again.
    const inside = await alice.itemCentre(b.id);
    await alice.page.mouse.dblclick(inside.x, inside.y);
    expect(await selection(alice)).toEqual([b.id]);
    await alice.page.keyboard.press('Escape');
    expect((await selection(alice)).sort()).toEqual([a.id, b.id].sort());
    await alice.page.keyboard.press('Control+Shift+g');
    await bob.waitForAny((item) => item.id === a.id && !item.groupIds?.length, 'A ungrouped');
  });

  it('aligns tops and distributes from the selection toolbar; Bob sees it', async () => {
    const notes = [
      await addNote(bob, 250, 250, 'One'),
      await addNote(bob, 500, 420, 'Two'),
      await addNote(bob, 1000, 330, 'Three'),
    ];
    await bob.page.mouse.click(640, 700);
    await bob.page.keyboard.press('Control+a');
    await bob.page.getByTestId('align-menu').click();
    await bob.page.getByTestId('align-top').click();
    const top = Math.min(...notes.map((n) => n.y));
    await eventually(
      async () => (await alice.allItems()).every((item) => item.y === top),
      'Alice sees three notes with one top',
    );
    await bob.page.getByTestId('distribute-horizontal').click();
    const xs = await eventually(async () => {
      const items = (await alice.allItems()).sort((p, q) => p.x - q.x);
      const gaps = items.slice(1).map((item, i) => item.x - items[i]!.x);
      return Math.abs(gaps[0]! - gaps[1]!) < 1 ? items.map((item) => item.x) : undefined;
    }, 'Alice sees them evenly spaced');
    expect(xs[0]).toBe(Math.min(...notes.map((n) => n.x)));
    await alice.screenshot('arrange-02-aligned-seen-by-alice');
    // One undo step each: two undos put the notes back.
    await bob.page.keyboard.press('Escape');
    await bob.page.keyboard.press('Control+z');
    await bob.page.keyboard.press('Control+z');
    await eventually(async () => {
      const items = await alice.allItems();
      return notes.every((n) => items.some((i) => i.id === n.id && i.x === n.x && i.y === n.y));
    }, 'Alice sees the notes back where they were');
  });

  it('opens a right-click menu with keys, Escape and actions; a viewer gets only what reads', async () => {
    const note = await addNote(alice, 400, 300, 'Menu note');
    await alice.page.mouse.click(400, 300, { button: 'right' });
    const menu = alice.page.getByTestId('context-menu');
    await menu.waitFor({ state: 'visible' });
    const text = await menu.innerText();
    for (const word of ['Copy', 'Duplicate', 'Delete', 'Bring to front', 'Lock', 'Edit text'])
      expect(text).toContain(word);
    expect(text).toContain('Ctrl+D');
    expect(text).not.toContain('⌘');
    await alice.screenshot('arrange-03-context-menu');
    // Keyboard: the first entry has the focus, arrows move it, Escape closes.
    expect(await alice.page.evaluate(() => document.activeElement?.textContent)).toContain('Copy');
    await alice.page.keyboard.press('ArrowDown');
    expect(await alice.page.evaluate(() => document.activeElement?.textContent)).toContain('Paste');
    await alice.page.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden' });
    expect(await byId(alice, note.id)).toBeDefined();

    // Duplicate from the menu, then delete the copy: Bob sees both.
    await alice.page.mouse.click(400, 300, { button: 'right' });
    await alice.page.getByTestId('menu-duplicate').click();
    const copy = await bob.waitForAny(
      (item) => item.id !== note.id && 'text' in item && item.text === 'Menu note',
      'the duplicate',
    );
    const at = await alice.itemCentre(copy.id);
    await alice.page.mouse.click(at.x, at.y, { button: 'right' });
    await alice.page.getByTestId('menu-delete').click();
    await eventually(
      async () => !(await bob.allItems()).some((item) => item.id === copy.id),
      'Bob sees the duplicate deleted',
    );

    // Empty canvas: add a note where the menu was opened.
    await bob.page.mouse.click(900, 600, { button: 'right' });
    await bob.page.getByTestId('menu-add-note').click();
    await alice.waitForAny(
      (item) => item.type === 'sticky' && item.id !== note.id && item.x > 700,
      'the note Bob added from the menu',
    );
    // A click outside closes the menu without doing anything.
    await bob.page.mouse.click(900, 600, { button: 'right' });
    await bob.page.getByTestId('context-menu').waitFor({ state: 'visible' });
    await bob.page.mouse.click(200, 650);
    await bob.page.getByTestId('context-menu').waitFor({ state: 'hidden' });

    const vic = await BoardPage.open(await newPerson(world.browser), viewerLink, 'Vic');
    const target = await vic.itemCentre(note.id);
    await vic.page.mouse.click(target.x, target.y, { button: 'right' });
    const ids = await vic.page
      .getByTestId('context-menu')
      .locator('[role="menuitem"]')
      .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-testid')));
    expect(ids).toEqual(['menu-copy']);
    await vic.page.keyboard.press('Escape');
    await vic.page.mouse.click(800, 150, { button: 'right' });
    const empty = await vic.page
      .getByTestId('context-menu')
      .locator('[role="menuitem"]')
      .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-testid')));
    expect(empty).toEqual(['menu-zoom-fit', 'menu-select-all']);
  });

  it('finds notes with Ctrl+F, case and accents aside, and goes to each hit', async () => {
    const late = await addNote(alice, 900, 550, 'Café launch');
    const first = await addNote(alice, 300, 250, 'CAFE menu');
    await addNote(alice, 600, 400, 'Payments');
    await bob.waitForAny((item) => 'text' in item && item.text === 'Payments', 'the notes');
    await bob.page.mouse.click(640, 720);
    await bob.page.keyboard.press('Control+f');
    const input = bob.page.getByTestId('find-input');
    await input.waitFor({ state: 'visible' });
    await input.fill('cafe');
    const count = bob.page.getByTestId('find-count');
    expect(await count.innerText()).toBe('2 found');
    await input.press('Enter');
    await eventually(async () => (await count.innerText()) === '1 of 2', '1 of 2');
    expect(await selection(bob)).toEqual([first.id]);
    const seen = await bob.itemCentre(first.id);
    expect(Math.abs(seen.x - 640)).toBeLessThan(5); // the camera centred it
    await bob.screenshot('arrange-04-find-first-hit');
    await input.press('Enter');
    await eventually(async () => (await count.innerText()) === '2 of 2', '2 of 2');
    expect(await selection(bob)).toEqual([late.id]);
    await input.press('Shift+Enter');
    await eventually(async () => (await count.innerText()) === '1 of 2', 'back to 1 of 2');
    await input.fill('nothing like it');
    expect(await count.innerText()).toBe('No results');
    await input.press('Escape');
    await bob.page.getByTestId('find-bar').waitFor({ state: 'hidden' });
  });
});
