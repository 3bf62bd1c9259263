import type * as Y from 'yjs';
import { REACTION_EMOJIS, reactionKey, reactionValidator } from '../schema/reaction';
import type { Reaction, ReactionEmoji } from '../schema/reaction';
import { describeIssue, reportInvalidRecord } from './records';
import { MAP } from './keys';

/*
 * Emoji reactions; the only code that knows this key:
 *   reactions:  Y.Map  "<itemId>/<userId>" -> { itemId, name, emojis }   (one plain record each)
 */
const REACTIONS = MAP.reactions;

export function reactionsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(REACTIONS);
}

/** One emoji on one item: how many reacted with it, who (by name), and whether you did. */
export interface ReactionCount {
  emoji: ReactionEmoji;
  count: number;
  names: string[];
  mine: boolean;
}

/** Every valid reaction record, by key; a record whose key does not name its item is skipped. */
export function readReactions(doc: Y.Doc): Map<string, Reaction> {
  const reactions = new Map<string, Reaction>();
  for (const [key, value] of reactionsMap(doc).entries()) {
    const parsed = reactionValidator.safeParse(value);
    if (!parsed.success) {
      reportInvalidRecord({ map: REACTIONS, key, reason: describeIssue(parsed.error) });
    } else if (key.startsWith(`${parsed.data.itemId}/`)) {
      reactions.set(key, parsed.data);
    }
  }
  return reactions;
}

/** The reactions on each item, emojis in their fixed order, only those someone chose. */
export function tallyReactions(
  reactions: ReadonlyMap<string, Reaction>,
  userId: string,
): Map<string, ReactionCount[]> {
  const byItem = new Map<string, Map<ReactionEmoji, ReactionCount>>();
  for (const [key, reaction] of reactions) {
    const counts = byItem.get(reaction.itemId) ?? new Map<ReactionEmoji, ReactionCount>();
    byItem.set(reaction.itemId, counts);
    for (const emoji of new Set(reaction.emojis)) {
      const count = counts.get(emoji) ?? { emoji, count: 0, names: [], mine: false };
      count.count++;
      count.names.push(reaction.name || 'Someone');
      if (key === reactionKey(reaction.itemId, userId)) count.mine = true;
      counts.set(emoji, count);
    }
  }
  const tallies = new Map<string, ReactionCount[]>();
  for (const [itemId, counts] of byItem) {
    const ordered = REACTION_EMOJIS.flatMap((emoji) => {
      const count = counts.get(emoji);
      return count ? [count] : [];
    });
    if (ordered.length > 0) tallies.set(itemId, ordered);
  }
  return tallies;
}

/** Adds `emoji` to your reactions on an item, or takes it back when you had it. */
export function toggleReaction(
  doc: Y.Doc,
  itemId: string,
  userId: string,
  name: string,
  emoji: ReactionEmoji,
  origin?: unknown,
): void {
  const key = reactionKey(itemId, userId);
  const parsed = reactionValidator.safeParse(reactionsMap(doc).get(key));
  const before = parsed.success ? parsed.data.emojis : [];
  const emojis = before.includes(emoji) ? before.filter((e) => e !== emoji) : [...before, emoji];
  doc.transact(() => {
    if (emojis.length === 0) reactionsMap(doc).delete(key);
    else reactionsMap(doc).set(key, { itemId, name: name.slice(0, 200), emojis });
  }, origin);
}
