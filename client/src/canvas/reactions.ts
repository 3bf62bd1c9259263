import { readReactions, reactionsMap, tallyReactions } from '@weboard/shared';
import type { ReactionCount } from '@weboard/shared';
import { useEffect, useState } from 'react';
import type * as Y from 'yjs';

const NONE: ReadonlyMap<string, ReactionCount[]> = new Map();

/** The reactions on every item of a board, as `userId` sees them, kept up to date. */
export function useReactionTallies(
  doc: Y.Doc,
  userId: string,
): ReadonlyMap<string, ReactionCount[]> {
  const [tallies, setTallies] = useState(NONE);
  useEffect(() => {
    const map = reactionsMap(doc);
    const read = () =>
      setTallies(map.size === 0 ? NONE : tallyReactions(readReactions(doc), userId));
    read();
    map.observe(read);
    return () => map.unobserve(read);
  }, [doc, userId]);
  return tallies;
}
