import { describe, expect, it } from 'vitest';
import { makeConnector, makeSticky } from '../schema';
import type { StickyItem } from '../schema';
import type { Team } from '../schema/team';
import type { BoardContent } from './board-file';
import { sessionSummary } from './session-summary';
import { sessionSummaryMarkdown } from './session-summary-md';

const card = (id: string, text: string, fields: Partial<StickyItem> = {}) =>
  makeSticky({ id, x: 0, y: 0, z: 'a0', createdBy: 'ann', text, ...fields }, 1);
const teams: Team[] = [
  { id: 'team-pay', name: 'Payments', color: 'red' },
  { id: 'team-srch', name: 'Search', color: 'green' },
];
const dependsOn = (id: string, from: string, to: string) =>
  makeConnector(
    {
      id,
      z: 'a9',
      createdBy: 'ann',
      kind: 'depends-on',
      from: { itemId: from, x: 0, y: 0 },
      to: { itemId: to, x: 5, y: 5 },
    },
    1,
  );

const baseline: BoardContent = {
  items: [
    card('c1', 'Checkout', { rank: 'a0', teamId: 'team-pay', laneId: 'now' }),
    card('c2', 'Search filters', { rank: 'a1', teamId: 'team-srch', laneId: 'next' }),
    card('c3', 'Wallet', { rank: 'a2', teamId: 'team-pay', laneId: 'now' }),
  ],
  votes: {},
  teams,
};
const now: BoardContent = {
  items: [
    card('c1', 'Checkout', { rank: 'a0', teamId: 'team-pay', laneId: 'now' }),
    card('c2', 'Search filters', { rank: 'a1', teamId: 'team-srch', laneId: 'now' }),
    card('c3', 'Wallet', { rank: 'Zz', teamId: 'team-pay', laneId: 'now' }),
    card('c4', 'Loose idea'),
    // Checkout depends on Search filters, ranked below it: amber. Wallet depends on Loose idea,
    // not ranked: red.
    dependsOn('d1', 'c1', 'c2'),
    dependsOn('d2', 'c3', 'c4'),
  ],
  votes: { c1: { ann: 2, bo: 1 }, c2: { bo: 3 }, c3: { cy: 1 } },
  teams,
};

const summary = sessionSummary({
  title: 'PI 7',
  at: Date.UTC(2026, 11, 2, 9, 30),
  board: now,
  voterTeams: { ann: 'team-pay', bo: 'team-srch' },
  decisions: [
    {
      id: 'd-1',
      text: 'Wallet goes first',
      by: 'Fran',
      at: Date.UTC(2026, 11, 2, 9, 10),
      itemIds: ['c3', 'gone'],
      step: 'Decide',
    },
  ],
  agenda: null,
  baseline: { name: 'Session start', createdAt: '2026-12-02T08:00:00.000Z', board: baseline },
});

describe('sessionSummary', () => {
  it('lists the ranked backlog with positions, names and votes', () => {
    expect(summary.backlog).toEqual([
      { position: 1, title: 'Wallet', team: 'Payments', lane: 'Now', votes: 1 },
      { position: 2, title: 'Checkout', team: 'Payments', lane: 'Now', votes: 3 },
      { position: 3, title: 'Search filters', team: 'Search', lane: 'Now', votes: 3 },
      { position: null, title: 'Loose idea', team: '', lane: '', votes: 0 },
    ]);
  });

  it('names the cards of a decision by position and title', () => {
    expect(summary.decisions[0]).toMatchObject({
      text: 'Wallet goes first',
      cards: ['#1 Wallet', 'a removed card'],
      step: 'Decide',
    });
  });

  it('gives the vote results per team', () => {
    expect(summary.votes).toEqual([
      { team: 'No team', total: 1, cards: [{ title: '#1 Wallet', votes: 1 }] },
      { team: 'Payments', total: 2, cards: [{ title: '#2 Checkout', votes: 2 }] },
      {
        team: 'Search',
        total: 4,
        cards: [
          { title: '#3 Search filters', votes: 3 },
          { title: '#2 Checkout', votes: 1 },
        ],
      },
    ]);
  });

  it('rates every dependency', () => {
    expect(summary.dependencies.counts).toEqual({ green: 0, amber: 1, red: 1 });
    expect(summary.dependencies.rows.map((r) => [r.health, r.dependent, r.dependency])).toEqual([
      ['red', '#1 Wallet', 'Loose idea'],
      ['amber', '#2 Checkout', '#3 Search filters'],
    ]);
  });

  it('says what changed since the first snapshot in positions and names', () => {
    expect(summary.changes?.rows).toEqual([
      { kind: 'Added', item: 'Loose idea', detail: '' },
      { kind: 'Lane', item: 'Search filters', detail: 'Next → Now' },
      { kind: 'Rank', item: 'Wallet', detail: 'moved from #3 to #1' },
      { kind: 'Votes', item: 'Checkout', detail: '0 → 3' },
      { kind: 'Votes', item: 'Search filters', detail: '0 → 3' },
      { kind: 'Votes', item: 'Wallet', detail: '0 → 1' },
      { kind: 'Dependency added', item: 'Checkout → Search filters', detail: '' },
      { kind: 'Dependency added', item: 'Wallet → Loose idea', detail: '' },
    ]);
  });

  it('renders Markdown with every section and no ids or rank keys', () => {
    const markdown = sessionSummaryMarkdown(summary);
    for (const heading of [
      '# PI 7: session summary',
      '## Ranked backlog',
      '## Decisions',
      '## Votes by team',
      '## Dependency health',
      '## What changed',
    ])
      expect(markdown).toContain(heading);
    expect(markdown).toContain('| 1 | Wallet | Payments | Now | 1 |');
    expect(markdown).toContain(
      '- **Wallet goes first** (Fran, 2026-12-02 09:10 UTC, during “Decide”). About: #1 Wallet, a removed card.',
    );
    expect(markdown).toContain('| Rank | Wallet | moved from #3 to #1 |');
    for (const secret of [
      'c1',
      'c2',
      'c3',
      'c4',
      'team-pay',
      'team-srch',
      'Zz',
      'a0',
      'a1',
      'd1',
      'd-1',
    ])
      expect(markdown).not.toMatch(new RegExp(`\\b${secret}\\b`));
  });

  it('says so when there is no first snapshot', () => {
    const bare = sessionSummary({
      title: 'B',
      at: 0,
      board: { items: [], votes: {} },
      voterTeams: {},
      decisions: [],
      agenda: null,
      baseline: null,
    });
    expect(bare.changes).toBeNull();
    expect(sessionSummaryMarkdown(bare)).toContain(
      'No snapshot of the session start to compare with.',
    );
  });

  it('lists the open questions per item, with replies; resolved ones are not questions', () => {
    const thread = (id: string, itemId: string, resolved: boolean, texts: string[][]) => ({
      id,
      itemId,
      authorId: 'u',
      name: texts[0]![0]!,
      createdAt: 1,
      resolved,
      comments: texts.map(([name, text], i) => ({
        id: `${id}-${i}`,
        threadId: id,
        authorId: name!,
        name: name!,
        text: text!,
        mentions: [],
        createdAt: i,
      })),
    });
    const asked = sessionSummary({
      title: 'Q',
      at: 0,
      board: now,
      voterTeams: {},
      decisions: [],
      agenda: null,
      baseline: null,
      comments: [
        thread('t1', 'c3', false, [
          ['Ann', 'Who owns @Bo the API?'],
          ['Bo', 'Payments'],
        ]),
        thread('t2', 'c3', true, [['Ann', 'Done already']]),
        thread('t3', 'c4', false, [['Cy', 'Is this real?']]),
        thread('t4', 'gone', false, [['Cy', 'On a removed card']]),
      ],
    });
    expect(asked.questions).toEqual([
      {
        item: '#1 Wallet',
        threads: [
          { by: 'Ann', text: 'Who owns @Bo the API?', replies: [{ by: 'Bo', text: 'Payments' }] },
        ],
      },
      { item: 'Loose idea', threads: [{ by: 'Cy', text: 'Is this real?', replies: [] }] },
    ]);
    const markdown = sessionSummaryMarkdown(asked);
    expect(markdown).toContain(
      '## Open questions\n\n- **#1 Wallet**\n  - Who owns @Bo the API? (Ann)\n    - Bo: Payments\n',
    );
    expect(markdown).not.toContain('Done already');
    expect(sessionSummaryMarkdown(summary)).toContain('No open questions.');
  });
});
