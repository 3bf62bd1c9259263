import type { Role } from '@weboard/shared';

/** A board this browser has opened or created, remembered locally (never on the server). */
export interface RecentBoard {
  id: string;
  title: string;
  role: Role;
  token: string;
  /** Every role link we were given, when we created the board. */
  links?: Partial<Record<Role, string>>;
  openedAt: number;
}

const KEY = 'weboard.recentBoards';
const MAX = 50;

export function loadRecentBoards(): RecentBoard[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    if (!Array.isArray(parsed)) return [];
    return (parsed as RecentBoard[])
      .filter((b) => b && typeof b.id === 'string' && typeof b.token === 'string')
      .sort((a, b) => b.openedAt - a.openedAt);
  } catch {
    return [];
  }
}

/** Records a board as just opened, keeping links learnt earlier; newest first. */
export function rememberBoard(board: Omit<RecentBoard, 'openedAt'> & { openedAt?: number }): void {
  const boards = loadRecentBoards();
  const previous = boards.find((b) => b.id === board.id);
  const merged: RecentBoard = {
    ...previous,
    ...board,
    links: { ...previous?.links, ...board.links },
    openedAt: board.openedAt ?? Date.now(),
  };
  const next = [merged, ...boards.filter((b) => b.id !== board.id)].slice(0, MAX);
  try {
    localStorage.setItem(KEY, JSON.stringify(next));
  } catch {
    // Storage full or disabled: the list is a convenience only.
  }
}

export function findRecentBoard(id: string): RecentBoard | undefined {
  return loadRecentBoards().find((b) => b.id === id);
}

/** The boards this browser had opened before this page started: read as the page loads. */
const knownAtStart: ReadonlySet<string> = new Set(loadRecentBoards().map((board) => board.id));

/**
 * Whether this browser had opened the board before this page started, so likely keeps a copy of
 * it (early.ts and the session both ask). False for a board first reached without a page load
 * since (created on the landing page: nothing kept yet).
 */
export function openedBeforeThisPage(id: string): boolean {
  return knownAtStart.has(id);
}

export function forgetBoard(id: string): void {
  const next = loadRecentBoards().filter((b) => b.id !== id);
  try {
    localStorage.setItem(KEY, JSON.stringify(next));
  } catch {
    // ignore
  }
}

const tokenKey = (boardId: string) => `weboard.token.${boardId}`;

/**
 * The token for a board: from the link if it carries one (then kept for this tab, so a reload
 * works even if the URL lost it), else from this tab, else from the recent-boards list.
 */
export function resolveToken(boardId: string, search: string): string | null {
  const fromUrl = new URLSearchParams(search).get('token');
  if (fromUrl) {
    try {
      sessionStorage.setItem(tokenKey(boardId), fromUrl);
    } catch {
      // ignore
    }
    return fromUrl;
  }
  try {
    const fromSession = sessionStorage.getItem(tokenKey(boardId));
    if (fromSession) return fromSession;
  } catch {
    // ignore
  }
  return findRecentBoard(boardId)?.token ?? null;
}

/** The in-app path (with query) of an absolute board link from the server. */
export function boardPath(link: string): string {
  const url = new URL(link, window.location.href);
  return url.pathname + url.search;
}
