import { commentsMap, itemsMap } from '@weboard/shared';
import * as Y from 'yjs';
import { LOCAL_ORIGIN } from './gate';
import type { Store } from '../lib/store';

/** Undo steps closer together than this merge (typing); gestures merge explicitly. */
const CAPTURE_MS = 500;

/**
 * Undo of this person's own changes to items and comments (LOCAL_ORIGIN), with explicit gesture
 * grouping.
 */
export interface EditorUndo {
  readonly manager: Y.UndoManager;
  /** Runs `fn` as an undo step of its own (not merged with what came before or after). */
  step<T>(fn: () => T): T;
  /** One gesture, one undo step, however long it lasts. */
  beginGesture(): void;
  endGesture(): void;
  destroy(): void;
}

export function createUndo(
  doc: Y.Doc,
  canUndo: Store<{ undo: boolean; redo: boolean }>,
): EditorUndo {
  const manager = new Y.UndoManager([itemsMap(doc), commentsMap(doc)], {
    trackedOrigins: new Set([LOCAL_ORIGIN]),
    captureTimeout: CAPTURE_MS,
  });
  const refresh = () =>
    canUndo.set((current) => {
      const next = { undo: manager.canUndo(), redo: manager.canRedo() };
      return current.undo === next.undo && current.redo === next.redo ? current : next;
    });
  manager.on('stack-item-added', refresh);
  manager.on('stack-item-popped', refresh);
  manager.on('stack-cleared', refresh);
  return {
    manager,
    step(fn) {
      manager.stopCapturing();
      const result = fn();
      manager.stopCapturing();
      return result;
    },
    beginGesture() {
      manager.stopCapturing();
      manager.captureTimeout = Number.POSITIVE_INFINITY;
    },
    endGesture() {
      manager.captureTimeout = CAPTURE_MS;
      manager.stopCapturing();
    },
    destroy() {
      manager.destroy();
    },
  };
}
