import { describe, expect, it } from 'vitest';
import type { BoardItem, CreateBoardResponse } from '@weboard/shared';
import { BoardPage, eventually } from '../fixtures/board-page';
import { pickTeam, teamIdsOf, usePeople } from '../fixtures/boards';
import { useServerAndBrowser } from '../fixtures/server';

/*
 * Issue 4, "many sessions into one" and running the session: a team's own board comes into its
 * swimlane on the unified board; a large CSV import shows its progress; the planning and
 * facilitation panels share one dock.
 */
describe('bringing many sessions onto one board', () => {
  const world = useServerAndBrowser();
  const people = usePeople(world);

  /** The team and lane of any item (cards and frames carry them, other items never do). */
  const bindingOf = (item: BoardItem | undefined) =>
    (item ?? {}) as { teamId?: string; laneId?: string };

  const overlaps = (a: BoardItem, b: BoardItem) =>
    a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

  async function createBoard(body: Record<string, unknown>): Promise<CreateBoardResponse> {
    const res = await fetch(`${world.server.url}/api/boards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as CreateBoardResponse;
  }

  /** Adds a sticky at a board point through the keyboard and types its text; returns its id. */
  async function addCard(person: BoardPage, at: { x: number; y: number }, text: string) {
    const before = new Set((await person.items()).map((i) => i.id));
    const screen = await person.boardToScreen(at.x, at.y);
    await person.page.mouse.move(screen.x, screen.y);
    await person.page.keyboard.press('s');
    const card = await person.waitForItem(
      (i) => i.type === 'sticky' && !before.has(i.id),
      'the new card',
    );
    await person.editText(card.id, text);
    return card.id;
  }

  /**
   * A unified board of its own (PI 9, Now / Next / Later, teams Payments and Accounts) with Alice,
   * its facilitator, on Payments; the planning panel open when `openPlanning`.
   */
  async function unifiedBoard(openPlanning = false) {
    const unified = await createBoard({
      title: 'PI 9',
      template: 'now-next-later',
      teams: [
        { name: 'Payments', color: 'blue' },
        { name: 'Accounts', color: 'green' },
      ],
    });
    const context = await people.context();
    const alice = await people.open(unified.links.facilitator, 'Alice', context);
    await pickTeam(alice, 'Payments', openPlanning);
    return { context, alice, teams: await teamIdsOf(alice) };
  }

  it('opens the unified board made from a template with two teams', async () => {
    const { teams } = await unifiedBoard();
    expect(Object.keys(teams).sort()).toEqual(['Accounts', 'Payments']);
  });

  it("imports the Accounts team's own board into its swimlane, beside what is there, each card remembering its source", async () => {
    const { context, alice, teams } = await unifiedBoard();
    // The Accounts team ran its own session on a board of its own.
    const own = await createBoard({ title: 'Accounts refinement' });
    const page = await BoardPage.open(context, own.links.editor, 'Alice');
    await addCard(page, { x: 100, y: 100 }, 'Statements');
    await addCard(page, { x: 340, y: 100 }, 'Account merge');
    await addCard(page, { x: 100, y: 340 }, 'Dormant accounts');
    await eventually(
      async () => (await page.items()).filter((i) => i.text).length === 3,
      'three cards with text',
    );
    const exported = await page.page.evaluate(async (link) => {
      const url = new URL(link);
      const id = url.pathname.split('/').pop()!;
      const token = url.searchParams.get('token')!;
      return (await fetch(`/api/boards/${id}/export?format=json&token=${token}`)).text();
    }, own.links.editor);
    await page.page.close();

    // Alice adds a card to the Accounts swimlane of the unified board first (the board fits the
    // window, so that the Accounts row is on screen).
    await alice.page.keyboard.press('Shift+Digit1');
    const existing = await addCard(alice, { x: 400, y: 850 }, 'Login audit');
    await alice.waitForItem((i) => i.id === existing && i.teamId === teams.Accounts, 'Accounts');
    const before = await alice.allItems();

    await alice.page.getByTestId('planning-toggle').click();
    await alice.page.getByTestId('open-import').click();
    await alice.page.getByTestId('import-kind-board').click();
    await alice.page.getByTestId('import-board-file').setInputFiles({
      name: 'accounts-refinement.weboard.json',
      mimeType: 'application/json',
      buffer: Buffer.from(exported),
    });
    await alice.page.getByTestId('import-board-summary').waitFor();
    expect(await alice.page.getByTestId('import-board-summary').textContent()).toContain(
      'Accounts refinement: 3 items, of which 3 backlog cards',
    );
    await alice.page.getByTestId('import-board-team').selectOption(teams.Accounts!);
    await alice.screenshot('sessions-01-import-board-dialog');
    await alice.page.getByTestId('import-board-submit').click();
    await alice.page.getByTestId('import-board-done').waitFor();
    await alice.page.getByRole('button', { name: 'Close' }).click();

    const imported = await eventually(async () => {
      const cards = (await alice.items()).filter((i) => i.source?.kind === 'board');
      return cards.length === 3 ? cards : null;
    }, 'the three imported cards');
    for (const card of imported) {
      expect(card.teamId).toBe(teams.Accounts);
      expect(card.source).toEqual({
        kind: 'board',
        name: 'Accounts refinement',
        teamId: teams.Accounts,
      });
      for (const item of before)
        if (item.type !== 'frame')
          expect(overlaps(card, item), `${card.text} overlaps ${item.id}`).toBe(false);
    }
    // Laid out beside the Accounts swimlane, in a frame of the team that names the source.
    const frame = (await alice.allItems()).find(
      (i) => i.type === 'frame' && i.title === 'Accounts · from Accounts refinement',
    )!;
    const swimlane = before.find(
      (i) => i.type === 'frame' && i.teamId === teams.Accounts && !i.laneId,
    )!;
    expect(frame.y).toBe(swimlane.y);
    expect(frame.x).toBeGreaterThanOrEqual(swimlane.x + swimlane.w);
    for (const item of before) expect(overlaps(item, frame)).toBe(false);

    // The backlog filters by source: the board and the team it came in for.
    await alice.page
      .getByTestId('backlog-filter-source')
      .selectOption('board: Accounts refinement (Accounts)');
    expect((await alice.page.getByTestId('backlog-title').allTextContents()).sort()).toEqual([
      'Account merge',
      'Dormant accounts',
      'Statements',
    ]);
    await alice.screenshot('sessions-02-imported-board-filtered');
    await alice.page.getByTestId('backlog-filter-source').selectOption('*');
  });

  it('binds a drawn frame to a team and a lane from its panel, the cards in it follow; the teams tab rebinds it and removes a lane', async () => {
    const { alice, teams } = await unifiedBoard(true);
    const page = alice.page;
    await page.keyboard.press('Escape');
    const before = new Set((await alice.allItems()).map((i) => i.id));
    // Room beside the swimlanes: zoomed out, the frame is drawn on empty canvas right of them.
    for (let i = 0; i < 3; i++) await page.getByTestId('zoom-out').click();
    const lanes = await alice.allItems();
    const right = Math.max(...lanes.map((i) => i.x + i.w));
    const top = Math.min(...lanes.map((i) => i.y));
    const corner = await alice.boardToScreen(right + 60, top);
    await page.getByTestId('toolbar-frame').click();
    await alice.drag(corner, { x: corner.x + 180, y: corner.y + 340 });
    const frame = await alice.waitForAny(
      (i) => i.type === 'frame' && !before.has(i.id),
      'the drawn frame',
    );
    await page.keyboard.press('Escape');
    const cardId = await addCard(
      alice,
      { x: frame.x + frame.w / 2, y: frame.y + frame.h / 2 },
      'Ledger export',
    );
    // Not in any bound frame yet: the card is Alice's team's.
    await alice.waitForItem((i) => i.id === cardId && i.teamId === teams.Payments, 'Payments');

    // Select the frame by its title strip; its panel binds it.
    const title = await alice.boardToScreen(frame.x + 40, frame.y - 14);
    await page.mouse.click(title.x, title.y);
    await page.getByTestId('frame-panel').waitFor();
    await page.getByTestId('frame-team').selectOption(teams.Accounts!);
    await page.getByTestId('frame-lane').selectOption('later');
    await alice.waitForItem(
      (i) => i.id === cardId && i.teamId === teams.Accounts && i.laneId === 'later',
      "the card takes the frame's team and lane",
    );
    await alice.screenshot('sessions-03-frame-panel');

    // The teams tab lists the frame under Accounts and Later; rebind it to Payments there.
    await page.getByTestId('planning-tab-teams').click();
    const teamRow = (name: string) =>
      page.locator(`[data-testid="team-row"][data-team-id="${teams[name]}"]`);
    const drawn = teamRow('Accounts')
      .getByTestId('bound-frame')
      .filter({ has: page.getByRole('button', { name: '▭ Frame', exact: true }) });
    await drawn.getByTestId('unbind-frame').click();
    await eventually(
      async () =>
        bindingOf((await alice.allItems()).find((i) => i.id === frame.id)).teamId === undefined,
      'the frame is no swimlane any more',
    );
    expect((await alice.item(cardId))?.teamId).toBe(teams.Accounts);
    await teamRow('Payments').getByTestId('bind-frame').selectOption(frame.id);
    await alice.waitForItem((i) => i.id === cardId && i.teamId === teams.Payments, 'rebound');
    await alice.screenshot('sessions-04-teams-tab-frames');

    // Removing the Later lane unplans its cards and unbinds its frames.
    const laterFrames = (await alice.allItems()).filter(
      (i) => i.type === 'frame' && i.laneId === 'later',
    );
    expect(laterFrames.length).toBeGreaterThan(1);
    await page
      .locator('[data-testid="lane-row"][data-lane-id="later"]')
      .getByTestId('lane-remove')
      .click();
    await page.locator('[data-testid="lane-row"][data-lane-id="later"]').waitFor({
      state: 'detached',
    });
    await eventually(async () => {
      const items = await alice.allItems();
      return (
        bindingOf(items.find((i) => i.id === cardId)).laneId === undefined &&
        items.every((i) => bindingOf(i).laneId !== 'later')
      );
    }, 'no item is in the removed lane');
    expect((await alice.item(cardId))?.teamId).toBe(teams.Payments);
    await page.getByTestId('planning-tab-backlog').click();
  });

  it('a CSV of a few thousand rows shows its progress, then every card is there', async () => {
    const { alice } = await unifiedBoard(true);
    const rows = 3000;
    const csv = [
      'Summary,Team,Horizon,Story points',
      ...Array.from(
        { length: rows },
        (_, i) => `Story ${i + 1},${i % 2 ? 'Payments' : 'Accounts'},Next,${(i % 8) + 1}`,
      ),
    ].join('\n');
    const cardsBefore = (await alice.items()).filter((i) => i.type === 'sticky').length;
    await alice.page.getByTestId('open-import').click();
    await alice.page.getByTestId('import-file').setInputFiles({
      name: 'big-backlog.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await eventually(
      async () => (await alice.page.getByTestId('import-ok-count').textContent()) === String(rows),
      'every row is ready',
      30_000,
    );
    // Every state the progress bar goes through, recorded as the page renders it.
    await alice.page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { progressSeen: string[] }).progressSeen = seen;
      new MutationObserver(() => {
        const bar = document.querySelector('[data-testid="import-progress"] progress');
        if (bar instanceof HTMLProgressElement) seen.push(`${bar.value}/${bar.max}`);
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await alice.page.getByTestId('import-submit').click();
    await alice.page.getByTestId('import-progress').waitFor({ timeout: 30_000 });
    await alice.screenshot('sessions-05-csv-progress');
    await alice.page.getByTestId('import-done').waitFor({ timeout: 120_000 });
    expect(await alice.page.getByTestId('import-done').textContent()).toBe(
      `Imported ${rows} items.`,
    );
    const seen = await alice.page.evaluate(
      () => (window as unknown as { progressSeen: string[] }).progressSeen,
    );
    const partial = seen.filter((s) => {
      const [done, total] = s.split('/').map(Number);
      return done! > 0 && done! < total!;
    });
    expect(partial.length).toBeGreaterThan(0);
    await alice.page.getByRole('button', { name: 'Close' }).click();
    await eventually(
      async () =>
        (await alice.items()).filter((i) => i.type === 'sticky').length === cardsBefore + rows,
      'every imported card is on the board',
      30_000,
    );
    await eventually(
      async () =>
        (await alice.page.locator('.planning-actions .muted').textContent()) ===
        `${cardsBefore + rows} items`,
      'the backlog lists them all',
      30_000,
    );
    // The list renders a page at a time, so that a board of thousands of cards stays quick.
    expect(await alice.page.getByTestId('backlog-row').count()).toBe(200);
    await alice.page.getByTestId('backlog-show-more').click();
    expect(await alice.page.getByTestId('backlog-row').count()).toBe(400);
    await alice.screenshot('sessions-06-csv-imported');
    // Its waits add up to more than the suite's 90 s per test: on a loaded machine (CI beside other
    // work, load 18) the import alone has taken most of that, and the test then timed out.
  }, 240_000);

  it('the planning and facilitation panels share one dock: opening one closes the other', async () => {
    const { alice } = await unifiedBoard(true);
    await alice.page.getByTestId('planning-panel').waitFor();
    await alice.page.getByTestId('facilitation-button').click();
    await alice.page.getByTestId('facilitation-panel').waitFor();
    expect(await alice.page.getByTestId('planning-panel').count()).toBe(0);
    await alice.screenshot('sessions-07-dock-facilitation');
    await alice.page.getByTestId('planning-toggle').click();
    await alice.page.getByTestId('planning-panel').waitFor();
    expect(await alice.page.getByTestId('facilitation-panel').count()).toBe(0);
    await alice.screenshot('sessions-08-dock-planning');
  });
});
