import { mentionsOf } from '@weboard/shared';
import { useCallback, useMemo } from 'react';
import { userId } from '../collab/identity';
import type { Presence } from '../collab/presence';
import type { Commenter } from '../editor/comments';
import { useStore } from '../lib/store';
import { useEditor } from '../editor/editor-context';
import { HeaderTool } from '../ui/header-slot';
import { sideDock, toggleSidePanel } from '../ui/side-dock';
import { CommentPins } from './CommentPins';
import { CommentPopover } from './CommentPopover';
import { CommentsPanel, goToThread } from './CommentsPanel';
import { createReadMentions, openComments } from './comment-state';
import { useCommentThreads, useMentionable } from './use-comments';

/**
 * Comments on the board: pins on items with open threads, the popover of an item's threads, the
 * Comments panel and its title-bar button, and the "@ n" badge of unread mentions of you, which
 * takes you to the first of them (reading a thread clears its mentions, in this browser).
 */
export function Comments({
  boardId,
  name,
  presence,
}: {
  boardId: string;
  name: string;
  presence: Presence;
}) {
  const editor = useEditor();
  const threads = useCommentThreads(editor);
  const me: Commenter = useMemo(() => ({ userId: userId(), name }), [name]);
  const people = useMentionable(presence, threads, name);
  const reads = useMemo(() => createReadMentions(boardId, me.userId), [boardId, me.userId]);
  const read = useStore(reads.read);
  const open = useStore(openComments);
  const panelOpen = useStore(sideDock) === 'comments';
  const unread = useMemo(
    () => mentionsOf(threads, name, me.userId, (id) => read.has(id)),
    [threads, name, me.userId, read],
  );
  const openCount = threads.filter((t) => !t.resolved).length;
  const onRead = useCallback((ids: string[]) => reads.markRead(ids), [reads]);
  const stillThere = open && editor.lookup(open.itemId) ? open : null;

  return (
    <>
      <CommentPins threads={threads} />
      {stillThere && (
        <CommentPopover
          key={stillThere.itemId}
          open={stillThere}
          threads={threads}
          me={me}
          people={people}
          onRead={onRead}
        />
      )}
      <HeaderTool>
        <button
          type="button"
          className="header-tool comments-open"
          data-testid="comments-button"
          aria-expanded={panelOpen}
          title="Comments on this board"
          onClick={() => toggleSidePanel('comments')}
        >
          Comments{openCount > 0 && <span className="comments-count">{openCount}</span>}
        </button>
        {unread.length > 0 && (
          <button
            type="button"
            className="header-tool mention-badge"
            data-testid="mention-badge"
            title={`${unread.length} new mention${unread.length === 1 ? '' : 's'} of you: go to the first`}
            aria-label={`${unread.length} unread mentions`}
            onClick={() => goToThread(editor, unread[0]!.itemId, unread[0]!.threadId)}
          >
            @ {unread.length}
          </button>
        )}
      </HeaderTool>
      {panelOpen && <CommentsPanel threads={threads} onClose={() => sideDock.set(null)} />}
    </>
  );
}
