import type { BoardInfo } from '@weboard/shared';
import { download } from '../canvas/export';
import type { BoardEditor } from '../editor/editor';
import type { FacilitationApi } from './api';
import { fileSafe } from './file-name';
import type { RunTask } from './run-task';

/** Export the board as JSON or PDF; facilitators also import a board file. */
export function BoardFileSection({
  api,
  editor,
  isFacilitator,
  info,
  run,
  busy,
}: {
  api: FacilitationApi;
  editor: BoardEditor;
  isFacilitator: boolean;
  info: BoardInfo;
  run: RunTask;
  busy: boolean;
}) {
  const pdf = (perFrame: boolean) =>
    run(async () => {
      // jsPDF is loaded on first use: it is a large part of the bundle and costs every opening.
      const { exportPdf } = await import('./pdf');
      const blob = await exportPdf(editor, perFrame);
      if (!blob) return 'The board is empty';
      download(blob, `${fileSafe(info.title)}.pdf`);
      return undefined;
    });
  return (
    <section className="fac-section">
      <h3>Board file</h3>
      <div className="fac-row">
        <a
          className="button button-ghost button-small"
          data-testid="export-json"
          href={api.exportUrl('json')}
          download
        >
          Export JSON
        </a>
        <button
          type="button"
          className="button button-ghost button-small"
          data-testid="export-pdf"
          disabled={busy}
          onClick={() => void pdf(false)}
        >
          PDF
        </button>
        <button
          type="button"
          className="button button-ghost button-small"
          data-testid="export-pdf-frames"
          disabled={busy}
          onClick={() => void pdf(true)}
        >
          PDF per frame
        </button>
      </div>
      {isFacilitator && (
        <label className="fac-row small">
          Import a board file (replaces the board; undo by restoring the automatic snapshot)
          <input
            type="file"
            accept="application/json,.json"
            data-testid="import-json"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (!file) return;
              void run(async () => {
                let json: unknown;
                try {
                  json = JSON.parse(await file.text());
                } catch {
                  throw new Error('This file is not JSON');
                }
                await api.importBoardFile(json);
                return `Imported ${file.name}`;
              });
            }}
          />
        </label>
      )}
    </section>
  );
}
