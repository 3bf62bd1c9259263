import { describe, expect, it } from 'vitest';
import type { SnapshotSummary } from './api';
import { undoLastChange } from './undo-last';

const snap = (name: string, kind: 'auto' | 'named', at: string): SnapshotSummary => ({
  id: name,
  name,
  kind,
  author: '',
  createdAt: at,
  hasThumbnail: false,
});

describe('undo the last restore, import or reveal', () => {
  it.each([
    ['nothing to undo', [snap('Sprint 1', 'named', '2026-12-02T10:00:00Z')], null],
    [
      'the newest of a restore and an import',
      [
        snap('Before restoring “Sprint 1”', 'auto', '2026-12-02T10:00:00Z'),
        snap('Before import', 'auto', '2026-12-02T11:00:00Z'),
      ],
      'Undo the last import',
    ],
    ['a reveal', [snap('Before the reveal', 'auto', '2026-12-02T10:00:00Z')], 'Undo the reveal'],
    ['not a repair', [snap('Before repair', 'auto', '2026-12-02T10:00:00Z')], null],
    ['not a named look-alike', [snap('Before import', 'named', '2026-12-02T10:00:00Z')], null],
  ] as const)('%s', (_name, snapshots, label) => {
    expect(undoLastChange(snapshots)?.label ?? null).toBe(label);
  });
});
