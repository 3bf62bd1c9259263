import type { PresenceState } from '@weboard/shared';
import { useEffect, useState } from 'react';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { BoardCanvas } from '../canvas/BoardCanvas';
import { createPresence } from '../collab/presence';
import type { Presence } from '../collab/presence';
import { createBoardEditor } from '../editor/editor';
import type { BoardEditor } from '../editor/editor';
import { EditorContext } from '../editor/editor-context';
import { useBoardShortcuts } from '../ui/shortcuts';

interface Preview {
  editor: BoardEditor;
  presence: Presence;
}

/** The preview's own keys: select, copy (to paste into the live board later), zoom; no edits. */
function PreviewShortcuts({ editor }: { editor: BoardEditor }) {
  useBoardShortcuts(editor);
  return null;
}

/**
 * A snapshot opened read-only on its own canvas over the live board: its own document and a
 * viewer's editor (pan and zoom work, edits do not), so the live board is never touched. The
 * live board's editor is read-only while it is open (see Facilitation), so no key, paste or
 * panel reaches the board under it.
 */
export function SnapshotPreview({
  name,
  state,
  user,
  onClose,
}: {
  name: string;
  state: Uint8Array;
  user: PresenceState['user'];
  onClose(): void;
}) {
  const [preview, setPreview] = useState<Preview | null>(null);

  useEffect(() => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state);
    const editor = createBoardEditor(doc, 'viewer', user.name);
    // Presence that never leaves this browser: the preview is nobody else's business.
    const awareness = new Awareness(doc);
    const presence = createPresence(awareness, { ...user, role: 'viewer' });
    // An external resource created with the effect, needed by rendering.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setPreview({ editor, presence });
    const fit = requestAnimationFrame(() => editor.zoomToFit());
    return () => {
      cancelAnimationFrame(fit);
      presence.dispose();
      awareness.destroy();
      editor.dispose();
      doc.destroy();
      setPreview(null);
    };
  }, [state, user]);

  return (
    <div className="fac-preview" data-testid="snapshot-preview">
      {preview && (
        <EditorContext.Provider value={preview.editor}>
          <PreviewShortcuts editor={preview.editor} />
          <BoardCanvas presence={preview.presence} />
        </EditorContext.Provider>
      )}
      <div className="fac-preview-banner" role="status">
        <strong>Snapshot preview:</strong> “{name}” — read only; the live board is unchanged
        <button
          type="button"
          className="button button-small button-primary"
          data-testid="preview-close"
          onClick={onClose}
        >
          Back to the live board
        </button>
      </div>
    </div>
  );
}
