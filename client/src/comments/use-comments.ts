import { commentAuthorNames, commentsMap, readCommentThreads } from '@weboard/shared';
import type { CommentThread } from '@weboard/shared';
import { useEffect, useMemo, useState } from 'react';
import type { BoardEditor } from '../editor/editor';
import { useStore } from '../lib/store';
import type { Presence } from '../collab/presence';

const NONE: readonly CommentThread[] = [];

/**
 * The board's comment threads on items that are on the board, kept up to date: re-read when a
 * comment changes or items come and go (a deleted item's threads leave with it, and come back
 * with an undo).
 */
export function useCommentThreads(editor: BoardEditor): readonly CommentThread[] {
  const order = useStore(editor.items.order);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const map = commentsMap(editor.doc);
    const bump = () => setVersion((v) => v + 1);
    map.observe(bump);
    return () => map.unobserve(bump);
  }, [editor]);
  return useMemo(() => {
    void version;
    if (commentsMap(editor.doc).size === 0) return NONE;
    const here = new Set(order);
    return readCommentThreads(editor.doc, (id) => here.has(id));
  }, [editor, order, version]);
}

/** Whom a comment can @mention: who is here now and everyone who has commented, by name. */
export function useMentionable(
  presence: Presence,
  threads: readonly CommentThread[],
  self: string,
): string[] {
  const people = useStore(presence.people);
  return useMemo(() => {
    const names = new Set<string>();
    for (const person of people) if (person.user.name) names.add(person.user.name);
    for (const name of commentAuthorNames(threads)) names.add(name);
    if (self) names.add(self);
    return [...names].sort((a, b) => a.localeCompare(b));
  }, [people, threads, self]);
}
