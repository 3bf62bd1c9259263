/** One entry of a Y.Text change delta. */
export interface TextDelta {
  insert?: unknown;
  delete?: number;
  retain?: number;
}

/**
 * Where a caret at `position` ends up after a remote change, so typing into a note that someone
 * else is editing at the same time does not make our caret jump.
 */
export function mapPosition(delta: readonly TextDelta[], position: number): number {
  let index = 0;
  let mapped = position;
  for (const op of delta) {
    if (index > position) break;
    if (op.retain !== undefined) {
      index += op.retain;
    } else if (op.insert !== undefined) {
      const length = typeof op.insert === 'string' ? op.insert.length : 1;
      if (index < position) mapped += length;
      index += length;
      position += length;
    } else if (op.delete !== undefined) {
      const removed = Math.min(op.delete, Math.max(0, position - index));
      mapped -= removed;
      position -= removed;
    }
  }
  return mapped;
}
