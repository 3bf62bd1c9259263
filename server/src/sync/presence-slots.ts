import type { Point } from './presence-state';
import type { Area } from './viewer-grid';

/* What the presence fan-out (presence-fanout.ts) keeps of each person sending and receiving. */

/** One person's presence (one awareness client id) as the fan-out keeps it. */
export interface Slot {
  clientId: number;
  /** Index into every receiver's `sent` array; reused after the client leaves. */
  index: number;
  /** Sequence number of its last change. */
  version: number;
  /** Sequence number of its last change to who is here (join, leave, name, colour, role, team). */
  listVersion: number;
  /** The encoded awareness entry: client id, clock, state JSON. */
  entry: Uint8Array;
  removed: boolean;
  cursor: Point | null;
  /** Who-is-here fields, to tell a list change from a cursor move. */
  listKey: string;
  /** Always at full rate (a facilitator). */
  prominent: boolean;
}

/**
 * Sends one receiver its presence message: `message` itself, and `frame`, the same bytes in a
 * websocket frame (binary, final, unmasked) that a socket without extensions can take as it is.
 */
export type PresenceSend = (message: Uint8Array, frame: Uint8Array) => void;

/** One person receiving presence (a connection). */
export interface Receiver<K> {
  key: K;
  send: PresenceSend;
  /** Per slot index: the version last sent (or known) to this receiver. */
  sent: Float64Array;
  /** Budget left, in bytes; may go below zero after must-send changes. */
  tokens: number;
  lastRefill: number;
  /** Slots near this receiver that changed but were held back for the budget, oldest first. */
  waiting: Set<number>;
  /** Where the current sweep over every slot stands; -1 while none runs. */
  sweepPos: number;
  nextSweepAt: number;
  /** Its viewport grown by the near margin (null: none shared, everyone is near). */
  area: Area | null;
  /** The client id this receiver follows, from its own presence. */
  following: number | null;
  /** Its group in a big room, whose ticks take turns (see PresenceFanout.tick). */
  phase: number;
}
