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
