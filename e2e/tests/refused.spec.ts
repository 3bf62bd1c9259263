import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBoardFile } from '@weboard/shared';
import type { BrowserContext, Page } from 'playwright-core';
import { BoardPage, eventually } from '../fixtures/board-page';
import { ARTIFACTS, newPerson } from '../fixtures/browser';
import { useServerAndBrowser } from '../fixtures/server';

/*
 * No reconnect loops (issue #13): when the server refuses this browser for good — a change past
 * the board's size limit (4413), or a revoked link (4401) — the client does not reconnect and send
 * the same thing again. It says so plainly, keeps the work in this browser (IndexedDB), and saves
 * it as a board file on request.
 */

/** Counts every page's websocket opens and closes (with their codes), from before it loads. */
async function countSockets(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const seen = { opens: 0, closes: [] as number[] };
    (window as unknown as { sockets: typeof seen }).sockets = seen;
    const Native = window.WebSocket;
    window.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        this.addEventListener('open', () => seen.opens++);
        this.addEventListener('close', (event) => seen.closes.push(event.code));
      }
    };
  });
}

const sockets = (page: Page) =>
  page.evaluate(
    () => (window as unknown as { sockets: { opens: number; closes: number[] } }).sockets,
  );

/**
 * How long the test watches for a reconnect after a final close. WeBoard's client retries a
 * dropped connection after 250–500 ms, then 0.5–1 s: a client that loops has reconnected (and
 * been closed again) at least twice by then.
 */
const WATCH_MS = 2_500;

/** Pastes `count` notes with long texts, as a person pasting a big clipboard would. */
function pasteBigNotes(page: Page, count: number): Promise<void> {
  return page.evaluate((n) => {
    const items = Array.from({ length: n }, (_, i) => ({
      id: `big${i}`,
      type: 'sticky',
      x: i * 220,
      y: 0,
      w: 200,
      h: 200,
      rotation: 0,
      z: `a${i}`,
      createdBy: 'clip',
      createdAt: 1,
      text: `${i} `.repeat(5_000).slice(0, 9_000),
      color: 'yellow',
    }));
    const data = new DataTransfer();
    data.setData(
      'text/plain',
      JSON.stringify({ kind: 'weboard/fragment', schemaVersion: 1, items }),
    );
    document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
  }, count);
}

describe('a change the server refuses for good', () => {
  const world = useServerAndBrowser({ MAX_BOARD_BYTES: '20000' });

  it('is not sent again: one close, a plain banner, the work kept and saved as a board file', async () => {
    const board = await world.server.createBoard('Small board');
    const context = await newPerson(world.browser);
    await countSockets(context);
    const ed = await BoardPage.open(context, board.links.editor, 'Ed');
    expect(await sockets(ed.page)).toEqual({ opens: 1, closes: [] });

    await ed.page.mouse.move(640, 400);
    await pasteBigNotes(ed.page, 5);
    const banner = ed.page.getByTestId('fatal-close');
    await banner.waitFor();
    expect(await banner.getAttribute('data-code')).toBe('4413');
    expect(await banner.getAttribute('data-refused-change')).toBe('true');
    const text = (await banner.textContent()) ?? '';
    expect(text).toContain('not saved to the board');
    expect(text).toContain('kept in this browser');
    await ed.screenshot('refused-01-size-limit-banner');

    await ed.page.waitForTimeout(WATCH_MS);
    expect(await sockets(ed.page)).toEqual({ opens: 1, closes: [4413] });
    expect(await ed.page.evaluate(() => window.weboard!.status())).toBe('offline');
    // The work is still on this person's board…
    expect((await ed.items()).filter((item) => item.text.length === 9_000)).toHaveLength(5);

    // …and comes out as a valid board file with every pasted note.
    const [download] = await Promise.all([
      ed.page.waitForEvent('download'),
      ed.page.getByTestId('save-board-file').click(),
    ]);
    expect(download.suggestedFilename()).toBe('Small-board.weboard.json');
    // Saved where the test reads it: the run's Chromium is a shared one, connected to remotely,
    // and Playwright has no local path for a remote browser's download.
    const saved = join(ARTIFACTS, 'refused-board-file.weboard.json');
    await download.saveAs(saved);
    const file = parseBoardFile(JSON.parse(readFileSync(saved, 'utf8')));
    if (!file.ok) throw new Error(file.error);
    expect(file.file.meta.title).toBe('Small board');
    expect(file.file.items.filter((item) => item.type === 'sticky')).toHaveLength(5);

    // A reload opens the work from this browser's copy; the server refuses it once, not in a loop.
    await ed.page.reload();
    await banner.waitFor();
    expect(await banner.getAttribute('data-code')).toBe('4413');
    expect((await ed.items()).filter((item) => item.text.length === 9_000)).toHaveLength(5);
    await ed.page.waitForTimeout(WATCH_MS);
    expect(await sockets(ed.page)).toEqual({ opens: 1, closes: [4413] });

    // Nobody else ever received the refused change.
    const other = await BoardPage.open(await newPerson(world.browser), board.links.editor, 'Eve');
    expect(await other.items()).toEqual([]);
    await other.page.close();
    await context.close();
  });

  it('after a revoked link: says so once and does not come back', async () => {
    const board = await world.server.createBoard('Rotated');
    const context = await newPerson(world.browser);
    await countSockets(context);
    const ed = await BoardPage.open(context, board.links.editor, 'Ed');
    const token = new URL(board.links.facilitator).searchParams.get('token')!;
    const rotated = await fetch(`${world.server.url}/api/boards/${board.id}/links/editor/rotate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(rotated.status).toBe(200);

    const banner = ed.page.getByTestId('fatal-close');
    await banner.waitFor();
    expect(await banner.getAttribute('data-code')).toBe('4401');
    expect(await banner.getAttribute('data-refused-change')).toBe('false');
    expect(await banner.textContent()).toContain('Ask a facilitator for the current link');
    await ed.screenshot('refused-02-revoked-link-banner');
    await ed.page.waitForTimeout(WATCH_MS);
    expect(await sockets(ed.page)).toEqual({ opens: 1, closes: [4401] });
    await eventually(
      async () => (await ed.page.evaluate(() => window.weboard!.status())) === 'offline',
      'offline',
    );
    await context.close();
  });
});
