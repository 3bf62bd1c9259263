import {
  readBoardContent,
  readCommentThreads,
  sessionSummary,
  sessionSummaryMarkdown,
  voterTeams,
} from '@weboard/shared';
import type { Agenda, BoardContent, Decision } from '@weboard/shared';
import * as Y from 'yjs';
import { download } from '../canvas/export';
import type { FacilitationApi, SnapshotSummary } from './api';
import { fileSafe } from './file-name';
import type { RunTask } from './run-task';

/**
 * The session's first snapshot: the one the agenda took at its start, else the oldest named
 * snapshot, else the oldest of all (snapshots are listed newest first).
 */
export function baselineSnapshot(
  snapshots: readonly SnapshotSummary[],
  agenda: Agenda | null,
): SnapshotSummary | null {
  const chosen = agenda?.baselineSnapshotId
    ? snapshots.find((s) => s.id === agenda.baselineSnapshotId)
    : undefined;
  return (
    chosen ??
    [...snapshots].reverse().find((s) => s.kind === 'named') ??
    snapshots[snapshots.length - 1] ??
    null
  );
}

async function contentOf(api: FacilitationApi, id: string): Promise<BoardContent> {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, await api.snapshotState(id));
    return readBoardContent(doc);
  } finally {
    doc.destroy();
  }
}

/** Exports the session summary as a small PDF of text or as Markdown (facilitators). */
export function SummarySection({
  api,
  doc,
  title,
  agenda,
  decisions,
  snapshots,
  run,
  busy,
}: {
  api: FacilitationApi;
  doc: Y.Doc;
  title: string;
  agenda: Agenda | null;
  decisions: readonly Decision[];
  snapshots: readonly SnapshotSummary[];
  run: RunTask;
  busy: boolean;
}) {
  const baseline = baselineSnapshot(snapshots, agenda);
  const exportAs = (format: 'pdf' | 'md') =>
    run(async () => {
      const board = readBoardContent(doc);
      const here = new Set(board.items.map((item) => item.id));
      const summary = sessionSummary({
        title,
        at: Date.now(),
        board,
        comments: readCommentThreads(doc, (id) => here.has(id)),
        voterTeams: voterTeams(doc),
        decisions,
        agenda,
        baseline: baseline
          ? {
              name: baseline.name,
              createdAt: baseline.createdAt,
              board: await contentOf(api, baseline.id),
            }
          : null,
      });
      const name = `${fileSafe(title)}-summary`;
      if (format === 'md') {
        download(
          new Blob([sessionSummaryMarkdown(summary)], { type: 'text/markdown' }),
          `${name}.md`,
        );
      } else {
        // jsPDF is loaded on first use: it is a large part of the bundle and costs every opening.
        const { summaryPdf } = await import('./summary-pdf');
        download(summaryPdf(summary), `${name}.pdf`);
      }
      return undefined;
    });
  return (
    <section className="fac-section" data-testid="summary">
      <h3>Session summary</h3>
      <span className="muted small">
        Ranked backlog, decisions, open questions, votes by team, dependency health
        {baseline ? ` and changes since “${baseline.name}”` : ''}
      </span>
      <div className="fac-row">
        <button
          type="button"
          className="button button-small"
          data-testid="summary-pdf"
          disabled={busy}
          onClick={() => void exportAs('pdf')}
        >
          Summary PDF
        </button>
        <button
          type="button"
          className="button button-ghost button-small"
          data-testid="summary-md"
          disabled={busy}
          onClick={() => void exportAs('md')}
        >
          Markdown
        </button>
      </div>
    </section>
  );
}
