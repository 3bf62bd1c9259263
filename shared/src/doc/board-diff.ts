import { isBacklogItem } from '../planning/backlog';
import { rankedOrder } from '../planning/rank-ops';
import type { BoardItem } from '../schema';
import { isDependencyConnector } from '../schema';
import { DEFAULT_LANES } from '../schema/team';
import type { BoardContent } from './board-file';
import { sameValue } from './reconcile';

/** Kinds of difference between two states of a board, in the order a list shows them. */
export const BOARD_CHANGE_KINDS = [
  'added',
  'removed',
  'edited',
  'moved',
  'lane',
  'team',
  'rank',
  'votes',
  'dependency-added',
  'dependency-removed',
] as const;
export type BoardChangeKind = (typeof BOARD_CHANGE_KINDS)[number];

/** One difference, about one item (or one dependency connector). */
export interface BoardChange {
  kind: BoardChangeKind;
  itemId: string;
  /** What a person calls the item: its text, label or type. */
  label: string;
  /**
   * Human-readable before → after, or the changed fields: positions (#3) and team and lane names,
   * never rank keys or ids.
   */
  detail: string;
}

/**
 * Fields whose change is reported under its own kind rather than as "edited". `z` (the stacking
 * order) changes with every drag, which brings the item to the front: the move says it already.
 */
const OWN_KIND_FIELDS = new Set(['x', 'y', 'laneId', 'teamId', 'rank', 'z']);

/** Field names as a person reads them in "Edited: …". */
const FIELD_NAMES: Readonly<Record<string, string>> = {
  w: 'size',
  h: 'size',
  rotation: 'rotation',
  wsjf: 'WSJF',
  rice: 'RICE',
  from: 'start',
  to: 'end',
  locked: 'lock',
};

/** Names of the ranked backlog positions: item id -> 1-based position among ranked items. */
function positions(content: BoardContent): Map<string, number> {
  const ranked = rankedOrder(content.items.filter((item) => isBacklogItem(item) && item.rank));
  return new Map(ranked.map((item, index) => [item.id, index + 1]));
}

/** "#3", or "unranked" when the item has no position. */
function positionText(position: number | undefined): string {
  return position === undefined ? 'unranked' : `#${position}`;
}

/** The name of a team or lane by id, from either state; "(none)" for no id. */
function namer(
  kind: 'team' | 'lane',
  ...lists: (readonly { id: string; name: string }[] | undefined)[]
): (id: unknown) => string {
  const names = new Map<string, string>();
  for (const list of lists) for (const entry of list ?? []) names.set(entry.id, entry.name);
  return (id) => {
    if (id === undefined || id === null || id === '') return '(none)';
    return names.get(String(id)) ?? `a removed ${kind}`;
  };
}

function labelOf(item: BoardItem | undefined): string {
  if (!item) return '(missing item)';
  const record = item as unknown as Record<string, unknown>;
  for (const key of ['text', 'label', 'title', 'name']) {
    const value = record[key];
    if (typeof value === 'string' && value.trim()) return value.trim().slice(0, 80);
  }
  return item.type;
}

function voteTotal(byVoter: Readonly<Record<string, number>> | undefined): number {
  let total = 0;
  for (const n of Object.values(byVoter ?? {})) {
    if (typeof n === 'number' && Number.isInteger(n) && n > 0) total += n;
  }
  return total;
}

function dependencyLabel(item: BoardItem, items: Map<string, BoardItem>): string {
  if (!isDependencyConnector(item)) return labelOf(item);
  const from = item.from.itemId ? labelOf(items.get(item.from.itemId)) : '(point)';
  const to = item.to.itemId ? labelOf(items.get(item.to.itemId)) : '(point)';
  return `${from} → ${to}`;
}

/**
 * Everything that differs from `before` to `after`: items added, removed, edited, moved on the
 * canvas, moved to another lane or team, re-ranked, votes changed, dependencies added or removed.
 * Pure; the result is sorted by kind, then label, then id, so it is stable for tests and lists.
 */
export function diffBoards(before: BoardContent, after: BoardContent): BoardChange[] {
  const old = new Map(before.items.map((item) => [item.id, item]));
  const now = new Map(after.items.map((item) => [item.id, item]));
  const either = (id: string) => now.get(id) ?? old.get(id);
  const oldPositions = positions(before);
  const newPositions = positions(after);
  const teamName = namer('team', after.teams, before.teams);
  // A board that never stored lanes has the default ones (see readLanes).
  const laneName = namer('lane', after.lanes ?? DEFAULT_LANES, before.lanes ?? DEFAULT_LANES);
  const changes: BoardChange[] = [];

  for (const [id, item] of now) {
    if (old.has(id)) continue;
    if (isDependencyConnector(item)) {
      changes.push({
        kind: 'dependency-added',
        itemId: id,
        label: dependencyLabel(item, now),
        detail: '',
      });
    } else changes.push({ kind: 'added', itemId: id, label: labelOf(item), detail: item.type });
  }
  for (const [id, item] of old) {
    if (now.has(id)) continue;
    if (isDependencyConnector(item)) {
      changes.push({
        kind: 'dependency-removed',
        itemId: id,
        label: dependencyLabel(item, old),
        detail: '',
      });
    } else changes.push({ kind: 'removed', itemId: id, label: labelOf(item), detail: item.type });
  }
  for (const [id, item] of now) {
    const prior = old.get(id);
    if (!prior) continue;
    const a = prior as unknown as Record<string, unknown>;
    const b = item as unknown as Record<string, unknown>;
    const label = labelOf(item);
    if (!isDependencyConnector(item) && (a.x !== b.x || a.y !== b.y)) {
      changes.push({
        kind: 'moved',
        itemId: id,
        label,
        detail: `(${Math.round(Number(a.x))}, ${Math.round(Number(a.y))}) → (${Math.round(Number(b.x))}, ${Math.round(Number(b.y))})`,
      });
    }
    if (a.laneId !== b.laneId) {
      changes.push({
        kind: 'lane',
        itemId: id,
        label,
        detail: `${laneName(a.laneId)} → ${laneName(b.laneId)}`,
      });
    }
    if (a.teamId !== b.teamId) {
      changes.push({
        kind: 'team',
        itemId: id,
        label,
        detail: `${teamName(a.teamId)} → ${teamName(b.teamId)}`,
      });
    }
    const was = oldPositions.get(id);
    const is = newPositions.get(id);
    // A new key at the same position (others moved around it) is no change a person sees.
    if (a.rank !== b.rank && was !== is) {
      changes.push({
        kind: 'rank',
        itemId: id,
        label,
        detail:
          was === undefined
            ? `ranked at ${positionText(is)}`
            : is === undefined
              ? `unranked (was ${positionText(was)})`
              : `moved from ${positionText(was)} to ${positionText(is)}`,
      });
    }
    const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])]
      .filter((key) => !OWN_KIND_FIELDS.has(key) && !sameValue(a[key], b[key]))
      // A connector's box follows its ends; report the ends, not the box.
      .filter((key) => !(isDependencyConnector(item) && ['w', 'h'].includes(key)))
      .map((key) => FIELD_NAMES[key] ?? key);
    if (fields.length > 0)
      changes.push({
        kind: 'edited',
        itemId: id,
        label,
        detail: [...new Set(fields)].sort().join(', '),
      });
  }
  const voted = new Set([...Object.keys(before.votes), ...Object.keys(after.votes)]);
  for (const id of voted) {
    const was = voteTotal(before.votes[id]);
    const is = voteTotal(after.votes[id]);
    const item = either(id);
    if (was === is || !item) continue;
    changes.push({ kind: 'votes', itemId: id, label: labelOf(item), detail: `${was} → ${is}` });
  }

  const order = (kind: BoardChangeKind) => BOARD_CHANGE_KINDS.indexOf(kind);
  return changes.sort(
    (p, q) =>
      order(p.kind) - order(q.kind) ||
      (p.label < q.label ? -1 : p.label > q.label ? 1 : 0) ||
      (p.itemId < q.itemId ? -1 : p.itemId > q.itemId ? 1 : 0),
  );
}

/** A cell that a spreadsheet will not run as a formula, quoted when needed. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The diff as CSV (header `change,item,id,detail`), one change per row. */
export function boardDiffToCsv(changes: readonly BoardChange[]): string {
  const rows = [['change', 'item', 'id', 'detail']];
  for (const change of changes)
    rows.push([change.kind, change.label, change.itemId, change.detail]);
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
