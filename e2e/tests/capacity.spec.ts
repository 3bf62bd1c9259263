import { describe, expect, it } from 'vitest';
import { eventually } from '../fixtures/board-page';
import type { BoardPage } from '../fixtures/board-page';
import { boardWithTeams, pickTeam, teamIdsOf, usePeople } from '../fixtures/boards';
import { useServerAndBrowser } from '../fixtures/server';

/*
 * Issue 14 in two browsers of different teams: Alice (facilitator, Payments) and Bob (editor,
 * Accounts) plan on a Now / Next / Later board with one swimlane per team. Each sets their team's
 * capacity (Bob cannot set Payments'); both see Payments' Now cell over capacity with the
 * overflow, and Payments' cut line in the backlog. Bob requests a dependency from Payments, which
 * is amber in both browsers until Alice accepts it for an iteration. Two more dependencies put
 * cards above what they need; "Resolve all conflicts" previews the moves, applies them as one
 * change (one undo takes it back) and both browsers end with no conflict. Payments records its
 * own order and sees where the program departs from it.
 */
describe('capacity, agreements and resolving conflicts across teams', () => {
  const world = useServerAndBrowser();
  const people = usePeople(world);

  const cell = (person: BoardPage, testId: string, teamId: string, laneId: string) =>
    person.page.locator(
      `[data-testid="${testId}"][data-team-id="${teamId}"][data-lane-id="${laneId}"]`,
    );
  const tab = (person: BoardPage, id: string) =>
    person.page.getByTestId(`planning-tab-${id}`).click();

  /**
   * Seeds the backlog: four estimated cards in the Now cells of the two swimlanes, ranked in
   * `order` (top first), and waits until both see them. The test API lets tests seed the
   * document; everything after this goes through the UI.
   */
  async function seedCards(
    alice: BoardPage,
    bob: BoardPage,
    teams: Record<string, string>,
    order = ['checkout', 'login', 'refunds', 'profile'],
  ) {
    await alice.page.evaluate(
      ({ teamIds, order }) => {
        // The fixture types the document loosely; seeding needs its transaction and map constructor.
        const doc = window.weboard!.doc as unknown as {
          transact(change: () => void): void;
          getMap(name: string): { set(key: string, value: unknown): void };
        };
        const items = doc.getMap('items');
        const YMap = items.constructor as new () => Map<string, unknown> & {
          set(k: string, v: unknown): void;
        };
        const all = window.weboard!.getItems() as unknown as {
          type: string;
          x: number;
          y: number;
          teamId?: string;
          laneId?: string;
        }[];
        const frames = all.filter((i) => i.type === 'frame');
        const cards: [string, string, string, number][] = [
          ['checkout', 'Checkout', teamIds.Payments!, 5],
          ['login', 'Login', teamIds.Accounts!, 3],
          ['refunds', 'Refunds', teamIds.Payments!, 8],
          ['profile', 'Profile', teamIds.Accounts!, 5],
        ];
        doc.transact(() => {
          cards.forEach(([id, text, teamId, estimate], i) => {
            const frame = frames.find((f) => f.teamId === teamId && f.laneId === 'now')!;
            const map = new YMap();
            const fields: Record<string, unknown> = {
              type: 'sticky',
              // Side by side in their cell, so no dependency arrow crosses another card's centre.
              x: frame.x + 20 + (i >> 1) * 180,
              y: frame.y + 80,
              w: 160,
              h: 50,
              rotation: 0,
              z: `a${i}`,
              createdBy: 'seed',
              createdAt: 1,
              text,
              color: 'yellow',
              teamId,
              laneId: 'now',
              estimate,
              rank: `a${order.indexOf(id)}`,
            };
            for (const [key, value] of Object.entries(fields)) map.set(key, value);
            items.set(id, map);
          });
        });
      },
      { teamIds: teams, order },
    );
    for (const person of [alice, bob])
      await eventually(
        async () => (await person.page.getByTestId('backlog-row').count()) === 4,
        `${person.name} sees the four cards`,
      );
  }

  /**
   * A Now / Next / Later board of its own (by REST), Alice on Payments and Bob on Accounts with
   * the planning panel open, and the four cards seeded in `order`.
   */
  async function openBoard(order?: string[]) {
    const opened = await boardWithTeams(world, people, {
      title: 'PI 8 capacity',
      template: 'now-next-later',
      openPlanning: true,
    });
    await seedCards(opened.alice, opened.bob, opened.teams, order);
    return opened;
  }

  /** `person` makes `card` depend on `on` in the item panel, then closes the panel. */
  async function addDependency(person: BoardPage, card: string, on: string) {
    await person.select(card);
    await person.page.getByTestId('item-panel').waitFor();
    await person.page.getByTestId('depends-on-picker').selectOption(on);
    await person.page.getByTestId('add-dependency').click();
    await person.page.getByTestId('item-dependency').first().waitFor();
    await person.page.keyboard.press('Escape');
  }

  it('two people of different teams open one board', async () => {
    const page = await (await people.context()).newPage();
    await page.goto(world.server.url);
    await page.getByTestId('new-board').click();
    await page.getByTestId('board-title-input').fill('PI 8 capacity');
    await page.getByTestId('board-template').selectOption('now-next-later');
    await page.getByTestId('board-teams-input').fill('Payments, Accounts');
    await page.getByTestId('create-board-submit').click();
    await page.waitForURL(/\/b\/[\w-]+\?token=/);
    const link = page.url();
    const editorLink = await page.evaluate(
      () =>
        (
          JSON.parse(localStorage.getItem('weboard.recentBoards') ?? '[]') as {
            links: { editor: string };
          }[]
        )[0]!.links.editor,
    );
    const aliceContext = page.context();
    await page.close();
    const alice = await people.open(link, 'Alice', aliceContext);
    await pickTeam(alice, 'Payments', true);
    const bob = await people.open(editorLink, 'Bob');
    await pickTeam(bob, 'Accounts', true);
    await seedCards(alice, bob, await teamIdsOf(alice));
  });

  it('each team sets its capacity; both browsers see Payments over capacity in Now', async () => {
    const { alice, bob, teams } = await openBoard();
    const payments = teams.Payments!;
    const accounts = teams.Accounts!;
    await tab(alice, 'capacity');
    await tab(bob, 'capacity');
    // Bob is on Accounts: he may set Accounts' capacity but not Payments'.
    expect(
      await cell(bob, 'capacity-cell', payments, 'now').getByTestId('capacity-input').isDisabled(),
    ).toBe(true);
    const bobInput = cell(bob, 'capacity-cell', accounts, 'now').getByTestId('capacity-input');
    await bobInput.fill('8');
    await bobInput.press('Enter');
    const aliceInput = cell(alice, 'capacity-cell', payments, 'now').getByTestId('capacity-input');
    await aliceInput.fill('10');
    await aliceInput.press('Enter');

    for (const person of [alice, bob]) {
      const over = cell(person, 'capacity-cell', payments, 'now');
      await eventually(
        async () => (await over.getAttribute('data-status')) === 'over',
        `${person.name}: Payments is over capacity in Now`,
      );
      expect(await over.getByTestId('cell-load').textContent()).toBe('13 / 10 pts');
      expect(await over.getByTestId('cell-overflow').textContent()).toBe('+3');
      const full = cell(person, 'capacity-cell', accounts, 'now');
      await eventually(
        async () => (await full.getAttribute('data-status')) === 'full',
        `${person.name}: Accounts is at capacity in Now`,
      );
      expect(await full.getByTestId('cell-load').textContent()).toBe('8 / 8 pts');
    }
    await alice.screenshot('capacity-01-capacity-tab');

    // The backlog shows the same load, and Payments' cut line above Refunds.
    for (const person of [alice, bob]) {
      await tab(person, 'backlog');
      const strip = cell(person, 'backlog-load-cell', payments, 'now');
      await strip.waitFor();
      expect(await strip.getAttribute('data-status')).toBe('over');
      expect(await strip.textContent()).toContain('13 / 10 pts +3');
      const cut = person.page.locator(`[data-testid="cut-line"][data-team-id="${payments}"]`);
      await cut.waitFor();
      // The marker sits right above Refunds, the first Payments card that does not fit.
      const next = await cut.evaluate(
        (el) => (el.nextElementSibling as HTMLElement | null)?.dataset.itemId ?? null,
      );
      expect(next).toBe('refunds');
      expect(
        await person.page.locator(`[data-testid="cut-line"][data-team-id="${accounts}"]`).count(),
      ).toBe(0);
    }
    await bob.screenshot('capacity-02-backlog-cut-line');
  });

  it('Bob requests a dependency from Payments; it is amber until Alice accepts it', async () => {
    const { alice, bob } = await openBoard();
    await addDependency(bob, 'profile', 'refunds');

    await tab(bob, 'dependencies');
    const bobRow = bob.page.getByTestId('dependency-row');
    await bobRow.waitFor();
    expect(await bobRow.getAttribute('data-health')).toBe('green');
    // Alice (Payments) is the asked team: she has nothing to request.
    await tab(alice, 'dependencies');
    const aliceRow = alice.page.getByTestId('dependency-row');
    await aliceRow.waitFor();
    await bobRow.getByTestId('agreement-request').click();
    for (const row of [aliceRow, bobRow])
      await eventually(
        async () => (await row.getAttribute('data-health')) === 'amber',
        'the open request makes the dependency amber',
      );
    expect(await bobRow.getByTestId('agreement-accept').count()).toBe(0);
    await aliceRow.getByTestId('agreement-lane').selectOption('now');
    await alice.screenshot('capacity-03-request-open');
    await aliceRow.getByTestId('agreement-accept').click();
    for (const row of [aliceRow, bobRow]) {
      await eventually(
        async () =>
          (await row.getAttribute('data-health')) === 'green' &&
          (await row.getByTestId('agreement').getAttribute('data-state')) === 'accepted',
        'the accepted request is green in both browsers',
      );
      expect(await row.getByTestId('agreement-status').textContent()).toContain(
        'Accepted for Now by Alice',
      );
    }
  });

  it('resolves every rank conflict in one previewed change, undone in one step', async () => {
    const { alice, bob } = await openBoard();
    // Profile needs Refunds, ranked above it: no conflict. Login and Checkout are ranked above
    // what they need.
    await addDependency(bob, 'profile', 'refunds');
    await addDependency(bob, 'login', 'refunds');
    await addDependency(alice, 'checkout', 'profile');
    for (const person of [alice, bob]) {
      await tab(person, 'backlog');
      await eventually(
        async () => (await person.page.getByTestId('rank-conflict').count()) === 2,
        `${person.name} sees two rank conflicts`,
      );
    }
    await bob.page.getByTestId('resolve-all').click();
    const preview = bob.page.getByTestId('resolve-preview');
    await preview.waitFor();
    // Fewest moves: two of the four cards (which two is a tie the plan breaks), never more.
    expect(await preview.getByTestId('resolve-move').count()).toBe(2);
    await bob.screenshot('capacity-04-resolve-preview');
    await bob.page.getByTestId('resolve-apply').click();
    const order = (person: BoardPage) =>
      person.page
        .getByTestId('backlog-title')
        .allTextContents()
        .then((t) => t.join('|'));
    for (const person of [alice, bob]) {
      await eventually(
        async () => (await person.page.getByTestId('rank-conflict').count()) === 0,
        `${person.name}: no conflict left`,
      );
      // Every dependency above what needs it (Login and Profile need Refunds, Checkout Profile).
      const after = (await order(person)).split('|');
      expect(after.indexOf('Refunds')).toBeLessThan(after.indexOf('Login'));
      expect(after.indexOf('Refunds')).toBeLessThan(after.indexOf('Profile'));
      expect(after.indexOf('Profile')).toBeLessThan(after.indexOf('Checkout'));
    }
    // One undo takes the whole reordering back, for both.
    await bob.page.getByTestId('toolbar-undo').click();
    for (const person of [alice, bob])
      await eventually(
        async () => (await order(person)) === 'Checkout|Login|Refunds|Profile',
        `${person.name}: undo restores the order`,
      );
    await bob.page.getByTestId('toolbar-redo').click();
    for (const person of [alice, bob])
      await eventually(
        async () => (await person.page.getByTestId('rank-conflict').count()) === 0,
        `${person.name}: redo resolves again`,
      );
  });

  it("Payments records its own order and sees where the program's departs from it", async () => {
    // The program ranks Refunds first and Checkout, the other Payments card, last.
    const { alice, bob } = await openBoard(['refunds', 'login', 'profile', 'checkout']);
    await tab(alice, 'capacity');
    await alice.page.getByTestId('record-team-order').click();
    const rows = alice.page.getByTestId('team-order-row');
    await eventually(
      async () =>
        (await rows.evaluateAll((r) => r.map((e) => (e as HTMLElement).dataset.shift))).join() ===
        '0,0',
      'the recorded order is the program order',
    );
    // Bob moves Checkout above Refunds in the unified backlog: Payments sees the departure.
    const row = bob.page.locator('[data-testid="backlog-row"][data-item-id="checkout"]');
    for (let i = 0; i < 3; i++) await row.getByTestId('move-up').click();
    await eventually(
      async () =>
        (await alice.page.getByTestId('team-order-summary').textContent())?.includes(
          'departs from this team’s for 2 items',
        ) ?? false,
      'Alice sees two departures',
    );
    expect(await rows.evaluateAll((r) => r.map((e) => (e as HTMLElement).dataset.shift))).toEqual([
      '1',
      '-1',
    ]);
    await alice.screenshot('capacity-05-team-order');
  });
});
