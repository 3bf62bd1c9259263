import { z } from 'zod';

/** The quick reactions a person can put on an item, in the order they are shown. */
export const REACTION_EMOJIS = ['👍', '❤️', '🎉', '😄', '🤔', '👀', '🚀', '⚠️'] as const;
export type ReactionEmoji = (typeof REACTION_EMOJIS)[number];

/**
 * One person's reactions to one item: stored in the board's `reactions` map under
 * `<itemId>/<userId>`, one plain record each, written only by that person's client.
 */
export const reactionValidator = z.object({
  itemId: z.string().min(1).max(64),
  name: z.string().max(200),
  emojis: z.array(z.enum(REACTION_EMOJIS)).max(REACTION_EMOJIS.length),
});
export type Reaction = z.infer<typeof reactionValidator>;

/** The key of a person's reactions to an item. */
export function reactionKey(itemId: string, userId: string): string {
  return `${itemId}/${userId}`;
}
