import { z } from 'zod';
import { colorValidator } from '../schema/common';
import type { Lane } from '../schema/team';

/*
 * Milestones and events on the iteration axis of the program board (a release, a demo, a
 * deadline): in an iteration (a lane), on a date, or both.
 */

const recordId = z.string().min(1).max(64);

/** A calendar date, YYYY-MM-DD, that exists. */
export const isoDateValidator = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine(isRealDate, 'not a calendar date');

function isRealDate(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** One milestone; stored in the board's `milestones` map, id → Y.Map of these fields. */
export const milestoneValidator = z.object({
  id: recordId,
  name: z.string().trim().min(1).max(100),
  /** The iteration it falls in. */
  laneId: recordId.optional(),
  date: isoDateValidator.optional(),
  color: colorValidator.optional(),
  createdBy: z.string().max(200).optional(),
  createdAt: z.number().finite().nonnegative().optional(),
});
export type Milestone = z.infer<typeof milestoneValidator>;

/** What someone typed for a milestone: a name, and an iteration and/or a date. */
export interface MilestoneDraft {
  name: string;
  laneId: string | null;
  date: string | null;
}

export type MilestoneCheck = { ok: true; draft: MilestoneDraft } | { ok: false; reason: string };

/** Checks a milestone against the board's lanes; the name comes back trimmed. */
export function checkMilestone(draft: MilestoneDraft, lanes: readonly Lane[]): MilestoneCheck {
  const name = draft.name.trim();
  const date = draft.date?.trim() || null;
  if (name.length === 0) return { ok: false, reason: 'A milestone needs a name.' };
  if (name.length > 100) return { ok: false, reason: 'A name is at most 100 characters.' };
  if (draft.laneId === null && date === null)
    return { ok: false, reason: 'Give the milestone an iteration or a date.' };
  if (draft.laneId !== null && !lanes.some((l) => l.id === draft.laneId))
    return { ok: false, reason: 'The iteration is not on this board.' };
  if (date !== null && !isoDateValidator.safeParse(date).success)
    return { ok: false, reason: 'A date is written YYYY-MM-DD.' };
  return { ok: true, draft: { name, laneId: draft.laneId, date } };
}

/**
 * Milestones in axis order: by iteration (board order), then date, then name; those whose
 * iteration is gone or that have only a date come last, by date.
 */
export function sortMilestones(milestones: readonly Milestone[], lanes: readonly Lane[]) {
  const laneIndex = new Map(lanes.map((lane, i) => [lane.id, i]));
  const at = (m: Milestone) =>
    m.laneId !== undefined && laneIndex.has(m.laneId) ? laneIndex.get(m.laneId)! : lanes.length;
  return [...milestones].sort(
    (a, b) =>
      at(a) - at(b) ||
      (a.date ?? '9999').localeCompare(b.date ?? '9999') ||
      a.name.localeCompare(b.name) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/** Milestones per lane id, each lane's in axis order; milestones without a known lane are left out. */
export function milestonesByLane(
  milestones: readonly Milestone[],
  lanes: readonly Lane[],
): Map<string, Milestone[]> {
  const byLane = new Map<string, Milestone[]>();
  const known = new Set(lanes.map((l) => l.id));
  for (const milestone of sortMilestones(milestones, lanes)) {
    if (milestone.laneId === undefined || !known.has(milestone.laneId)) continue;
    const list = byLane.get(milestone.laneId) ?? [];
    list.push(milestone);
    byLane.set(milestone.laneId, list);
  }
  return byLane;
}

/** Where an iteration runs on the canvas: the horizontal span and the top of its frames. */
export interface LaneColumn {
  left: number;
  right: number;
  top: number;
}

/**
 * Each lane's column on the canvas, from the frames bound to it (the lane frames and team × lane
 * cells of the swimlanes): the union of their horizontal spans and their topmost edge. Lanes
 * without a frame have no column (their milestones are listed in the panel only).
 */
export function laneColumns(
  frames: readonly { x: number; y: number; w: number; laneId?: string | undefined }[],
): Map<string, LaneColumn> {
  const columns = new Map<string, LaneColumn>();
  for (const frame of frames) {
    if (!frame.laneId) continue;
    const column = columns.get(frame.laneId);
    if (!column)
      columns.set(frame.laneId, { left: frame.x, right: frame.x + frame.w, top: frame.y });
    else {
      column.left = Math.min(column.left, frame.x);
      column.right = Math.max(column.right, frame.x + frame.w);
      column.top = Math.min(column.top, frame.y);
    }
  }
  return columns;
}
