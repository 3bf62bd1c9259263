import type { SessionSummary } from './session-summary';

/** A table cell: one line, pipes escaped. */
function cell(text: string | number): string {
  return String(text).replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim() || ' ';
}

function table(head: readonly string[], rows: readonly (readonly (string | number)[])[]): string[] {
  return [
    `| ${head.map(cell).join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ];
}

/** A time as UTC "2026-12-02 05:30", the same for every reader wherever they are. */
export function summaryTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

/** The session summary as Markdown, for a wiki page or an email. */
export function sessionSummaryMarkdown(summary: SessionSummary): string {
  const lines: string[] = [`# ${summary.title || 'Board'}: session summary`, ''];
  lines.push(`Made ${summaryTime(summary.at)}.`, '');

  if (summary.agenda.length > 0) {
    lines.push('## Agenda', '');
    summary.agenda.forEach((step, i) =>
      lines.push(`${i + 1}. ${step.title} (${step.minutes} min)`),
    );
    lines.push('');
  }

  lines.push('## Ranked backlog', '');
  if (summary.backlog.length === 0) lines.push('No cards.');
  else
    lines.push(
      ...table(
        ['#', 'Card', 'Team', 'Lane', 'Votes'],
        summary.backlog.map((row) => [
          row.position === null ? '–' : row.position,
          row.title,
          row.team,
          row.lane,
          row.votes,
        ]),
      ),
    );
  lines.push('');

  lines.push('## Decisions', '');
  if (summary.decisions.length === 0) lines.push('No decisions recorded.');
  for (const decision of summary.decisions) {
    const about = decision.cards.length > 0 ? ` About: ${decision.cards.join(', ')}.` : '';
    const step = decision.step ? `, during “${decision.step}”` : '';
    lines.push(
      `- **${cell(decision.text)}** (${decision.by || 'facilitator'}, ${summaryTime(decision.at)}${step}).${about}`,
    );
  }
  lines.push('');

  lines.push('## Open questions', '');
  if (summary.questions.length === 0) lines.push('No open questions.');
  for (const { item, threads } of summary.questions) {
    lines.push(`- **${cell(item)}**`);
    for (const thread of threads) {
      lines.push(`  - ${cell(thread.text)} (${cell(thread.by)})`);
      for (const reply of thread.replies)
        lines.push(`    - ${cell(reply.by)}: ${cell(reply.text)}`);
    }
  }
  lines.push('');

  lines.push('## Votes by team', '');
  if (summary.votes.length === 0) lines.push('No votes.');
  for (const team of summary.votes) {
    lines.push(`### ${team.team} (${team.total} votes)`, '');
    for (const card of team.cards) lines.push(`- ${card.title}: ${card.votes}`);
    lines.push('');
  }
  if (summary.votes.length === 0) lines.push('');

  const { counts, rows, cycles } = summary.dependencies;
  lines.push('## Dependency health', '');
  lines.push(`${counts.green} green, ${counts.amber} amber, ${counts.red} red.`, '');
  const problems = rows.filter((row) => row.health !== 'green');
  if (problems.length > 0)
    lines.push(
      ...table(
        ['Health', 'Card', 'Depends on', 'Why'],
        problems.map((row) => [row.health, row.dependent, row.dependency, row.problem]),
      ),
      '',
    );
  for (const cycle of cycles) lines.push(`- Cycle: ${[...cycle, cycle[0]].join(' → ')}`);
  if (cycles.length > 0) lines.push('');

  lines.push('## What changed', '');
  if (!summary.changes) lines.push('No snapshot of the session start to compare with.');
  else {
    lines.push(
      `Since “${summary.changes.since}” (${summary.changes.sinceAt.slice(0, 16).replace('T', ' ')} UTC):`,
      '',
    );
    if (summary.changes.rows.length === 0) lines.push('No changes.');
    else
      lines.push(
        ...table(
          ['Change', 'Card', 'Detail'],
          summary.changes.rows.map((row) => [row.kind, row.item, row.detail]),
        ),
      );
  }
  return lines.join('\n') + '\n';
}
