import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { indicesBetween } from '@weboard/shared';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { eventually } from '../fixtures/board-page';
import type { BoardPage } from '../fixtures/board-page';
import { boardWithItems, usePeople, waitForTeamPicker } from '../fixtures/boards';
import { ARTIFACTS } from '../fixtures/browser';
import { useServerAndBrowser } from '../fixtures/server';

/*
 * A facilitator runs a cross-team session on a 100-card board in one browser while a participant
 * follows in another: the agenda from the template with its timers (the participant sees the
 * current step and its countdown), a vote and snapshots started by the steps, a decision linked to
 * a card, the changes list in positions and names, and the session summary as a small PDF whose
 * text pdftotext reads, and as Markdown.
 */
const CARDS = 100;
const title = (n: number) =>
  `Card ${String(n).padStart(3, '0')} ${['checkout', 'search', 'wallet', 'alerts'][n % 4]}`;

async function downloaded(page: Page, button: string, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId(button).click(),
  ]);
  const path = join(ARTIFACTS, name);
  await download.saveAs(path);
  return path;
}

describe('agenda, decisions and session summary', () => {
  const world = useServerAndBrowser();
  const people = usePeople(world);
  const ranks = indicesBetween(null, null, CARDS);
  const id = (n: number) => `card-${n}`;

  /**
   * A 100-card board of its own (by REST, two teams), open as Fran, its facilitator, who is in no
   * team, and Pat, a participant on the first team.
   */
  async function openSession() {
    const board = await boardWithItems(
      world.server,
      'PI 7 prioritization',
      Array.from({ length: CARDS }, (_, i) => ({
        id: id(i + 1),
        type: 'sticky',
        x: (i % 10) * 220,
        y: Math.floor(i / 10) * 220,
        w: 200,
        h: 200,
        rotation: 0,
        z: ranks[i],
        createdBy: 'seed',
        createdAt: 1,
        text: title(i + 1),
        color: 'yellow',
        teamId: i % 2 === 0 ? 'team-pay' : 'team-srch',
        laneId: 'now',
        rank: ranks[i],
      })),
      {
        schemaVersion: 2,
        teams: {
          'team-pay': { name: 'Payments', color: 'red' },
          'team-srch': { name: 'Search', color: 'green' },
        },
      },
    );
    const fran = await people.open(board.links.facilitator, 'Fran');
    const pat = await people.open(board.links.editor, 'Pat');
    for (const person of [fran, pat]) {
      person.page.on('dialog', (dialog) => void dialog.accept());
      await eventually(async () => (await person.items()).length === CARDS, `${person.name}: seed`);
      // The board has teams, so each person is asked which team they are in.
      await waitForTeamPicker(person);
      await (
        person === fran
          ? person.page.getByTestId('team-choice-none')
          : person.page.getByTestId('team-choice').first()
      ).click();
      await person.page.getByTestId('team-picker').waitFor({ state: 'hidden' });
    }
    return { fran, pat };
  }

  /** The snapshot the agenda's first step takes when it starts, in Fran's session panel. */
  const firstSnapshot = (fran: BoardPage) =>
    fran.page.locator(
      '[data-testid="snapshot-row"][data-snapshot-name="Start of “Teams import and draft”"]',
    );

  /**
   * Fran sets up the agenda from the template, its first time box 2 minutes, and starts its
   * first step; Pat sees it.
   */
  async function startAgenda(fran: BoardPage, pat: BoardPage) {
    await fran.page.getByTestId('facilitation-button').click();
    await fran.page.getByTestId('agenda-template').click();
    await fran.page.getByTestId('agenda-step').nth(4).waitFor();
    // The facilitator edits the template: the first time box becomes 2 minutes.
    await fran.page.getByTestId('agenda-step-minutes').first().fill('2');
    await nextStep(fran, pat, 'Teams import and draft');
  }

  /** Fran starts the next step of the agenda; Pat sees it. */
  async function nextStep(fran: BoardPage, pat: BoardPage, step: string) {
    await fran.page.getByTestId('agenda-next').click();
    await eventually(
      async () => (await pat.page.getByTestId('agenda-current-title').textContent()) === step,
      `Pat sees “${step}”`,
    );
  }

  /** Fran runs the agenda on from its first step to “Decide” (the vote step starts a vote). */
  async function runToDecide(fran: BoardPage, pat: BoardPage) {
    for (const step of ['Link dependencies', 'Resolve conflicts', 'Vote', 'Decide'])
      await nextStep(fran, pat, step);
  }

  /** During the draft Pat moves card #3 to the top and card 5 to the Next lane; Fran sees both. */
  async function draftChanges(fran: BoardPage, pat: BoardPage) {
    await pat.page.getByTestId('planning-toggle').click();
    const row = (n: number) =>
      pat.page.locator(`[data-testid="backlog-row"][data-item-id="${id(n)}"]`);
    await row(3).getByTestId('move-up').click();
    await row(3).getByTestId('move-up').click();
    await pat.select(id(5));
    await pat.page.getByTestId('item-lane').selectOption('next');
    await eventually(async () => {
      const items = await fran.items();
      const card3 = items.find((item) => item.id === id(3)) as { rank?: string } | undefined;
      const card5 = items.find((item) => item.id === id(5)) as { laneId?: string } | undefined;
      return !!card3?.rank && card3.rank < ranks[0]! && card5?.laneId === 'next';
    }, 'Fran sees Pat’s changes');
    await pat.page.keyboard.press('Escape');
  }

  /** Fran records “Card 3 goes first this PI” about card 3, in her open session panel. */
  async function recordDecision(fran: BoardPage) {
    await fran.page.keyboard.press('Escape');
    // Card 3 is found by its title (Ctrl+F selects the hit and brings it into view), wherever
    // the panels and the timer happen to lie over the board.
    await fran.page.keyboard.press('Control+f');
    const find = fran.page.getByTestId('find-input');
    await find.fill(title(3));
    await find.press('Enter');
    await eventually(
      async () =>
        (await fran.page.evaluate(() => window.weboard!.selection())).length === 1 || null,
      'card 3 found and selected',
    );
    await find.press('Escape');
    await eventually(
      async () =>
        (await fran.page.getByTestId('decision-cards').textContent())?.includes(
          '1 selected card',
        ) === true,
      'one card selected',
    );
    await fran.page.getByTestId('decision-text').fill('Card 3 goes first this PI');
    await fran.page.getByTestId('decision-record').click();
    await fran.page.getByTestId('decision-row').waitFor();
  }

  it('opens a 100-card board as facilitator and participant', async () => {
    await openSession();
  });

  it('runs the agenda: the participant sees each step and its countdown', async () => {
    const { fran, pat } = await openSession();
    await startAgenda(fran, pat);
    const countdown = await pat.page.getByTestId('timer-text').textContent();
    expect(countdown).toMatch(/^(2:00|1:[0-5]\d)$/);
    expect(await pat.page.getByTestId('agenda-current').textContent()).toContain('Step 1 of 5');
    // Starting the first step took the session's first snapshot.
    await firstSnapshot(fran).waitFor();

    await draftChanges(fran, pat);

    for (const [step, number] of [
      ['Link dependencies', 2],
      ['Resolve conflicts', 3],
      ['Vote', 4],
    ] as const) {
      await nextStep(fran, pat, step);
      expect(await pat.page.getByTestId('agenda-current').textContent()).toContain(
        `Step ${number} of 5`,
      );
    }
    // The vote step started a vote: Pat's planning button says so, and the countdown is 10 min.
    await eventually(
      async () =>
        (await pat.page.getByTestId('planning-toggle').textContent())?.includes('vote') === true,
      'the vote runs for Pat',
    );
    expect(await pat.page.getByTestId('timer-text').textContent()).toMatch(/^(10:00|9:[0-5]\d)$/);
    await pat.screenshot('agenda-01-participant');

    await nextStep(fran, pat, 'Decide');
  });

  it('records a decision about a card, which the participant sees', async () => {
    const { fran, pat } = await openSession();
    await startAgenda(fran, pat);
    await runToDecide(fran, pat);
    await recordDecision(fran);

    await pat.page.getByTestId('facilitation-button').click();
    const decision = pat.page.getByTestId('decision-row');
    await decision.waitFor();
    expect(await decision.textContent()).toContain('Card 3 goes first this PI');
    expect(await decision.getByTestId('decision-card').textContent()).toBe(title(3));
    expect(await decision.textContent()).toContain('Decide');
    // Participants read the log; only facilitators record.
    expect(await pat.page.getByTestId('decision-text').count()).toBe(0);
  });

  it('lists the changes since the first snapshot in positions and names', async () => {
    const { fran, pat } = await openSession();
    await startAgenda(fran, pat);
    await firstSnapshot(fran).waitFor();
    await draftChanges(fran, pat);

    await firstSnapshot(fran).getByTestId('snapshot-diff').click();
    const rows = fran.page.getByTestId('diff-row');
    await eventually(async () => (await rows.count()) >= 2, 'changes listed');
    const texts = await rows.allTextContents();
    expect(texts).toContain(`Rank${title(3)}moved from #3 to #1`);
    expect(texts).toContain(`Lane${title(5)}Now → Next`);
    for (const text of texts) {
      expect(text).not.toMatch(/\b[a-zA-Z]\d\w*\b/); // no rank keys
      expect(text).not.toMatch(/card-\d|team-/); // no ids
    }
    await fran.screenshot('agenda-02-changes');
  });

  it('exports the session summary as a small PDF of text and as Markdown', async () => {
    // A session with what the summary reports: Pat's draft changes after the first step's
    // snapshot, the vote step, and a decision.
    const { fran, pat } = await openSession();
    await startAgenda(fran, pat);
    await firstSnapshot(fran).waitFor();
    await draftChanges(fran, pat);
    await runToDecide(fran, pat);
    await recordDecision(fran);

    const pdf = await downloaded(fran.page, 'summary-pdf', 'agenda-summary.pdf');
    const bytes = statSync(pdf).size;
    console.log(`[agenda] summary PDF of ${CARDS} cards: ${bytes} bytes`);
    expect(bytes).toBeLessThan(200 * 1024);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    for (let n = 1; n <= CARDS; n++) expect(text).toContain(title(n));
    for (const heading of [
      'Ranked backlog',
      'Decisions',
      'Votes by team',
      'Dependency health',
      'What changed',
    ])
      expect(text).toContain(heading);
    expect(text).toContain('Card 3 goes first this PI');
    expect(text).toContain('moved from #3 to #1');
    expect(text).not.toMatch(/card-\d|team-pay|team-srch/);

    const markdown = await downloaded(fran.page, 'summary-md', 'agenda-summary.md');
    const md = execFileSync('cat', [markdown], { encoding: 'utf8' });
    expect(md).toContain(`| 1 | ${title(3)} | Payments | Now | 0 |`);
    expect(md).toContain(`| Lane | ${title(5)} | Now → Next |`);
  });

  it('exports the board PDF small: JPEG pages, not raw pixels', async () => {
    const { fran } = await openSession();
    await fran.page.getByTestId('facilitation-button').click();
    const pdf = await downloaded(fran.page, 'export-pdf', 'agenda-board.pdf');
    const bytes = statSync(pdf).size;
    console.log(`[agenda] board PDF of ${CARDS} cards: ${bytes} bytes`);
    expect(bytes).toBeLessThan(2 * 1024 * 1024);
  });

  it('leaves most of a 1000×700 window to the canvas with the session panel open', async () => {
    // A session under way: the timer and the current step sit in the top row.
    const { fran, pat } = await openSession();
    await startAgenda(fran, pat);
    await fran.page.setViewportSize({ width: 1000, height: 700 });
    const box = await fran.page.getByTestId('facilitation-panel').boundingBox();
    expect(box).not.toBeNull();
    expect((box!.width * box!.height) / (1000 * 700)).toBeLessThan(0.4);
    await fran.screenshot('agenda-03-small-window');
  });
});
