import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { eventually } from '../fixtures/board-page';
import { boardWithTeams, usePeople } from '../fixtures/boards';
import { useServerAndBrowser } from '../fixtures/server';

/*
 * Issue 14 in two real browsers of different teams: Alice (Payments) imports a real Jira Cloud
 * export through the dialog onto a program board whose iterations are not Jira's sprints. The
 * preview lists each unknown sprint and team with how many rows name it; she maps them, and every
 * card lands in a team × iteration cell, in her browser and in Bob's (Accounts).
 */
describe('importing a Jira export onto a program board', () => {
  const world = useServerAndBrowser();
  const people = usePeople(world);

  it('maps unknown sprints and teams in the preview; every card lands in a cell for both', async () => {
    // Two people of different teams open a program board.
    const { alice, bob } = await boardWithTeams(world, people, {
      title: 'PI 26.4',
      template: 'program-board',
      openPlanning: true,
    });
    await alice.page.getByTestId('open-import').click();
    await alice.page.getByTestId('import-file').setInputFiles({
      name: 'jira-cloud.csv',
      mimeType: 'text/csv',
      buffer: readFileSync(new URL('../../fixtures/import/jira-cloud.csv', import.meta.url)),
    });
    await alice.page.getByTestId('import-mapping').waitFor();
    const mapped = async (header: string) =>
      alice.page.locator(`[data-testid="import-map"][data-header="${header}"]`).inputValue();
    expect(await mapped('Custom field (Story Points)')).toBe('estimate');
    expect(await mapped('Custom field (Team)')).toBe('team');
    expect(await mapped('Inward issue link (Blocks)')).toBe('depends_on');
    expect(await mapped('Issue key')).toBe('key');

    const unknown = (kind: string, name: string) =>
      alice.page.locator(
        `[data-testid="import-unknown"][data-kind="${kind}"][data-name="${name}"]`,
      );
    await unknown('lanes', 'PAY Sprint 23').waitFor();
    expect(
      await alice.page
        .locator('[data-testid="import-unknown"]')
        .evaluateAll((rows) =>
          rows.map(
            (r) =>
              `${r.getAttribute('data-name')}: ${r.querySelector('[data-testid="import-unknown-rows"]')!.textContent}`,
          ),
        ),
    ).toEqual([
      'PAY Sprint 23: 2 rows',
      'PAY Sprint 24: 1 row',
      'Mobile App: 1 row',
      'Risk: 1 row',
    ]);
    expect(await alice.page.getByTestId('import-ok-count').textContent()).toBe('4');
    expect(await alice.page.getByTestId('import-error').count()).toBe(0);

    // Sprint 23 is our Iteration 2; Sprint 24 is not planned yet; Mobile App is part of Payments,
    // Risk of Accounts.
    const choose = (kind: string, name: string, value: string) =>
      unknown(kind, name).getByTestId('import-unknown-choice').selectOption(value);
    await choose('lanes', 'PAY Sprint 23', 'map:iteration-2');
    await choose('lanes', 'PAY Sprint 24', 'empty');
    const teams = await alice.page.evaluate(() =>
      Object.fromEntries(
        [...document.querySelectorAll('[data-testid="import-team"] option')].map((o) => [
          o.textContent,
          (o as HTMLOptionElement).value,
        ]),
      ),
    );
    await choose('teams', 'Mobile App', `map:${teams.Payments}`);
    await choose('teams', 'Risk', `map:${teams.Accounts}`);
    await alice.screenshot('import-01-jira-preview');
    await alice.page.getByTestId('import-submit').click();
    await alice.page.getByTestId('import-done').waitFor();
    expect(await alice.page.getByTestId('import-done').textContent()).toBe('Imported 4 items.');
    await alice.page.getByRole('button', { name: 'Close' }).click();

    const expected: Record<string, [string, string]> = {
      'PAY-101': ['Payments', 'iteration-2'],
      'PAY-102': ['Payments', 'iteration-2'],
      'PAY-103': ['Payments', 'iteration-1'],
      'PAY-104': ['Accounts', 'iteration-1'],
    };
    for (const person of [alice, bob]) {
      const placed = await eventually(async () => {
        const items = (await person.items()) as unknown as {
          type: string;
          sourceKey?: string;
          teamId?: string;
          laneId?: string;
          x: number;
          y: number;
          w: number;
          h: number;
        }[];
        const cards = items.filter((i) => i.sourceKey);
        return cards.length === 4 ? { items, cards } : undefined;
      }, `${person.name} sees the four imported cards`);
      for (const card of placed.cards) {
        const [teamName, laneId] = expected[card.sourceKey!]!;
        expect(card.teamId).toBe(teams[teamName]);
        expect(card.laneId).toBe(laneId);
        const cell = placed.items.find(
          (i) => i.type === 'frame' && i.teamId === card.teamId && i.laneId === card.laneId,
        )!;
        expect(card.x).toBeGreaterThanOrEqual(cell.x);
        expect(card.y).toBeGreaterThanOrEqual(cell.y);
        expect(card.x + card.w).toBeLessThanOrEqual(cell.x + cell.w);
        expect(card.y + card.h).toBeLessThanOrEqual(cell.y + cell.h);
      }
      // No lane or team was created: every value was mapped. The backlog shows Jira's keys.
      expect(await person.page.getByTestId('backlog-row').count()).toBe(4);
      expect(await person.page.getByTestId('backlog-key').allTextContents()).toEqual([
        'PAY-101',
        'PAY-102',
        'PAY-103',
        'PAY-104',
      ]);
    }
    await bob.screenshot('import-02-jira-cards-in-cells-bob');
    await alice.screenshot('import-03-jira-cards-in-cells-alice');
  });
});
