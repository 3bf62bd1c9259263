import type { Camera } from '../../src/client/grid';

/**
 * What a peer page exposes to `pnpm bench:client` as `window.peer`, in the same terms for both
 * peers (and as page-scripts.ts reads WeBoard): board coordinates, a Camera that puts board point
 * (x, y) at the canvas's top-left, note ids `n<index>` from the shared grid.
 */
export interface PeerApi {
  /** Resolves with performance.now() at the first frame painted with every note in the store and
   * the canvas showing notes; rejects with the reason when the app does not take them all. */
  firstFrame: Promise<number>;
  count(): number;
  camera(): Camera;
  canvas(): { left: number; top: number; width: number; height: number };
  setCamera(camera: Camera): void;
  position(id: string): { x: number; y: number } | null;
  /** Clears the selection, where Escape does not (Excalidraw). */
  deselect?(): void;
  /** Moves a note the way the app applies a collaborator's change. */
  remoteMove(id: string, x: number, y: number): void;
}

declare global {
  interface Window {
    peer?: PeerApi;
  }
}

/** The board size the page was opened with (`?n=`). */
export function requestedCount(): number {
  const n = Number(new URLSearchParams(location.search).get('n'));
  if (!Number.isInteger(n) || n < 1) throw new Error('open the page with ?n=<notes>');
  return n;
}

/** Resolves one painted frame after `ready()` first holds (checked every frame). */
export function frameWhen(ready: () => boolean, failed: () => string | null): Promise<number> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const failure = failed();
      if (failure) return reject(new Error(failure));
      if (ready())
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now())));
      else requestAnimationFrame(check);
    };
    check();
  });
}
