import type { BoardItem } from '../schema';
import { isDependencyConnector } from '../schema';
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
  /** Human-readable before → after, or the changed fields. */
  detail: string;
}

/** Fields whose change is reported under its own kind rather than as "edited". */
const OWN_KIND_FIELDS = new Set(['x', 'y', 'laneId', 'teamId', 'rank']);

function labelOf(item: BoardItem | undefined): string {
  if (!item) return '(missing item)';
  const record = item as unknown as Record<string, unknown>;
  for (const key of ['text', 'label', 'title', 'name']) {
    const value = record[key];
    if (typeof value === 'string' && value.trim()) return value.trim().slice(0, 80);
  }
  return item.type;
}

function show(value: unknown): string {
  return value === undefined || value === null || value === '' ? '(none)' : String(value);
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
        detail: `${show(a.laneId)} → ${show(b.laneId)}`,
      });
    }
    if (a.teamId !== b.teamId) {
      changes.push({
        kind: 'team',
        itemId: id,
        label,
        detail: `${show(a.teamId)} → ${show(b.teamId)}`,
      });
    }
    if (a.rank !== b.rank) {
      changes.push({
        kind: 'rank',
        itemId: id,
        label,
        detail: `${show(a.rank)} → ${show(b.rank)}`,
      });
    }
    const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])]
      .filter((key) => !OWN_KIND_FIELDS.has(key) && !sameValue(a[key], b[key]))
      // A connector's box follows its ends; report the ends, not the box.
      .filter((key) => !(isDependencyConnector(item) && ['w', 'h'].includes(key)))
      .sort();
    if (fields.length > 0)
      changes.push({ kind: 'edited', itemId: id, label, detail: fields.join(', ') });
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
