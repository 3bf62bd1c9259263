import { useCallback, useEffect, useState } from 'react';
import type { Presence, RemotePresence } from '../collab/presence';
import type { BoardEditor } from '../editor/editor';
import { useStore } from '../lib/store';
import { CursorMotion } from './cursor-motion';

/** A classic arrow pointer, tip at (0, 0). */
const POINTER_PATH = 'M1 1 L1 17.5 L5.6 13.4 L8.7 20.2 L11.6 18.9 L8.6 12.3 L14.6 12.1 Z';
/** How far outside the canvas (screen pixels) a cursor is still placed: its name tag reaches in. */
const CURSOR_MARGIN_PX = 200;

/**
 * With more cursors than this gliding at once (a room), they move at most every ROOM_FRAME_MS:
 * each drawn frame costs the page a style, layer and compositor commit pass (the commit was most
 * of a room page's main-thread time in `pnpm bench:room --trace`). 20 frames a second is the rate
 * at which the server sends a room's presence (one tick per 50 ms), so a frame still shows every
 * position that arrives; one or two cursors move every display frame.
 */
const FEW_MOVING = 3;
const ROOM_FRAME_MS = 1000 / 20;
/** How much sooner than ROOM_FRAME_MS cursors may move along with a presence read. */
const ROOM_EARLY_MS = 20;
/**
 * How much later than ROOM_FRAME_MS the cursors' own frame comes while they glide in a room: the
 * next presence read (every ~50 ms) usually moves them first, in its own frame.
 */
const ROOM_LATE_MS = 10;

/** A cursor's element, carrying where it is drawn (board coordinates) for the test API. */
export interface CursorElement extends HTMLDivElement {
  boardPoint?: { x: number; y: number };
}

/**
 * Moves remote cursors every display frame, outside React: presence brings a new position per
 * person at most ~20 times a second (read once per frame), and each one starts a glide (see
 * CursorMotion) that this animator plays frame by frame. Cursors are DOM elements moved by a CSS
 * transform: a moving cursor is a compositor layer changing place, not a canvas cleared, drawn,
 * rasterised and uploaded again every frame. Only cursors that moved are written, those outside
 * the canvas are hidden, and the frames stop as soon as every cursor has arrived.
 */
class CursorAnimator {
  private readonly motions = new Map<number, CursorMotion>();
  private readonly nodes = new Map<number, CursorElement>();
  /** The presence each motion was last fed from: people who did not move are skipped. */
  private readonly seen = new Map<number, RemotePresence>();
  /** What each element shows now: its transform, or null when hidden. */
  private readonly shown = new Map<number, string | null>();
  private frame: number | null = null;
  private wait: ReturnType<typeof setTimeout> | null = null;
  private lastDraw = 0;
  private moving = 0;

  constructor(private readonly editor: BoardEditor) {}

  /** New presence: new targets for the cursors that moved. */
  update(remote: readonly RemotePresence[]) {
    const now = performance.now();
    const present = new Set<number>();
    for (const peer of remote) {
      if (!peer.cursor) continue;
      present.add(peer.clientId);
      if (this.seen.get(peer.clientId) === peer) continue;
      this.seen.set(peer.clientId, peer);
      const motion = this.motions.get(peer.clientId);
      if (motion) motion.push(peer.cursor, now);
      else this.motions.set(peer.clientId, new CursorMotion(peer.cursor, now));
    }
    // A cursor that left and comes back appears where it is, without gliding in from before.
    for (const id of [...this.motions.keys()]) {
      if (present.has(id)) continue;
      this.motions.delete(id);
      this.seen.delete(id);
    }
    // In a room, cursors move in the frame that reads presence (20 a second, one per server
    // tick) once their frame is nearly due, instead of in a frame of their own next to it: half
    // the frames, each with its style, layer and commit pass.
    if (this.moving > FEW_MOVING && now - this.lastDraw >= ROOM_FRAME_MS - ROOM_EARLY_MS) {
      this.cancel();
      this.draw();
      return;
    }
    this.schedule();
  }

  /** A cursor's element mounted (or unmounted, with null). */
  register(clientId: number, node: CursorElement | null) {
    if (!node) {
      this.nodes.delete(clientId);
      this.shown.delete(clientId);
      return;
    }
    this.nodes.set(clientId, node);
    this.shown.set(clientId, null);
    this.schedule();
  }

  /** The view moved or zoomed: every cursor's place on screen changed. */
  readonly schedule = () => {
    if (this.frame !== null || this.wait !== null) return;
    const early = this.lastDraw + ROOM_FRAME_MS + ROOM_LATE_MS - performance.now();
    if (this.moving > FEW_MOVING && early > 4) {
      this.wait = setTimeout(() => {
        this.wait = null;
        this.schedule();
      }, early - 4);
      return;
    }
    this.frame = requestAnimationFrame(this.draw);
  };

  private readonly draw = () => {
    this.frame = null;
    const now = performance.now();
    this.lastDraw = now;
    const { x: vx, y: vy, scale } = this.editor.viewport.get();
    const { width, height } = this.editor.canvasSize.get();
    let moving = 0;
    for (const [clientId, node] of this.nodes) {
      const motion = this.motions.get(clientId);
      const at = motion?.at(now);
      if (motion && !motion.settled(now)) moving++;
      node.boardPoint = at;
      let next: string | null = null;
      if (at) {
        const sx = at.x * scale + vx;
        const sy = at.y * scale + vy;
        const inView =
          sx > -CURSOR_MARGIN_PX && sy > -CURSOR_MARGIN_PX && sx < width && sy < height;
        if (inView) next = `translate(${sx.toFixed(1)}px, ${sy.toFixed(1)}px)`;
      }
      if (this.shown.get(clientId) === next) continue;
      if (next === null) node.style.display = 'none';
      else {
        if (this.shown.get(clientId) === null) node.style.display = '';
        node.style.transform = next;
      }
      this.shown.set(clientId, next);
    }
    this.moving = moving;
    if (moving > 0) this.schedule();
  };

  private cancel() {
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    if (this.wait !== null) clearTimeout(this.wait);
    this.frame = null;
    this.wait = null;
  }

  dispose() {
    this.cancel();
  }
}

/** A person's team (name and colour) from their team id; null when they have none. */
export type TeamOf = (teamId: string | null | undefined) => { name: string; color: string } | null;

interface RemoteCursorsProps {
  presence: Presence;
  editor: BoardEditor;
  /** A person's team (name and colour), shown beside their name on the cursor. */
  teamOf?: TeamOf | undefined;
}

/**
 * Other people's pointers with their names over the canvas, the same size at any zoom. React
 * renders them when people come, go or rename; moving them is the animator's job.
 */
export function RemoteCursors({ presence, editor, teamOf }: RemoteCursorsProps) {
  const people = useStore(presence.people);
  const [cursors] = useState(() => new CursorAnimator(editor));
  const register = useCallback(
    (clientId: number, node: CursorElement | null) => cursors.register(clientId, node),
    [cursors],
  );
  useEffect(() => {
    cursors.update(presence.remote.get());
    const stops = [
      presence.remote.subscribe(() => cursors.update(presence.remote.get())),
      editor.viewport.subscribe(cursors.schedule),
      editor.canvasSize.subscribe(cursors.schedule),
    ];
    return () => {
      stops.forEach((stop) => stop());
      cursors.dispose();
    };
  }, [cursors, presence, editor]);
  return (
    <div className="remote-cursors" aria-hidden="true">
      {people.map((peer) => {
        const team = teamOf?.(peer.teamId) ?? null;
        return (
          <RemoteCursor
            key={peer.clientId}
            clientId={peer.clientId}
            name={peer.user.name}
            team={team}
            color={peer.user.color}
            register={register}
          />
        );
      })}
    </div>
  );
}

interface RemoteCursorProps {
  clientId: number;
  name: string;
  team: { name: string; color: string } | null;
  color: string;
  register(clientId: number, node: CursorElement | null): void;
}

/** One remote pointer with its name tag; hidden until the animator places it. */
function RemoteCursor({ clientId, name, team, color, register }: RemoteCursorProps) {
  const setNode = useCallback(
    (node: HTMLDivElement | null) => register(clientId, node),
    [register, clientId],
  );
  return (
    <div
      ref={setNode}
      className="remote-cursor"
      data-client-id={clientId}
      style={{ display: 'none' }}
    >
      <svg width="16" height="22" viewBox="0 0 16 22" aria-hidden="true">
        <path
          d={POINTER_PATH}
          fill={color}
          stroke="#ffffff"
          strokeWidth="1.5"
          strokeLinejoin="round"
        />
      </svg>
      <span className="remote-cursor-name" style={{ background: color }}>
        {name}
        {team && (
          <span className="remote-cursor-team" style={{ background: team.color }}>
            {team.name}
          </span>
        )}
      </span>
    </div>
  );
}
