import type { BoardEditor } from '../editor/editor';
import type { Presence } from '../collab/presence';

/**
 * Keeps the camera on the followed person's viewport, and shares ours. Following ends when that
 * person leaves, or when we move the camera ourselves (the editor sees to that).
 */
export function syncViewports(editor: BoardEditor, presence: Presence): () => void {
  const share = () => presence.setViewport(editor.visibleBox());
  // The viewport last shown: presence changes with every cursor move, the view only when theirs.
  let shown: unknown = null;
  const follow = () => {
    const id = editor.following.get();
    presence.setFollowing(id);
    if (id === null) {
      shown = null;
      return;
    }
    const peer = presence.remote.get().find((p) => p.clientId === id);
    if (!peer) return editor.follow(null);
    if (!peer.viewport || peer.viewport === shown) return;
    shown = peer.viewport;
    editor.showFollowed(peer.viewport);
  };
  share();
  const stops = [
    editor.viewport.subscribe(share),
    editor.canvasSize.subscribe(share),
    presence.remote.subscribe(follow),
    editor.following.subscribe(follow),
  ];
  return () => stops.forEach((stop) => stop());
}
