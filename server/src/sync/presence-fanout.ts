import { encodeEntry, encodeMessage } from './presence-encoding';
import { listKeyOf, nearAreaOf, readPoint } from './presence-state';
import { ViewerGrid } from './viewer-grid';
import type { PresenceSend, Receiver, Slot } from './presence-slots';

/**
 * How a room's presence reaches its people.
 *
 * Full-state presence at 20 Hz for everyone costs O(N²): 150 moving people of 500 would be about
 * 320 MB/s out of one process. So presence goes out in ticks, at most one message per person per
 * tick, holding what changed since that person's last one, and each person gets:
 *
 * - at once and always, whatever changes "who is here": a join, a leave, a new name, colour, role
 *   or team (a removal reaches everyone, whatever the budget);
 * - every tick, the people whose cursor is in or near their viewport, the facilitators, and the
 *   person they follow (the session's "follow me", or their own `following`);
 * - everyone else's newest state about every FAR_REFRESH_MS (sooner if the budget allows);
 *
 * within a budget of PRESENCE_BUDGET_BYTES_PER_SECOND each, however big the room: when the near
 * cursors alone exceed it, they take turns (oldest waiting first). What is held back is never
 * lost: the newest state of every person always arrives, only later.
 *
 * Each changed entry is encoded once and the same bytes are copied into every message carrying it.
 * A tick matches each changed cursor only against the people whose viewport (grown by the near
 * margin) covers it, through a grid of board cells (viewer-grid.ts), so it costs about
 * O(people + changed × people near each) plus one O(people) sweep per person every FAR_REFRESH_MS,
 * spread over the ticks; `scripts/presence-tick-bench.ts` measures it.
 */

/** Longest time between a presence change and the message carrying it (near cursors). */
export const PRESENCE_TICK_MS = 50;
/** Presence bytes one person downloads per second at most, on average, however big the room. */
export const PRESENCE_BUDGET_BYTES_PER_SECOND = 64 * 1024;
/** Far cursors (and everything else outside the full-rate set) are refreshed about this often. */
export const FAR_REFRESH_MS = 1500;
/** What a person may receive in one go after a quiet moment: a quarter second of budget. */
const BUDGET_BURST_BYTES = PRESENCE_BUDGET_BYTES_PER_SECOND / 4;
/**
 * A big room's receivers are split into this many groups that take turns, one group per
 * PRESENCE_TICK_MS / PRESENCE_PHASES (see `tick`): each person still gets at most one message per
 * PRESENCE_TICK_MS, but the room's messages leave in ten small bursts instead of one big one.
 * bench:people, 500 people, six runs each: cursor p99 76.0 ms (median) with five groups, 69.3 ms
 * with ten; before groups, 103-122 ms.
 */
export const PRESENCE_PHASES = 10;
export interface PresenceFanoutOptions<K> {
  budgetBytesPerSecond?: number;
  farRefreshMs?: number;
  /** Called with the bytes of every presence message sent (metrics). */
  onSent?: (bytes: number) => void;
  /** Called with each receiver the tick served, after its message (if it had one) was sent. */
  onTurn?: (key: K) => void;
}

/** The presence fan-out of one room; `K` identifies a connection. */
export class PresenceFanout<K> {
  private readonly slots = new Map<number, Slot>();
  /** Slots by index (undefined: free). */
  private readonly byIndex: (Slot | undefined)[] = [];
  private readonly freeIndexes: number[] = [];
  private readonly receivers = new Map<K, Receiver<K>>();
  /**
   * The receivers of each group (see PRESENCE_PHASES): a group's tick walks its own tenth of the
   * room, and someone joining takes the smallest group, so the turns stay even however people come
   * and go.
   */
  private readonly groups = Array.from({ length: PRESENCE_PHASES }, () => new Set<Receiver<K>>());
  /** The length every receiver's `sent` has at least after a tick (see `tick`). */
  private sentLength = 16;
  /** Slot indexes changed since the last tick. */
  private changed = new Set<number>();
  private seq = 0;
  /** The client id everyone follows (the session's "follow me"), if any. */
  private followed: number | null = null;
  private readonly budget: number;
  private readonly farRefreshMs: number;
  private readonly onSent: (bytes: number) => void;
  private readonly onTurn: ((key: K) => void) | undefined;
  /** Spreads the receivers' sweeps over the ticks. */
  private sweepStagger = 0;
  /** When the last tick with changes ran. */
  private lastChangeTick = Number.NEGATIVE_INFINITY;
  /** `seq` when the last tick ran: a slot whose listVersion is newer changed who is here since. */
  private tickedSeq = 0;
  /** Receivers by the board area they look at. */
  private readonly grid = new ViewerGrid<Receiver<K>>();
  /** Receivers by the client id they follow. */
  private readonly followers = new Map<number, Set<Receiver<K>>>();
  /** Reused by every receiver's tick for the entries of its message. */
  private readonly outEntries: Uint8Array[] = [];
  /**
   * Who-is-here changes not yet offered to every receiver, each with the turn it was made in: they
   * go to each receiver at its group's next turn, and a removed slot is freed once every group had
   * one.
   */
  private listChanges: { slot: Slot; version: number; turn: number }[] = [];
  /** Counts the ticks of one group (see `tick`). */
  private turn = 0;

  constructor(options: PresenceFanoutOptions<K> = {}) {
    this.budget = options.budgetBytesPerSecond ?? PRESENCE_BUDGET_BYTES_PER_SECOND;
    this.farRefreshMs = options.farRefreshMs ?? FAR_REFRESH_MS;
    this.onSent = options.onSent ?? (() => undefined);
    this.onTurn = options.onTurn;
  }

  /**
   * Whether ticks still have anything to do at `now`: changes to send, or people still owed
   * something. Every receiver starts a sweep within `farRefreshMs` of the last change, and a
   * running sweep keeps the room busy until it ends, so nothing held back is stranded.
   */
  busyAt(now: number): boolean {
    if (this.changed.size > 0 || this.listChanges.length > 0) return true;
    if (now - this.lastChangeTick <= this.farRefreshMs + PRESENCE_TICK_MS) return true;
    for (const receiver of this.receivers.values()) {
      if (receiver.waiting.size > 0 || receiver.sweepPos >= 0) return true;
    }
    return false;
  }

  /**
   * Adds a receiver that has just been sent every current state (its greeting): it is owed nothing
   * from before now.
   */
  addReceiver(key: K, send: PresenceSend, now: number): void {
    const sent = new Float64Array(Math.max(this.sentLength, this.byIndex.length));
    for (const slot of this.slots.values()) sent[slot.index] = slot.version;
    const receiver: Receiver<K> = {
      key,
      send,
      sent,
      tokens: BUDGET_BURST_BYTES,
      lastRefill: now,
      waiting: new Set(),
      sweepPos: -1,
      nextSweepAt: now + this.nextStagger(),
      area: null,
      following: null,
      phase: this.smallestGroup(),
    };
    this.receivers.set(key, receiver);
    this.groups[receiver.phase]!.add(receiver);
    this.grid.place(receiver, null);
  }

  /**
   * Everyone's presence now as one awareness message in its websocket frame (see encodeMessage),
   * or null when nobody has any: a newcomer's greeting. It copies the entries the ticks keep, so
   * a room of 500 joining at once does not serialise every state again for each newcomer (600
   * joins: 0.9 s of the server's CPU in y-protocols' encodeAwarenessUpdate).
   */
  everyone(): { message: Uint8Array; frame: Uint8Array } | null {
    const entries: Uint8Array[] = [];
    let bytes = 0;
    for (const slot of this.slots.values()) {
      if (slot.removed) continue;
      entries.push(slot.entry);
      bytes += slot.entry.byteLength;
    }
    return entries.length === 0 ? null : encodeMessage(entries, bytes);
  }

  removeReceiver(key: K): void {
    const receiver = this.receivers.get(key);
    if (!receiver) return;
    this.receivers.delete(key);
    this.groups[receiver.phase]!.delete(receiver);
    this.grid.remove(receiver);
    this.follow(receiver, null);
  }

  /** Sets whom everyone follows (the session's "follow me"); null for nobody. */
  setFollowed(clientId: number | null): void {
    this.followed = clientId;
  }

  /**
   * Records a presence change: `state` null removes the client. `owner` is the receiver whose
   * presence it is (never sent back to it; its viewport decides what is near that receiver).
   * `prominent` (a facilitator) goes to everyone at full rate. `stateJson`, when given, is `state`
   * as UTF-8 JSON (what the client sent), relayed as it is instead of serialising `state` again.
   */
  set(
    clientId: number,
    clock: number,
    state: Record<string, unknown> | null,
    owner: K | null,
    prominent: boolean,
    stateJson?: Uint8Array,
  ): void {
    let slot = this.slots.get(clientId);
    const version = ++this.seq;
    if (!slot) {
      if (state === null) return;
      const index = this.freeIndexes.pop() ?? this.byIndex.length;
      slot = {
        clientId,
        index,
        version,
        listVersion: version,
        entry: new Uint8Array(0),
        removed: false,
        cursor: null,
        listKey: '',
        prominent,
      };
      this.slots.set(clientId, slot);
      this.byIndex[index] = slot;
    }
    slot.version = version;
    slot.entry = encodeEntry(
      clientId,
      clock,
      state === null ? 'null' : (stateJson ?? JSON.stringify(state)),
    );
    slot.prominent = prominent;
    if (state === null) {
      slot.removed = true;
      slot.listVersion = version;
      slot.cursor = null;
    } else {
      const listKey = listKeyOf(state);
      if (slot.removed || listKey !== slot.listKey) slot.listVersion = version;
      slot.removed = false;
      slot.listKey = listKey;
      // A burst sent from the toolbar (pointer off the canvas) is near where it floats.
      slot.cursor = readPoint(state.cursor) ?? readPoint(state.burst);
    }
    this.changed.add(slot.index);
    const receiver = owner === null ? undefined : this.receivers.get(owner);
    if (receiver) {
      // Its own presence is never sent back to it: it counts as seen.
      if (receiver.sent.length <= slot.index) {
        const grown = new Float64Array(Math.max(16, (slot.index + 1) * 2));
        grown.set(receiver.sent);
        receiver.sent = grown;
      }
      receiver.sent[slot.index] = version;
      if (state !== null) {
        receiver.area = nearAreaOf(state.viewport);
        this.grid.place(receiver, receiver.area);
        this.follow(receiver, typeof state.following === 'number' ? state.following : null);
      }
    }
  }

  private follow(receiver: Receiver<K>, clientId: number | null): void {
    if (receiver.following === clientId) return;
    if (receiver.following !== null) {
      const followers = this.followers.get(receiver.following);
      followers?.delete(receiver);
      if (followers?.size === 0) this.followers.delete(receiver.following);
    }
    receiver.following = clientId;
    if (clientId === null) return;
    let followers = this.followers.get(clientId);
    if (!followers) {
      followers = new Set();
      this.followers.set(clientId, followers);
    }
    followers.add(receiver);
  }

  /**
   * Sends the receivers of group `phase` (all of them when it is undefined) what is due, at most one
   * message each. A room ticks everyone every PRESENCE_TICK_MS, or, when it is big, one group every
   * PRESENCE_TICK_MS / PRESENCE_PHASES in turn (0, 1, 2, ...): either way each receiver is served
   * once per PRESENCE_TICK_MS and a change waits at most that long. Changes are offered to every
   * receiver at the first tick after them, whatever its group; each takes them at its own turn.
   */
  tick(now: number, phase?: number): void {
    if (phase !== undefined) {
      this.turn += 1;
      this.freeOffered(false);
    }
    const changed = [...this.changed];
    this.changed = new Set();
    if (changed.length > 0) this.lastChangeTick = now;
    if (this.byIndex.length > this.sentLength) {
      this.sentLength = Math.max(this.byIndex.length, this.sentLength * 2);
      for (const receiver of this.receivers.values()) {
        if (receiver.sent.length >= this.sentLength) continue;
        const grown = new Float64Array(this.sentLength);
        grown.set(receiver.sent);
        receiver.sent = grown;
      }
    }
    // Who is here changed: to everyone at their next turn. Otherwise offered to whoever has it near.
    for (const index of changed) {
      const slot = this.byIndex[index];
      if (slot === undefined) continue;
      if (slot.listVersion > this.tickedSeq) {
        this.listChanges.push({ slot, version: slot.version, turn: this.turn });
      } else this.offerNear(slot);
    }
    this.tickedSeq = this.seq;
    for (const receiver of phase === undefined ? this.receivers.values() : this.groups[phase]!) {
      this.tickReceiver(receiver, now);
      this.onTurn?.(receiver.key);
    }
    if (phase === undefined) this.freeOffered(true);
  }

  /** The group with the fewest receivers (the first of them on a tie). */
  private smallestGroup(): number {
    let smallest = 0;
    for (let phase = 1; phase < PRESENCE_PHASES; phase++) {
      if (this.groups[phase]!.size < this.groups[smallest]!.size) smallest = phase;
    }
    return smallest;
  }

  /**
   * Forgets the who-is-here changes every group has had a turn for since (`all`: every change, just
   * after a tick of everyone), freeing removed slots: a removal goes to everyone whatever the
   * budget, so by then it has.
   */
  private freeOffered(all: boolean): void {
    const changes = this.listChanges;
    let done = all ? changes.length : 0;
    while (done < changes.length && changes[done]!.turn + PRESENCE_PHASES <= this.turn) done++;
    if (done === 0) return;
    for (const { slot, version } of changes.slice(0, done)) {
      // Changed since (back again, say): a later entry of the list covers it.
      if (!slot.removed || slot.version !== version || this.byIndex[slot.index] !== slot) continue;
      this.slots.delete(slot.clientId);
      this.byIndex[slot.index] = undefined;
      this.freeIndexes.push(slot.index);
      for (const receiver of this.receivers.values()) receiver.waiting.delete(slot.index);
    }
    this.listChanges = changes.slice(done);
  }

  /**
   * Queues a changed slot for the receivers it is near: the facilitators' and the followed person's
   * for everyone, anyone's for its own followers, and a cursor for the receivers whose area holds
   * it (those without a viewport, stock clients, have everyone near, within the budget).
   */
  private offerNear(slot: Slot): void {
    const index = slot.index;
    const version = slot.version;
    if (slot.prominent || slot.clientId === this.followed) {
      for (const receiver of this.receivers.values()) {
        if (receiver.sent[index]! < version) receiver.waiting.add(index);
      }
      return;
    }
    const followers = this.followers.get(slot.clientId);
    if (followers) {
      for (const receiver of followers) {
        if (receiver.sent[index]! < version) receiver.waiting.add(index);
      }
    }
    const cursor = slot.cursor;
    if (cursor === null) return;
    const { x, y } = cursor;
    // These loops run for every changed cursor: keep them plain.
    const inCell = this.grid.at(x, y);
    if (inCell) {
      for (const receiver of inCell) {
        const area = receiver.area!;
        if (
          receiver.sent[index]! < version &&
          x >= area.left &&
          x <= area.right &&
          y >= area.top &&
          y <= area.bottom
        ) {
          receiver.waiting.add(index);
        }
      }
    }
    for (const receiver of this.grid.wideViewers) {
      const area = receiver.area;
      if (
        receiver.sent[index]! < version &&
        (area === null || (x >= area.left && x <= area.right && y >= area.top && y <= area.bottom))
      ) {
        receiver.waiting.add(index);
      }
    }
  }

  private nextStagger(): number {
    this.sweepStagger = (this.sweepStagger + PRESENCE_TICK_MS) % this.farRefreshMs;
    return this.sweepStagger;
  }

  private tickReceiver(receiver: Receiver<K>, now: number): void {
    const byIndex = this.byIndex;
    const sent = receiver.sent;
    receiver.tokens = Math.min(
      BUDGET_BURST_BYTES,
      receiver.tokens + ((now - receiver.lastRefill) / 1000) * this.budget,
    );
    receiver.lastRefill = now;
    const out = this.outEntries;
    out.length = 0;
    let bytes = 0;

    for (const { slot } of this.listChanges) {
      const seen = sent[slot.index]!;
      if (seen >= slot.version || slot.listVersion <= seen) continue;
      // Who is here: always, at once, whatever the budget.
      out.push(slot.entry);
      bytes += slot.entry.byteLength;
      sent[slot.index] = slot.version;
    }
    const waiting = receiver.waiting;
    if (waiting.size > 0) {
      for (const index of waiting) {
        if (bytes >= receiver.tokens) break;
        waiting.delete(index);
        const slot = byIndex[index];
        if (slot === undefined || sent[index]! >= slot.version) continue;
        out.push(slot.entry);
        bytes += slot.entry.byteLength;
        sent[index] = slot.version;
      }
    }

    if (receiver.sweepPos < 0 && now >= receiver.nextSweepAt) {
      receiver.sweepPos = 0;
      receiver.nextSweepAt = now + this.farRefreshMs;
    }
    if (receiver.sweepPos >= 0) {
      let index = receiver.sweepPos;
      for (; index < byIndex.length && bytes < receiver.tokens; index++) {
        const slot = byIndex[index];
        if (slot === undefined || sent[index]! >= slot.version) continue;
        out.push(slot.entry);
        bytes += slot.entry.byteLength;
        sent[index] = slot.version;
      }
      receiver.sweepPos = index >= byIndex.length ? -1 : index;
    }

    if (out.length === 0) return;
    receiver.tokens -= bytes;
    const { message, frame } = encodeMessage(out, bytes);
    out.length = 0;
    this.onSent(message.byteLength);
    receiver.send(message, frame);
  }
}
