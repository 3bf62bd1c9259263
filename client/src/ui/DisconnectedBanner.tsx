import { CloseCode, exportBoardFile } from '@weboard/shared';
import type * as Y from 'yjs';
import { download } from '../canvas/export';
import type { FatalClose } from '../collab/connection';

/** A board file's name for a title, as the server's JSON export names it. */
function boardFileName(title: string): string {
  const base =
    title
      .replace(/[^\w\- ]+/g, '')
      .trim()
      .replace(/\s+/g, '-') || 'board';
  return `${base.slice(0, 80)}.weboard.json`;
}

/** Downloads the board as this browser holds it (every edit of ours included) as a board file. */
export function saveBoardFile(doc: Y.Doc, title: string): void {
  const file = JSON.stringify(exportBoardFile(doc), null, 2);
  download(new Blob([file], { type: 'application/json' }), boardFileName(title));
}

/**
 * Says plainly that the server closed this board for good and why, that nothing done here is
 * lost (it stays in this browser), and offers it as a board file a facilitator can import.
 */
export function DisconnectedBanner({
  fatal,
  doc,
  title,
}: {
  fatal: FatalClose;
  doc: Y.Doc;
  title: string;
}) {
  return (
    <div
      className="fatal-banner"
      data-testid="fatal-close"
      data-code={fatal.code}
      data-refused-change={fatal.refusedChange}
      role="alert"
    >
      {fatal.refusedChange ? (
        <p>
          <strong>Your latest changes were not saved to the board.</strong> The server refused them:{' '}
          {fatal.reason}. This browser stopped sending them and no longer syncs this board. Your
          work is kept in this browser, and anything you do now stays here too.
        </p>
      ) : (
        <p>
          <strong>Disconnected.</strong> {fatal.reason}
          {fatal.code === CloseCode.Unauthorized &&
            ' Ask a facilitator for the current link of this board.'}{' '}
          What you did here is kept in this browser.
        </p>
      )}
      <button
        type="button"
        className="button button-small button-primary"
        data-testid="save-board-file"
        onClick={() => saveBoardFile(doc, title)}
      >
        Save my work as a board file
      </button>
    </div>
  );
}
