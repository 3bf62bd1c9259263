import { DRAFT_TEAM_PARAM } from '@weboard/shared';

/*
 * The team whose private-round draft this browser syncs, pinned per board in localStorage (see
 * private-round.ts). Its own module: the page reads it before the board's code has loaded, to
 * open the board's websocket early (early-socket.ts).
 */

export interface PinnedDraft {
  roundId: string;
  teamId: string;
}

const keyFor = (boardId: string) => `weboard:draft:${boardId}`;

export function loadPinned(boardId: string): PinnedDraft | null {
  try {
    const parsed = JSON.parse(localStorage.getItem(keyFor(boardId)) ?? 'null') as unknown;
    if (
      parsed &&
      typeof (parsed as PinnedDraft).roundId === 'string' &&
      typeof (parsed as PinnedDraft).teamId === 'string'
    )
      return parsed as PinnedDraft;
  } catch {
    // Unreadable: as if none.
  }
  return null;
}

export function savePinned(boardId: string, pinned: PinnedDraft | null): void {
  try {
    if (pinned) localStorage.setItem(keyFor(boardId), JSON.stringify(pinned));
    else localStorage.removeItem(keyFor(boardId));
  } catch {
    // Storage full or blocked: the round still works until a reload.
  }
}

/** The websocket parameters a board opens with: its team's draft when this browser drafts. */
export function draftParamsFor(boardId: string): Record<string, string> {
  const pinned = loadPinned(boardId);
  return pinned ? { [DRAFT_TEAM_PARAM]: pinned.teamId } : {};
}
