import type { PresenceState } from '@weboard/shared';
import type { Presence } from '../collab/presence';
import type { BoardEditor } from '../editor/editor';
import { useStore } from '../lib/store';
import { FacIcons } from './icons';
import { cursorsHidden } from './screen-share';
import { session } from './session-state';

/** The facilitator's room tools: bring everyone here, follow me, lock the selection. */
export function SessionControls({
  editor,
  presence,
  self,
  following,
}: {
  editor: BoardEditor;
  presence: Presence;
  self: PresenceState['user'];
  following: { clientId: number } | null;
}) {
  const selection = useStore(editor.selection);
  const hidden = useStore(cursorsHidden);
  const selectedLockable = selection
    .map((id) => editor.lookup(id))
    .filter((item) => item && item.type !== 'connector' && item.type !== 'pen');
  const allLocked =
    selectedLockable.length > 0 &&
    selectedLockable.every((item) => (item as { locked?: boolean }).locked === true);
  return (
    <section className="fac-section">
      <h3>Session</h3>
      <div className="fac-row">
        <button
          type="button"
          className="button button-small"
          data-testid="hide-cursors"
          aria-pressed={hidden}
          title="For sharing your screen: other people's cursors disappear from your screen only"
          onClick={() => cursorsHidden.set(!hidden)}
        >
          {hidden ? 'Show cursors' : 'Hide cursors'}
        </button>
        <button
          type="button"
          className="button button-small"
          data-testid="summon"
          onClick={() => session.summon(editor, self.name)}
        >
          Bring everyone to me
        </button>
        {following?.clientId === presence.localClientId ? (
          <button
            type="button"
            className="button button-small"
            data-testid="stop-follow-me"
            onClick={() => session.stopFollow(editor)}
          >
            Stop “follow me”
          </button>
        ) : (
          <button
            type="button"
            className="button button-small"
            data-testid="follow-me"
            onClick={() => session.followMe(editor, presence.localClientId, self.name)}
          >
            Follow me
          </button>
        )}
        <button
          type="button"
          className="button button-small"
          data-testid="lock-selection"
          disabled={selectedLockable.length === 0}
          onClick={() => {
            for (const item of selectedLockable)
              editor.updateItem(item!.id, { locked: !allLocked });
          }}
        >
          {allLocked ? FacIcons.unlock() : FacIcons.lock()}
          {allLocked ? ' Unlock selection' : ' Lock selection'}
        </button>
      </div>
    </section>
  );
}
