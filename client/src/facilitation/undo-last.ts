import type { SnapshotSummary } from './api';

/** What a "Before …" automatic snapshot lets the facilitator undo, by the name the server gives. */
const UNDOABLE: [prefix: string, label: string][] = [
  ['Before restoring', 'Undo the last restore'],
  ['Before import', 'Undo the last import'],
  ['Before the reveal', 'Undo the reveal'],
];

/**
 * The automatic snapshot that undoes the newest restore, import or reveal, with the button's
 * label; null when there is none.
 */
export function undoLastChange(
  snapshots: readonly SnapshotSummary[],
): { snapshot: SnapshotSummary; label: string } | null {
  let best: { snapshot: SnapshotSummary; label: string } | null = null;
  for (const snapshot of snapshots) {
    if (snapshot.kind !== 'auto') continue;
    const match = UNDOABLE.find(([prefix]) => snapshot.name.startsWith(prefix));
    if (!match) continue;
    if (!best || snapshot.createdAt > best.snapshot.createdAt) best = { snapshot, label: match[1] };
  }
  return best;
}
