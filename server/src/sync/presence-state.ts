import { MAX_SHARED_SELECTION, boundedSelection } from '@weboard/shared';
import type { Area } from './viewer-grid';

/** What the presence fan-out reads from a person's presence state (JSON from any client). */

/** "Near" a viewport: within this fraction of its width / height beyond each of its edges. */
const NEAR_MARGIN = 0.5;

export interface Point {
  x: number;
  y: number;
}

/** `{x, y}` with finite numbers, else null. */
export function readPoint(value: unknown): Point | null {
  if (!value || typeof value !== 'object') return null;
  const { x, y } = value as Record<string, unknown>;
  return typeof x === 'number' && typeof y === 'number' && Number.isFinite(x + y) ? { x, y } : null;
}

/** The area "near" a viewport `{x, y, w, h}`: grown by NEAR_MARGIN on every side; null if none. */
export function nearAreaOf(viewport: unknown): Area | null {
  const point = readPoint(viewport);
  if (!point) return null;
  const { w, h } = viewport as Record<string, unknown>;
  if (typeof w !== 'number' || typeof h !== 'number' || !(w > 0) || !(h > 0)) return null;
  return {
    left: point.x - w * NEAR_MARGIN,
    top: point.y - h * NEAR_MARGIN,
    right: point.x + w * (1 + NEAR_MARGIN),
    bottom: point.y + h * (1 + NEAR_MARGIN),
  };
}

/** The fields the "who is here" list shows; a change to them is delivered at once. */
export function listKeyOf(state: Record<string, unknown>): string {
  const user = state.user as Record<string, unknown> | undefined;
  if (!user || typeof user !== 'object') return '';
  return `${String(user.name)}\u0000${String(user.color)}\u0000${String(user.role)}\u0000${String(state.teamId ?? '')}`;
}

/**
 * Whether a state's JSON may need a bound applied (an emoji burst, a selection over the cap), so it
 * must be decoded; false for the common one of the 20 Hz cursor path, which is relayed unread. A
 * selection over MAX_SHARED_SELECTION ids has at least that many commas (commas inside strings only
 * add to the count), whichever key holds it: repeated keys (JSON.parse keeps the last) are counted
 * too, and keys written with `\u` escapes are decoded, so no spelling slips a field past the check.
 */
export function stateMayNeedBounds(json: string): boolean {
  if (json.includes('"burst"') || json.includes('\\u')) return true;
  let commas = 0;
  for (let at = json.indexOf(','); at !== -1; at = json.indexOf(',', at + 1)) {
    if (++commas >= MAX_SHARED_SELECTION) return true;
  }
  return false;
}

/** Cuts a decoded state's `selection` to its bound (see shared/src/protocol/selection.ts), in place: whether it changed. */
export function boundSelectionField(state: Record<string, unknown>): boolean {
  if (!('selection' in state)) return false;
  const bounded = boundedSelection(state.selection);
  if (bounded === state.selection) return false;
  state.selection = bounded;
  return true;
}
