import { z } from 'zod';

const recordId = z.string().min(1).max(64);

/**
 * One team's capacity for one iteration (lane), in points; stored in the board's `capacity` map
 * under the key `teamId/laneId` (see `cellKey`), one plain record per cell.
 */
export const capacityValidator = z.object({
  teamId: recordId,
  laneId: recordId,
  points: z.number().finite().nonnegative().max(100_000),
});
export type Capacity = z.infer<typeof capacityValidator>;

/** The validator of the capacity stored under `key`: the key must name the record's cell. */
export function capacityAt(key: string) {
  return capacityValidator.refine((c) => `${c.teamId}/${c.laneId}` === key, {
    message: 'the key is not teamId/laneId of the record',
  });
}
