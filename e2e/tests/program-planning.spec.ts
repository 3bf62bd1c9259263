import { describe, expect, it } from 'vitest';
import { eventually } from '../fixtures/board-page';
import type { BoardPage } from '../fixtures/board-page';
import { boardWithTeams, usePeople } from '../fixtures/boards';
import { useServerAndBrowser } from '../fixtures/server';

/*
 * Issue 14, the program-planning essentials, in two browsers of different teams: Alice
 * (facilitator, Payments) and Bob (editor, Accounts) on a program board. Bob adds his team's
 * objective and Alice gives it a business value (Bob cannot, not even by writing his copy of the
 * board); a risk is raised and ROAMed; a milestone shows on the iteration axis; a confidence vote
 * stays hidden until Alice reveals it, then both see the results per team and overall.
 */
describe('program-planning essentials', () => {
  const world = useServerAndBrowser();
  const people = usePeople(world);

  /** A program board of its own, Alice on Payments and Bob on Accounts. */
  const openBoard = () =>
    boardWithTeams(world, people, { title: 'PI 12', template: 'program-board' });

  async function openPi(person: BoardPage, section: string) {
    if (!(await person.page.getByTestId('pi-panel').isVisible())) {
      if (!(await person.page.getByTestId('planning-panel').isVisible()))
        await person.page.getByTestId('planning-toggle').click();
      await person.page.getByTestId('planning-tab-pi').click();
    }
    await person.page.getByTestId(`pi-section-${section}`).click();
  }

  const text = (person: BoardPage, testId: string) =>
    person.page.getByTestId(testId).first().textContent();

  it('opens a program board with two teams in two browsers, one per team', async () => {
    const { teams } = await openBoard();
    expect(Object.keys(teams).sort()).toEqual(['Accounts', 'Payments']);
  });

  it("Bob adds his team's objective; only Alice gives it a business value", async () => {
    const { alice, bob, teams } = await openBoard();
    await openPi(bob, 'objectives');
    expect(await bob.page.getByTestId('objective-team-select').inputValue()).toBe(teams.Accounts);
    await bob.page.getByTestId('objective-text').fill('Customers see statements in the app');
    await bob.page.getByTestId('objective-add').click();
    await openPi(alice, 'objectives');
    const aliceRow = alice.page.getByTestId('objective-row').first();
    await aliceRow.waitFor();
    expect(await aliceRow.getAttribute('data-kind')).toBe('committed');
    const objectiveId = (await aliceRow.getAttribute('data-objective-id'))!;
    await aliceRow.getByTestId('objective-bv').fill('8');
    await eventually(
      async () => (await text(bob, 'objective-bv-shown'))?.trim() === 'BV 8',
      'Bob sees the business value',
    );
    // Bob has no field for it, and writing it into his copy of the board is undone by the server.
    expect(await bob.page.getByTestId('objective-bv').count()).toBe(0);
    await bob.page.evaluate((id) => {
      const objective = window.weboard!.doc.getMap('objectives').get(id) as {
        set(k: string, v: unknown): void;
      };
      objective.set('businessValue', 10);
    }, objectiveId);
    await eventually(
      async () => (await text(bob, 'objective-bv-shown'))?.trim() === 'BV 8',
      "the server puts Bob's business value back",
    );
    expect(await aliceRow.getByTestId('objective-bv').inputValue()).toBe('8');
    expect(await text(alice, 'objective-summary')).toContain('1 committed · 0 stretch · BV 8');
    await alice.screenshot('pi-01-objectives');
  });

  it('a risk is raised, then ROAMed by both: Owned needs an owner, then Mitigated, then Resolved', async () => {
    const { alice, bob, teams } = await openBoard();
    await openPi(bob, 'risks');
    await bob.page.getByTestId('risk-text-input').fill('Statement service vendor may slip');
    await bob.page.getByTestId('risk-team').selectOption(teams.Accounts!);
    await bob.page.getByTestId('risk-add').click();
    await openPi(alice, 'risks');
    const column = (person: BoardPage, state: string) =>
      person.page.locator(`[data-testid="risk-column"][data-state="${state}"]`);
    const card = (person: BoardPage, state: string) =>
      column(person, state).getByTestId('risk-card');
    await card(alice, 'new').waitFor();
    expect(await card(alice, 'new').getByTestId('risk-text').textContent()).toBe(
      'Statement service vendor may slip',
    );

    // Owned without an owner is refused, with the reason.
    await card(bob, 'new').getByTestId('risk-move').selectOption('owned');
    expect(await text(bob, 'risk-error')).toContain('Name an owner');
    await card(bob, 'new').getByTestId('risk-owner').fill('Bob');
    await card(bob, 'new').getByTestId('risk-owner').press('Enter');
    await eventually(
      async () => (await card(alice, 'new').getByTestId('risk-owner').inputValue()) === 'Bob',
      'Alice sees the owner',
    );
    await card(bob, 'new').getByTestId('risk-move').selectOption('owned');
    await card(alice, 'owned').waitFor();
    await alice.screenshot('pi-02-risk-owned');
    await card(alice, 'owned').getByTestId('risk-move').selectOption('mitigated');
    await card(bob, 'mitigated').waitFor();
    await card(bob, 'mitigated').getByTestId('risk-move').selectOption('resolved');
    for (const person of [alice, bob]) {
      await card(person, 'resolved').waitFor();
      for (const state of ['new', 'owned', 'accepted', 'mitigated'])
        expect(await card(person, state).count()).toBe(0);
    }
    await bob.screenshot('pi-03-risk-resolved');
  });

  it('a milestone in an iteration is drawn on that iteration of the swimlanes, in both browsers', async () => {
    const { alice, bob } = await openBoard();
    await openPi(alice, 'milestones');
    await alice.page.getByTestId('milestone-name').fill('Release 1');
    await alice.page.getByTestId('milestone-lane').selectOption('iteration-2');
    await alice.page.getByTestId('milestone-date').fill('2027-03-01');
    await alice.page.getByTestId('milestone-add').click();
    const cells = (await alice.allItems()).filter(
      (i) => i.type === 'frame' && (i as { laneId?: string }).laneId === 'iteration-2',
    );
    expect(cells.length).toBeGreaterThan(0);
    const left = Math.min(...cells.map((c) => c.x));
    const top = Math.min(...cells.map((c) => c.y));
    for (const person of [alice, bob]) {
      const drawn = await eventually(async () => {
        const flags = await person.page.evaluate(() => window.weboard!.milestonesDrawn());
        return flags.length === 1 ? flags[0]! : null;
      }, `${person.name} sees the milestone on the canvas`);
      expect(drawn).toMatchObject({ laneId: 'iteration-2', text: '◆ Release 1 · 2027-03-01' });
      expect(drawn.x).toBeGreaterThanOrEqual(left);
      expect(drawn.y).toBeLessThan(top);
    }
    await openPi(bob, 'milestones');
    expect(await text(bob, 'milestone-row')).toContain('Iteration 2 · 2027-03-01');
    await alice.page.keyboard.press('Shift+Digit1');
    await alice.screenshot('pi-04-milestone');
  });

  it('a confidence vote stays hidden until Alice reveals it; then both see it per team and overall', async () => {
    const { alice, bob, teams } = await openBoard();
    await openPi(alice, 'confidence');
    await openPi(bob, 'confidence');
    await alice.page.getByTestId('confidence-start').click();
    await bob.page.getByTestId('confidence-vote-4').click();
    await eventually(
      async () => (await text(bob, 'confidence-mine'))?.startsWith('Your vote: 4'),
      'Bob voted 4',
    );
    await alice.page.getByTestId('confidence-vote-2').click();
    await eventually(
      async () =>
        (await text(alice, 'confidence-participation'))?.startsWith('2 people have voted'),
      'Alice sees that two people voted',
    );
    // Neither copy of the board holds a ballot before the reveal.
    for (const person of [alice, bob])
      expect(
        await person.page.evaluate(() => window.weboard!.doc.getMap('confidenceVotes').size),
      ).toBe(0);
    expect(await bob.page.getByTestId('confidence-results').count()).toBe(0);
    expect(await bob.page.getByTestId('confidence-reveal').count()).toBe(0);
    await alice.screenshot('pi-05-confidence-hidden');

    await alice.page.getByTestId('confidence-reveal').click();
    for (const person of [alice, bob]) {
      const overall = person.page.getByTestId('confidence-overall');
      await overall.waitFor();
      expect(await overall.getAttribute('data-average')).toBe('3');
      expect(await overall.getAttribute('data-votes')).toBe('2');
      const team = (id: string) =>
        person.page.locator(`[data-testid="confidence-team"][data-team-id="${id}"]`);
      expect(await team(teams.Accounts!).getAttribute('data-average')).toBe('4');
      expect(await team(teams.Payments!).getAttribute('data-average')).toBe('2');
    }
    await bob.screenshot('pi-06-confidence-revealed');
  });
});
