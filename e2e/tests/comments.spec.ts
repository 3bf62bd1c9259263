import { describe, expect, it } from 'vitest';
import { BoardPage, eventually } from '../fixtures/board-page';
import { newPerson } from '../fixtures/browser';
import { useServerAndBrowser } from '../fixtures/server';

/*
 * Comments in two real browsers, on a board of their own: Alice (light mode) asks a question on a
 * card and @mentions Bob (dark mode); Bob sees the pin's count and the "@ 1" badge, which takes
 * him to the thread and clears; he replies; Alice resolves; Bob sees it resolved in the panel;
 * Ctrl+F finds the comment's words and goes to the card; a viewer reads but cannot write.
 */

describe('comments in two browsers', () => {
  const world = useServerAndBrowser();

  it('a question with a mention, a reply, resolve, the panel and find', async () => {
    const board = await world.server.createBoard('Comments board');
    const alice = await BoardPage.open(await newPerson(world.browser), board.links.editor, 'Alice');
    const bobContext = await world.browser.newContext({
      colorScheme: 'dark',
      viewport: { width: 1280, height: 800 },
    });
    const bob = await BoardPage.open(bobContext, board.links.editor, 'Bob');

    await alice.page.getByTestId('toolbar-sticky').click();
    await alice.page.keyboard.press('Escape');
    const note = await alice.waitForAny((item) => item.type === 'sticky', 'a new note');
    await alice.editText(note.id, 'Checkout flow');
    await bob.waitForAny((item) => 'text' in item && item.text === 'Checkout flow', 'the note');

    // Alice asks, naming Bob through the @ suggestions (Bob is here, so he is offered).
    await alice.select(note.id);
    await alice.page.getByTestId('comment-open').click();
    const ask = alice.page.getByTestId('comment-new');
    await ask.waitFor({ state: 'visible' });
    await ask.pressSequentially('Can @Bo');
    const option = alice.page.getByTestId('mention-option');
    await eventually(async () => ((await option.count()) === 1 ? true : null), '@Bob offered');
    expect(await option.innerText()).toBe('@Bob');
    await ask.press('Enter');
    await ask.pressSequentially('own the retry screen?');
    expect(await ask.inputValue()).toBe('Can @Bob own the retry screen?');
    await alice.screenshot('comments-01-alice-asks');
    await ask.press('Enter');
    await alice.page
      .locator('[data-testid="comment"] .comment-mention')
      .filter({ hasText: '@Bob' })
      .waitFor();

    // Bob: a pin with one open thread on the card, and a mention badge.
    const bobPin = bob.page.locator(`[data-testid="comment-pin"][data-item="${note.id}"]`);
    await bobPin.waitFor();
    expect(await bobPin.innerText()).toBe('1');
    const badge = bob.page.getByTestId('mention-badge');
    await badge.waitFor();
    expect(await badge.innerText()).toBe('@ 1');
    await bob.screenshot('comments-02-bob-pin-and-badge-dark');

    // The badge takes him to the thread; reading it clears the badge.
    await badge.click();
    const popover = bob.page.getByTestId('comment-popover');
    await popover.waitFor();
    expect(await popover.getAttribute('data-item')).toBe(note.id);
    await badge.waitFor({ state: 'detached' });
    const reply = popover.getByTestId('comment-reply');
    await reply.fill('Yes, Payments takes it');
    await reply.press('Enter');

    // Alice sees the reply in her open popover and resolves the thread.
    const alicePopover = alice.page.getByTestId('comment-popover');
    await alicePopover.getByText('Yes, Payments takes it').waitFor();
    expect(await alicePopover.getByTestId('comment').count()).toBe(2);
    await alice.screenshot('comments-03-alice-thread-light');
    await bob.screenshot('comments-03-bob-thread-dark');
    await alicePopover.getByTestId('thread-resolve').click();

    // Bob: the pin goes (no open thread); the thread he is reading moves under Resolved, still
    // unfolded because it is the one he came to.
    await bobPin.waitFor({ state: 'detached' });
    const folded = popover.getByTestId('comment-show-resolved');
    await folded.waitFor();
    expect(await folded.innerText()).toContain('Resolved (1)');
    expect(await folded.getAttribute('aria-expanded')).toBe('true');
    expect(await popover.getByTestId('thread-resolved-note').innerText()).toContain('Alice');
    await popover.getByTestId('comment-popover-close').click();

    await bob.page.getByTestId('comments-button').click();
    const panel = bob.page.getByTestId('comments-panel');
    await panel.waitFor();
    expect(await panel.getByTestId('comments-panel-thread').count()).toBe(0);
    await panel.getByTestId('comments-panel-show-resolved').click();
    const resolvedRow = panel
      .getByTestId('comments-panel-resolved')
      .getByTestId('comments-panel-thread');
    expect(await resolvedRow.innerText()).toContain('Checkout flow');
    expect(await resolvedRow.innerText()).toContain('1 reply');
    await bob.screenshot('comments-04-bob-panel-resolved-dark');
    await resolvedRow.click();
    await popover.waitFor();
    await bob.page.getByTestId('comments-button').click();
    await panel.waitFor({ state: 'detached' });
    await popover.getByTestId('comment-popover-close').click();

    // Find looks in comments: the card is found by the reply's words and its thread opens.
    await bob.page.mouse.click(1000, 650);
    await bob.page.keyboard.press('Control+f');
    const input = bob.page.getByTestId('find-input');
    await input.waitFor({ state: 'visible' });
    await input.fill('payments takes');
    const count = bob.page.getByTestId('find-count');
    await eventually(async () => ((await count.innerText()) === '1 found' ? true : null), 'found');
    await input.press('Enter');
    await eventually(async () => ((await count.innerText()) === '1 of 1' ? true : null), '1 of 1');
    expect(await bob.page.evaluate(() => window.weboard!.selection())).toEqual([note.id]);
    await popover.waitFor();
    await alice.screenshot('comments-05-alice-resolved-light');

    // A viewer reads the thread but has no box to write in.
    const vic = await BoardPage.open(await newPerson(world.browser), board.links.viewer, 'Vic');
    await vic.page.keyboard.press('Control+f');
    await vic.page.getByTestId('find-input').fill('retry screen');
    await vic.page.getByTestId('find-input').press('Enter');
    const vicPopover = vic.page.getByTestId('comment-popover');
    await vicPopover.waitFor();
    await vicPopover.getByTestId('comment-show-resolved').click();
    await vicPopover.getByText('Yes, Payments takes it').waitFor();
    expect(await vic.page.getByTestId('comment-new').count()).toBe(0);
    expect(await vic.page.getByTestId('comment-reply').count()).toBe(0);
    expect(await vic.page.getByTestId('thread-reopen').count()).toBe(0);
  });
});
