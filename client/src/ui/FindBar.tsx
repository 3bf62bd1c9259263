import { findItems, foundInItem, stepHit } from '@weboard/shared';
import type { BoardItem } from '@weboard/shared';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { RefObject } from 'react';
import { openComments } from '../comments/comment-state';
import { useCommentThreads } from '../comments/use-comments';
import { useStore } from '../lib/store';
import { useEditor } from '../editor/editor-context';
import { keyLabel } from './keys';
import './arrange.css';

/**
 * Find on the board (Ctrl+F): a small bar that searches notes, texts, shapes, frame titles,
 * connector labels and comments (shared/src/arrange/find.ts), counts the hits ("3 of 7"), and on
 * Enter / Shift+Enter or the arrows moves to the next or previous one: selects it and brings it
 * into view (a hit found only in its comments opens them). Escape closes it. It only looks and
 * selects, so viewers have it too.
 */
export function FindBar() {
  const [open, setOpen] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const mod = event.ctrlKey || event.metaKey;
      if (!mod || event.altKey || event.shiftKey || event.key.toLowerCase() !== 'f') return;
      if (document.querySelector('[role="dialog"]')) return;
      event.preventDefault();
      setOpen(true);
      // Already open: Ctrl+F again selects the query to type a new one.
      requestAnimationFrame(() => input.current?.select());
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  // Only the open bar reads the items: closed, a change on the board costs it nothing (reading
  // every item on each of a remote drag's updates cost a 100k-item board milliseconds a move).
  return open ? <OpenFindBar input={input} onClose={() => setOpen(false)} /> : null;
}

function OpenFindBar({
  input,
  onClose,
}: {
  input: RefObject<HTMLInputElement | null>;
  onClose(): void;
}) {
  const editor = useEditor();
  const [query, setQuery] = useState('');
  const [current, setCurrent] = useState<number | null>(null);
  const items = useStore(editor.items);
  const threads = useCommentThreads(editor);
  const findable = useMemo(() => {
    if (threads.length === 0) return items;
    const texts = new Map<string, string[]>();
    for (const thread of threads)
      texts.set(thread.itemId, [
        ...(texts.get(thread.itemId) ?? []),
        ...thread.comments.map((c) => c.text),
      ]);
    return items.map((item: BoardItem) =>
      texts.has(item.id) ? { ...item, comments: texts.get(item.id) } : item,
    );
  }, [items, threads]);
  const hits = useMemo(() => findItems(findable, query), [findable, query]);

  const show = (index: number | null) => {
    setCurrent(index);
    const id = index === null ? undefined : hits[index];
    const item = id ? editor.lookup(id) : undefined;
    if (!item) return;
    editor.select([item.id]);
    editor.showBox(editor.itemBox(item), 120);
    if (!foundInItem(item, query)) openComments.set({ itemId: item.id, threadId: null });
  };
  const step = (by: 1 | -1) => show(stepHit(hits.length, current, by));
  const close = onClose;

  const count =
    query.trim() === ''
      ? ''
      : hits.length === 0
        ? 'No results'
        : current === null
          ? `${hits.length} found`
          : `${Math.min(current, hits.length - 1) + 1} of ${hits.length}`;
  return (
    <div className="find-bar floating-toolbar" role="search" data-testid="find-bar">
      <input
        ref={input}
        className="find-input"
        type="search"
        aria-label="Find on the board"
        placeholder="Find on the board"
        data-testid="find-input"
        autoFocus
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setCurrent(null);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            step(event.shiftKey ? -1 : 1);
          } else if (event.key === 'Escape') {
            event.preventDefault();
            event.stopPropagation();
            close();
          }
        }}
      />
      <span className="find-count" data-testid="find-count" aria-live="polite">
        {count}
      </span>
      <button
        type="button"
        className="icon-button"
        aria-label="Previous match"
        title="Previous (Shift+Enter)"
        data-testid="find-prev"
        disabled={hits.length === 0}
        onClick={() => step(-1)}
      >
        ↑
      </button>
      <button
        type="button"
        className="icon-button"
        aria-label="Next match"
        title="Next (Enter)"
        data-testid="find-next"
        disabled={hits.length === 0}
        onClick={() => step(1)}
      >
        ↓
      </button>
      <button
        type="button"
        className="icon-button"
        aria-label="Close find"
        title={`Close (Esc) · ${keyLabel('mod+f')} to find again`}
        data-testid="find-close"
        onClick={close}
      >
        ×
      </button>
    </div>
  );
}
