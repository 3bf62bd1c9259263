import type { BoardItem } from '@weboard/shared';
import type { Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { eventually } from '../fixtures/board-page';
import { boardWithItems, stickyGrid, storedItems, usePeople } from '../fixtures/boards';
import { useServerAndBrowser } from '../fixtures/server';

/*
 * A board without a network: edits made offline on both sides merge on reconnect, and a reload
 * with no network opens the board from this browser's own copy (the offline shell, IndexedDB).
 * Each test opens its own board (made by REST) and people.
 */

/** Items as comparable plain data, in a stable order. */
const canonical = (items: BoardItem[]) =>
  JSON.stringify([...items].sort((a, b) => (a.id < b.id ? -1 : 1)));

describe('whiteboard offline', () => {
  const world = useServerAndBrowser();
  const people = usePeople(world);

  /** A board holding `items`, open as Alice (facilitator) and Bob (editor). */
  async function twoPeople(items: readonly object[]) {
    const board = await boardWithItems(world.server, 'Canvas offline board', items);
    const aliceContext = await people.context();
    const alice = await people.open(board.links.facilitator, 'Alice', aliceContext);
    const bob = await people.open(board.links.editor, 'Bob');
    return { board, alice, aliceContext, bob };
  }

  it('keeps editing offline and merges both sides on reconnect', async () => {
    const { board, alice, aliceContext, bob } = await twoPeople(stickyGrid(4));
    await aliceContext.setOffline(true);
    await eventually(
      () => alice.page.evaluate(() => window.weboard!.status() === 'offline'),
      'Alice offline',
    );
    await alice.page.getByTestId('connection-status').getByText('Offline').waitFor();

    const alicesBefore = new Set((await alice.allItems()).map((item) => item.id));
    await alice.page.mouse.move(300, 300);
    await alice.page.keyboard.press('s');
    const offlineNote = await alice.waitForAny(
      (item) => item.type === 'sticky' && !alicesBefore.has(item.id),
      'sticky made offline',
    );
    await alice.editText(offlineNote.id, 'written offline');

    const bobsBefore = new Set((await bob.allItems()).map((item) => item.id));
    await bob.page.mouse.move(600, 600);
    await bob.page.keyboard.press('r');
    await bob.page.mouse.click(600, 600);
    const bobsShape = await bob.waitForAny((item) => !bobsBefore.has(item.id), "Bob's new shape");
    await bob.dragItem('n0', 40, 40);
    // Bob's shape has reached the server (so it would have reached a connected Alice)…
    await eventually(
      async () => (await storedItems(world.server, board)).some((item) => item.id === bobsShape.id),
      "Bob's shape stored on the server",
    );
    // …yet neither side has the other's new item while Alice is offline.
    expect((await alice.allItems()).some((item) => item.id === bobsShape.id)).toBe(false);
    expect((await bob.allItems()).some((item) => item.id === offlineNote.id)).toBe(false);
    await alice.screenshot('13-canvas-alice-offline');

    await aliceContext.setOffline(false);
    await alice.waitLive();
    await eventually(
      async () => canonical(await alice.allItems()) === canonical(await bob.allItems()),
      'both boards equal after reconnect',
      20_000,
    );
    const notice = alice.page.getByTestId('merge-notice');
    await notice.waitFor({ state: 'visible', timeout: 10_000 });
    expect(Number(await notice.getAttribute('data-count'))).toBeGreaterThanOrEqual(2);
    await alice.screenshot('14-canvas-alice-merged');
  });

  it("reloads without a network and opens the board from this browser's own copy", async () => {
    const { alice, aliceContext } = await twoPeople(stickyGrid(12));
    const page = alice.page;
    // A reload without a network needs the offline shell's worker active and every script and
    // stylesheet this page loaded in its cache.
    await eventually(
      () =>
        page.evaluate(async () => {
          const registration = await navigator.serviceWorker.getRegistration();
          if (registration?.active?.state !== 'activated') return false;
          const files = performance
            .getEntriesByType('resource')
            .map((entry) => new URL(entry.name))
            .filter((url) => url.origin === location.origin && /\.(js|css)$/.test(url.pathname));
          const kept = await Promise.all(
            ['/', ...files.map((url) => url.pathname)].map((path) => caches.match(path)),
          );
          return kept.every(Boolean);
        }),
      'the app kept for offline use',
    );
    const before = canonical(await alice.allItems());
    expect(JSON.parse(before).length).toBeGreaterThan(10);

    // Back online later, the page's code comes from the kept copies without a request (its files
    // are named after their content), while the page itself is asked for (network first).
    const workerFetches: string[] = [];
    const onRequest = (request: Request) => {
      if (request.serviceWorker()) workerFetches.push(new URL(request.url()).pathname);
    };
    aliceContext.on('request', onRequest);
    await page.reload();
    await page.waitForFunction(() => !!window.weboard, null, { timeout: 15_000 });
    aliceContext.off('request', onRequest);
    expect(workerFetches, 'the offline shell fetched the page').toContain(
      new URL(page.url()).pathname,
    );
    expect(
      workerFetches.filter((path) => path.startsWith('/assets/')),
      'the offline shell fetched no file of the build',
    ).toEqual([]);

    await aliceContext.setOffline(true);
    await page.reload();
    // The page itself comes from the offline shell, the board from IndexedDB.
    await page
      .waitForFunction(() => !!window.weboard, null, { timeout: 15_000 })
      .catch(async () => {
        const shown = await page.evaluate(() => document.body.innerText.slice(0, 300));
        throw new Error(
          `no board after the offline reload of ${page.url()}; the page shows: ${shown}`,
        );
      });
    await eventually(
      async () => canonical(await alice.allItems()) === before,
      'every item back from IndexedDB, offline',
    );
    await eventually(
      () => page.evaluate(() => window.weboard!.drawnItems().length > 10),
      'the board drawn',
    );
    expect(await page.evaluate(() => window.weboard!.status())).not.toBe('live');
    await alice.screenshot('14b-canvas-alice-reloaded-offline');

    await aliceContext.setOffline(false);
    await alice.waitLive();

    // Back online, opening the board drops assets of earlier builds from the shell's cache.
    const stale = '/assets/BoardPage-0ld8u1ld.js';
    await page.evaluate(async (url) => {
      const [name] = await caches.keys();
      await (await caches.open(name!)).put(url, new Response('// an earlier build'));
    }, stale);
    await page.reload();
    await alice.waitLive();
    await eventually(
      () => page.evaluate(async (url) => !(await caches.match(url)), stale),
      "an earlier build's asset dropped",
    );
    expect(await page.evaluate(async () => !!(await caches.match('/')))).toBe(true);
  });
});
