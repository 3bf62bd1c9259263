import { summaryTime } from '@weboard/shared';
import type { SessionSummary } from '@weboard/shared';
import { jsPDF } from 'jspdf';

/*
 * The session summary as a small PDF of real text (searchable, extractable with pdftotext): no
 * images, the standard Helvetica font, compressed streams. A 100-card board makes a few pages of
 * a few kilobytes each.
 */

const PAGE = { w: 595, h: 842, margin: 48 };
const LINE = 14;

/** Text the standard PDF fonts can show (WinAnsi): arrows and curly quotes become plain ones. */
function plain(text: string): string {
  return text
    .replace(/→/g, '->')
    .replace(/[“”]/g, '"')
    .replace(/[‘’]/g, "'")
    .replace(/[^\u0020-\u007e\u00a0-\u00ff\u2013\u2014\u2026]/g, '?');
}

class Writer {
  readonly pdf = new jsPDF({ unit: 'pt', format: 'a4', compress: true });
  private y = PAGE.margin;

  private room(lines: number): void {
    if (this.y + lines * LINE <= PAGE.h - PAGE.margin) return;
    this.pdf.addPage();
    this.y = PAGE.margin;
  }

  heading(text: string, size = 14): void {
    this.room(3);
    this.y += size >= 16 ? 0 : 8;
    this.pdf.setFont('helvetica', 'bold').setFontSize(size);
    this.pdf.text(plain(text), PAGE.margin, this.y);
    this.y += size + 6;
    this.pdf.setFont('helvetica', 'normal').setFontSize(10);
  }

  /** A paragraph, wrapped to the page width; `indent` shifts it right. */
  line(text: string, indent = 0): void {
    const lines = this.pdf.splitTextToSize(
      plain(text),
      PAGE.w - 2 * PAGE.margin - indent,
    ) as string[];
    for (const part of lines) {
      this.room(1);
      this.pdf.text(part, PAGE.margin + indent, this.y);
      this.y += LINE;
    }
  }

  /** A row of cells at fixed x offsets (each cell cut to its column). */
  row(cells: readonly string[], columns: readonly number[], bold = false): void {
    this.room(1);
    this.pdf.setFont('helvetica', bold ? 'bold' : 'normal');
    cells.forEach((cell, i) => {
      const width = (columns[i + 1] ?? PAGE.w - 2 * PAGE.margin) - columns[i]! - 6;
      const [first = ''] = this.pdf.splitTextToSize(plain(cell), width) as string[];
      this.pdf.text(first, PAGE.margin + columns[i]!, this.y);
    });
    this.pdf.setFont('helvetica', 'normal');
    this.y += LINE;
  }
}

/** The summary as a PDF blob. */
export function summaryPdf(summary: SessionSummary): Blob {
  const w = new Writer();
  w.pdf.setProperties({ title: `${summary.title}: session summary` });
  w.heading(`${summary.title || 'Board'}: session summary`, 18);
  w.line(`Made ${summaryTime(summary.at)}.`);

  if (summary.agenda.length > 0) {
    w.heading('Agenda');
    summary.agenda.forEach((step, i) => w.line(`${i + 1}. ${step.title} (${step.minutes} min)`));
  }

  w.heading('Ranked backlog');
  if (summary.backlog.length === 0) w.line('No cards.');
  else {
    const columns = [0, 30, 290, 380, 460];
    w.row(['#', 'Card', 'Team', 'Lane', 'Votes'], columns, true);
    for (const row of summary.backlog)
      w.row(
        [
          row.position === null ? '–' : String(row.position),
          row.title,
          row.team,
          row.lane,
          String(row.votes),
        ],
        columns,
      );
  }

  w.heading('Decisions');
  if (summary.decisions.length === 0) w.line('No decisions recorded.');
  for (const decision of summary.decisions) {
    w.line(`• ${decision.text}`);
    const step = decision.step ? `, during "${decision.step}"` : '';
    w.line(`${decision.by || 'Facilitator'}, ${summaryTime(decision.at)}${step}`, 12);
    if (decision.cards.length > 0) w.line(`About: ${decision.cards.join(', ')}`, 12);
  }

  w.heading('Open questions');
  if (summary.questions.length === 0) w.line('No open questions.');
  for (const { item, threads } of summary.questions) {
    w.line(item);
    for (const thread of threads) {
      w.line(`? ${thread.text} (${thread.by})`, 12);
      for (const reply of thread.replies) w.line(`${reply.by}: ${reply.text}`, 24);
    }
  }

  w.heading('Votes by team');
  if (summary.votes.length === 0) w.line('No votes.');
  for (const team of summary.votes) {
    w.line(`${team.team} (${team.total} votes)`);
    for (const card of team.cards) w.line(`${card.title}: ${card.votes}`, 12);
  }

  const { counts, rows, cycles } = summary.dependencies;
  w.heading('Dependency health');
  w.line(`${counts.green} green, ${counts.amber} amber, ${counts.red} red.`);
  for (const row of rows.filter((r) => r.health !== 'green'))
    w.line(
      `${row.health.toUpperCase()}: ${row.dependent} depends on ${row.dependency} (${row.problem})`,
    );
  for (const cycle of cycles) w.line(`Cycle: ${[...cycle, cycle[0]].join(' -> ')}`);

  w.heading('What changed');
  if (!summary.changes) w.line('No snapshot of the session start to compare with.');
  else {
    w.line(
      `Since "${summary.changes.since}" (${summary.changes.sinceAt.slice(0, 16).replace('T', ' ')} UTC):`,
    );
    if (summary.changes.rows.length === 0) w.line('No changes.');
    for (const row of summary.changes.rows)
      w.line(`${row.kind}: ${row.item}${row.detail ? ` — ${row.detail}` : ''}`);
  }
  return w.pdf.output('blob');
}
