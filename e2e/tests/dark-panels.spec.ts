import { describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { BoardPage } from '../fixtures/board-page';
import { createBoardWithTeams, pickTeam } from '../fixtures/boards';
import { useServerAndBrowser } from '../fixtures/server';

/*
 * Dark mode reaches every panel, bar, pill and badge of the page: Fran (facilitator, dark system)
 * opens each planning tab, the facilitation panel, the private-round bar (before and during a
 * round) and a comment thread. In each, no box is light (a white or pale background in a dark
 * page) and every text reads on what is behind it (WCAG AA, 4.5:1). Screenshots: dark-*.png.
 */
describe('dark mode on the panels', () => {
  const world = useServerAndBrowser();

  /**
   * What in `root` breaks the dark theme: boxes with a light background (relative luminance
   * above 0.4; the dark theme's are below 0.1, its accent about 0.25) and text whose contrast
   * with the background behind it is below 4.5:1. Disabled controls (faded on purpose) are left
   * out of the text check; team badges keep the team's (pale) colour in both themes.
   */
  const darkProblems = (root: Locator) =>
    root.evaluate((top) => {
      const rgba = (css: string): [number, number, number, number] | null => {
        const m = /rgba?\(([\d.]+)[ ,]+([\d.]+)[ ,]+([\d.]+)(?:[ ,/]+([\d.]+))?\)/.exec(css);
        return m ? [+m[1]!, +m[2]!, +m[3]!, m[4] === undefined ? 1 : +m[4]] : null;
      };
      const lum = ([r, g, b]: readonly number[]) => {
        const f = (c: number) => {
          const s = c / 255;
          return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
        };
        return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
      };
      const name = (el: Element) =>
        `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}` +
        (el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : '');
      /** The opaque colour behind `el`: its own background or the nearest ancestor's. */
      const behind = (el: Element | null): number[] => {
        for (let at = el; at; at = at.parentElement) {
          const bg = rgba(getComputedStyle(at).backgroundColor);
          if (bg && bg[3] > 0.5) return bg;
        }
        return [17, 19, 24];
      };
      const problems: string[] = [];
      for (const el of [top, ...top.querySelectorAll('*')]) {
        const style = getComputedStyle(el);
        if (style.display === 'none' || style.visibility === 'hidden') continue;
        const bg = rgba(style.backgroundColor);
        // A team's badge has the team's colour in both themes, as notes do.
        const teamColour = el.classList.contains('team-badge');
        if (bg && bg[3] > 0.5 && lum(bg) > 0.4 && !teamColour)
          problems.push(`${name(el)}: light background ${style.backgroundColor}`);
        const text = [...el.childNodes].some(
          (n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '',
        );
        if (!text || el.closest(':disabled, [aria-disabled="true"]')) continue;
        const fg = rgba(style.color);
        if (!fg) continue;
        const [a, b] = [lum(fg), lum(behind(el))].sort((x, y) => y - x);
        const ratio = (a! + 0.05) / (b! + 0.05);
        if (ratio < 4.5)
          problems.push(
            `${name(el)}: contrast ${ratio.toFixed(2)} (${style.color} on ${behind(el).join(',')})`,
          );
      }
      return problems;
    });

  it('shows planning, facilitation, the private round and comments dark', async () => {
    const board = await createBoardWithTeams(world.server, 'Dark panels', 'now-next-later');
    const context = await world.browser.newContext({
      colorScheme: 'dark',
      viewport: { width: 1280, height: 800 },
    });
    try {
      const fran = await BoardPage.open(context, board.links.facilitator, 'Fran');
      const { page } = fran;
      await pickTeam(fran, 'Payments');
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
      // A note in a cell, so the backlog and the vote have a card.
      await page.getByTestId('toolbar-sticky').click();
      await page.keyboard.press('Escape');
      const note = await fran.waitForAny((item) => item.type === 'sticky', 'a new note');
      await page.keyboard.press('Escape'); // nothing selected: no card panel over the tabs
      await page.getByTestId('planning-toggle').click();
      const planning = page.getByTestId('planning-panel');
      await planning.waitFor();

      const check = async (shot: string) => {
        await fran.screenshot(`dark-planning-${shot}`);
        expect(await darkProblems(planning), shot).toEqual([]);
      };
      for (const tab of ['vote', 'backlog', 'dependencies', 'pi', 'capacity', 'teams']) {
        await page.getByTestId(`planning-tab-${tab}`).click();
        await page.locator(`[data-testid="planning-tab-${tab}"][aria-selected="true"]`).waitFor();
        if (tab === 'vote') {
          await page.getByTestId('start-vote').click();
          await page.getByTestId('start-vote').waitFor({ state: 'detached' });
        }
        if (tab === 'pi') {
          await page.getByTestId('objective-text').fill('Customers pay in one step');
          await page.getByTestId('objective-add').click();
          await page.getByTestId('objective-row').waitFor();
          await check('pi-objectives');
          await page.getByTestId('pi-section-risks').click();
          await page.getByTestId('risk-text-input').fill('The vendor may slip');
          await page.getByTestId('risk-add').click();
          await page.getByTestId('risk-card').waitFor();
          await check('pi-risks');
          await page.getByTestId('pi-section-confidence').click();
          await page.getByTestId('confidence-start').click();
          await page.getByTestId('confidence-vote-3').click();
          await page.getByTestId('confidence-reveal').click();
          await page.getByTestId('confidence-results').waitFor();
        }
        await check(tab);
      }
      await page.getByTestId('planning-toggle').click();
      await planning.waitFor({ state: 'detached' });

      // The facilitator's bar beside the title: "Start private round", then the running round.
      const round = page.getByTestId('private-round');
      await round.waitFor();
      expect(await darkProblems(round), 'round bar').toEqual([]);
      await page.getByTestId('facilitation-button').click();
      const facilitation = page.getByTestId('facilitation-panel');
      await facilitation.waitFor();
      await fran.screenshot('dark-facilitation');
      expect(await darkProblems(facilitation), 'facilitation').toEqual([]);
      await page.getByTestId('facilitation-button').click();
      await page.getByTestId('private-round-start').click();
      await page.getByTestId('private-round-status').waitFor();
      await fran.screenshot('dark-private-round');
      expect(await darkProblems(round), 'running round').toEqual([]);
      await page.getByTestId('private-round-reveal').click();
      await page.getByTestId('private-round-start').waitFor();

      // A comment thread on the note, and the comments panel.
      await fran.select(note.id);
      await page.getByTestId('comment-open').click();
      const ask = page.getByTestId('comment-new');
      await ask.fill('Who owns this?');
      await ask.press('Enter');
      const popover = page.getByTestId('comment-popover');
      await popover.getByTestId('comment').waitFor();
      await fran.screenshot('dark-comment-thread');
      expect(await darkProblems(popover), 'comment thread').toEqual([]);
      await popover.getByTestId('comment-popover-close').click();
      await page.getByTestId('comments-button').click();
      const comments = page.getByTestId('comments-panel');
      await comments.getByTestId('comments-panel-thread').waitFor();
      await fran.screenshot('dark-comments-panel');
      expect(await darkProblems(comments), 'comments panel').toEqual([]);
    } finally {
      await context.close();
    }
  });
});
