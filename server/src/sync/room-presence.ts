import * as awarenessProtocol from 'y-protocols/awareness';
import type { Metrics } from '../observability/metrics';
import type { Connection } from './connection';
import { allEntriesStale, entryJson, isRemoval, readAwarenessEntries } from './limits';
import type { AwarenessEntry, RawAwarenessEntry } from './limits';
import { PresenceBursts } from './presence-burst';
import { PRESENCE_PHASES, PRESENCE_TICK_MS, PresenceFanout } from './presence-fanout';
import { boundSelectionField, stateMayNeedBounds } from './presence-state';
import { encodeAwareness } from './protocol';
import { MalformedMessageError, RateLimitedError } from './room-errors';

/** Largest presence state of one client (JSON characters); a cursor, a name and a selection fit easily. */
const MAX_AWARENESS_STATE_CHARS = 16 * 1024;

/** How long a connection whose presence is claimed by another has to answer a ping. */
const PRESENCE_PROBE_MS = 2000;

/**
 * From this many connections on, a room's presence ticks serve its people by group in turn (see
 * PresenceFanout.tick): one tick sending 500 messages held up the edits read meanwhile, and every
 * client got its message in the same few milliseconds. A smaller room gains nothing from it and
 * would only wake PRESENCE_PHASES times as often.
 */
const PHASED_FROM = 50;

/** Presence client ids one connection may own (a stock client uses one). */
const MAX_AWARENESS_CLIENTS_PER_CONNECTION = 4;

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

export interface RoomPresenceOptions {
  /** The room's connections: presence ticks run only while it has some. */
  connections: ReadonlySet<Connection>;
  metrics: Metrics;
}

/**
 * A room's presence (awareness): who may set which client id, what is accepted from each
 * connection, and the ticks that send it out within each person's budget (see presence-fanout.ts).
 * The server is not a participant; only clients have presence.
 */
export class RoomPresence {
  /** Which connection set each presence client id, so nobody can overwrite or remove another's. */
  private readonly owners = new Map<number, Connection>();
  private readonly fanout: PresenceFanout<Connection>;
  /** Bounds the emoji bursts states carry (see presence-burst.ts). */
  private readonly bursts = new PresenceBursts();
  /**
   * Entries of the presence message being applied that are relayed as the client sent them (not
   * rewritten), by client id: the fan-out takes their JSON bytes instead of serialising the state
   * again. Null outside `receive`.
   */
  private incoming: Map<number, RawAwarenessEntry> | null = null;
  /** Runs the presence ticks while the fan-out has anything to do; null while idle. */
  private timer: NodeJS.Timeout | null = null;
  /** Whether the ticks serve one group each (a big room); see PHASED_FROM. */
  private phased = false;
  /** The group the next tick serves while phased. */
  private phase = 0;

  constructor(
    readonly awareness: awarenessProtocol.Awareness,
    private readonly options: RoomPresenceOptions,
  ) {
    this.awareness.setLocalState(null);
    this.fanout = new PresenceFanout({
      onSent: (bytes) => options.metrics.presenceOut.inc(bytes),
      // Document updates held for this turn go now, in the presence message's write if it had one.
      onTurn: (connection) => connection.flushHeld(),
    });
    this.awareness.on('update', this.onAwarenessUpdate);
  }

  /** Sends `connection` everyone's presence as of now; the ticks bring what changes after it. */
  greet(connection: Connection): void {
    const everyone = this.fanout.everyone();
    if (everyone) connection.sendFramed(everyone.message, everyone.frame);
    this.fanout.addReceiver(
      connection,
      (message, frame) => connection.sendFramed(message, frame),
      performance.now(),
    );
    connection.takesTurns = true;
  }

  /**
   * Whether the ticks serve this room's people by group in turn now (a big room with presence
   * changing): document updates then wait for each person's turn (see UpdateBroadcast).
   */
  get takingTurns(): boolean {
    return this.phased && this.timer !== null;
  }

  /** Answers a client's query for everyone's presence. */
  answerQuery(connection: Connection): void {
    const everyone = this.fanout.everyone();
    if (everyone) connection.sendFramed(everyone.message, everyone.frame);
    else connection.send(encodeAwareness(this.awareness, []));
  }

  /** Removes what `connection` had set (sent to the others as a removal) and stops sending to it. */
  removeConnection(connection: Connection): void {
    this.fanout.removeReceiver(connection);
    connection.takesTurns = false;
    connection.flushHeld();
    for (const clientId of connection.awarenessClients) {
      if (this.owners.get(clientId) === connection) this.owners.delete(clientId);
    }
    if (connection.awarenessClients.size > 0) {
      awarenessProtocol.removeAwarenessStates(
        this.awareness,
        [...connection.awarenessClients],
        null,
      );
    }
  }

  /** Puts the followed person's presence (the session's "follow me") at full rate for everyone. */
  setFollowed(clientId: number | null): void {
    this.fanout.setFollowed(clientId);
  }

  /**
   * Applies a presence update after checking it: each state is bounded in size, and a connection
   * may only set or remove the presence of client ids it owns (the first to claim an id owns it until
   * it goes away). Entries for ids another live connection owns are dropped, not fatal: a client that
   * reconnects before the server noticed its old socket died gets its id once that socket fails a
   * ping (see Connection.probe). An emoji burst a state carries is kept only when it fits and
   * comes within the burst rate (see presence-burst.ts); otherwise the state goes on without it.
   *
   * The message is read before anything is charged. Stock y-websocket clients send back every
   * presence they receive; such echoes (and stale entries of the sender's own ids) cost nothing, are
   * never applied nor relayed again, and a message holding only those is bounded by its bytes
   * alone. Only accepted entries count against the presence limit.
   */
  receive(connection: Connection, update: Uint8Array): void {
    // Most messages are echoes: told apart in place, before anything is allocated.
    this.staleFrom = connection;
    this.staleCount = 0;
    if (allEntriesStale(update, MAX_AWARENESS_STATE_CHARS, this.isStale)) {
      this.staleFrom = null;
      if (this.staleCount > 0) {
        this.options.metrics.presenceEntries.inc({ kind: 'ignored' }, this.staleCount);
      }
      if (!connection.admitEcho(update.byteLength)) {
        throw new RateLimitedError('Too many presence echoes');
      }
      return;
    }
    this.staleFrom = null;
    let entries: RawAwarenessEntry[];
    try {
      entries = readAwarenessEntries(update);
    } catch {
      throw new MalformedMessageError('Invalid awareness update');
    }
    const accepted: AwarenessEntry[] = [];
    const asSent = new Map<number, RawAwarenessEntry>();
    const now = performance.now();
    let claims = 0;
    let ignored = 0;
    for (const entry of entries) {
      // JSON characters never outnumber its UTF-8 bytes, so only a long one needs decoding to tell.
      if (
        entry.jsonBytes.length > MAX_AWARENESS_STATE_CHARS &&
        entryJson(entry).length > MAX_AWARENESS_STATE_CHARS
      ) {
        throw new MalformedMessageError('Presence state too large');
      }
      const owner = this.owners.get(entry.clientId);
      const known = this.awareness.meta.get(entry.clientId)?.clock ?? -1;
      const removal = isRemoval(entry);
      if (owner === connection) {
        // As y-protocols applies it: a newer clock, or a removal of a present state at the same one.
        const advances =
          entry.clock > known ||
          (entry.clock === known && removal && this.awareness.states.has(entry.clientId));
        if (!advances) {
          ignored += 1;
          continue;
        }
      } else {
        // An echo is never newer than what we hold, and a removal only its owner may send: neither
        // claims an id.
        if (entry.clock <= known || removal) {
          ignored += 1;
          continue;
        }
        if (owner && owner.isOpen) {
          claims += 1;
          connection.log.debug({ clientId: entry.clientId }, 'dropped presence of another client');
          // Usually the same browser back on a new socket: if the old one is dead, it goes within
          // seconds and the next presence update from this one is accepted.
          owner.probe(PRESENCE_PROBE_MS);
          continue;
        }
        if (connection.awarenessClients.size >= MAX_AWARENESS_CLIENTS_PER_CONNECTION) {
          throw new MalformedMessageError('Too many presence client ids');
        }
        owner?.awarenessClients.delete(entry.clientId);
        this.owners.set(entry.clientId, connection);
        connection.awarenessClients.add(entry.clientId);
      }
      const json = entryJson(entry);
      const checked = removal ? json : this.checkState(connection, entry.clientId, json, now);
      if (checked === json) asSent.set(entry.clientId, entry);
      accepted.push({ clientId: entry.clientId, clock: entry.clock, json: checked });
    }
    if (ignored > 0) this.options.metrics.presenceEntries.inc({ kind: 'ignored' }, ignored);
    if (accepted.length === 0 && claims === 0) {
      if (!connection.admitEcho(update.byteLength)) {
        throw new RateLimitedError('Too many presence echoes');
      }
      return;
    }
    // A claim of another's id is charged like an accepted entry: it is not an echo, and a client
    // hammering someone else's id must hit a limit too.
    if (!connection.chargePresence(accepted.length + claims, update.byteLength)) {
      throw new RateLimitedError('Too many presence updates');
    }
    if (accepted.length === 0) return;
    this.incoming = asSent;
    try {
      this.apply(accepted, connection);
    } finally {
      this.incoming = null;
    }
  }

  /**
   * Applies accepted entries to the room's awareness as y-protocols' applyAwarenessUpdate does (a
   * newer clock, or a removal at the same clock, wins; `meta` records when), then emits its
   * 'update' event, which the fan-out and the cross-instance relay listen to. Unlike
   * applyAwarenessUpdate it takes the entries `receive` has already read instead of decoding the
   * message a second time, applies none of them if one is not JSON (y-protocols would have applied
   * those before it), and emits no 'change' event (which needs each state compared deeply with the
   * one it replaces, and nothing on the server listens to).
   */
  private apply(entries: readonly AwarenessEntry[], origin: Connection): void {
    let states: unknown[];
    try {
      states = entries.map((entry) => JSON.parse(entry.json) as unknown);
    } catch {
      throw new MalformedMessageError('Invalid awareness update');
    }
    const { awareness } = this;
    const now = Date.now();
    const change: AwarenessChange = { added: [], updated: [], removed: [] };
    entries.forEach(({ clientId, clock }, i) => {
      const state = states[i] ?? null;
      const meta = awareness.meta.get(clientId);
      const known = meta?.clock ?? 0;
      if (!(
        known < clock ||
        (known === clock && state === null && awareness.states.has(clientId))
      )) {
        return;
      }
      if (state === null) awareness.states.delete(clientId);
      else awareness.states.set(clientId, state as Record<string, unknown>);
      awareness.meta.set(clientId, { clock, lastUpdated: now });
      if (meta === undefined && state !== null) change.added.push(clientId);
      else if (meta !== undefined && state === null) change.removed.push(clientId);
      else if (state !== null) change.updated.push(clientId);
    });
    if (change.added.length + change.updated.length + change.removed.length > 0) {
      awareness.emit('update', [change, origin]);
    }
  }

  /**
   * The state JSON to accept from `connection` for `clientId`, bounded: an emoji burst only within
   * its rate and shape (see presence-burst.ts), a selection of at most MAX_SHARED_SELECTION ids.
   * `json` itself when nothing needs cutting; most states are not even decoded.
   */
  private checkState(connection: Connection, clientId: number, json: string, now: number): string {
    if (!stateMayNeedBounds(json)) return json;
    let state: unknown;
    try {
      state = JSON.parse(json);
    } catch {
      // Not JSON at all: y-protocols refuses the message when it applies it.
      return json;
    }
    if (!state || typeof state !== 'object' || Array.isArray(state)) return json;
    const fields = state as Record<string, unknown>;
    const burstCut = this.bursts.bound(connection, clientId, fields, now);
    const selectionCut = boundSelectionField(fields);
    return burstCut || selectionCut ? JSON.stringify(fields) : json;
  }

  /** The connection whose message `isStale` judges, and how many of its entries were stale. */
  private staleFrom: Connection | null = null;
  private staleCount = 0;

  /**
   * Whether an entry from `staleFrom` is dropped unapplied, as `receive` decides below: an entry of
   * its own ids that does not advance (as y-protocols applies it), or anyone else's that is no newer
   * than what we hold or removes it.
   */
  private readonly isStale = (clientId: number, clock: number, removal: boolean): boolean => {
    const known = this.awareness.meta.get(clientId)?.clock ?? -1;
    const stale =
      this.owners.get(clientId) === this.staleFrom
        ? !(clock > known || (clock === known && removal && this.awareness.states.has(clientId)))
        : clock <= known || removal;
    if (stale) this.staleCount += 1;
    return stale;
  };

  private flushHeld(): void {
    for (const connection of this.options.connections) connection.flushHeld();
  }

  destroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.flushHeld();
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
  }

  /**
   * Every presence change (from a client, another instance, or a timeout) goes to the fan-out,
   * which sends it with the next tick (see presence-fanout.ts).
   */
  private readonly onAwarenessUpdate = (
    { added, updated, removed }: AwarenessChange,
    _origin: unknown,
  ): void => {
    const states = this.awareness.getStates();
    for (const clientId of [...added, ...updated, ...removed]) {
      const clock = this.awareness.meta.get(clientId)?.clock ?? 0;
      const state = (states.get(clientId) ?? null) as Record<string, unknown> | null;
      const owner = this.owners.get(clientId) ?? null;
      // A connection's own role, not what its presence claims; another instance's people say theirs.
      const role = owner ? owner.role : (state?.user as { role?: unknown } | undefined)?.role;
      const sent = state === null ? undefined : this.incoming?.get(clientId);
      const json = sent?.clock === clock ? sent.jsonBytes : undefined;
      this.fanout.set(clientId, clock, state, owner, role === 'facilitator', json);
      if (state === null) this.bursts.forget(clientId);
    }
    if (this.timer === null && this.options.connections.size > 0) this.startTicks();
  };

  private startTicks(): void {
    this.phased = this.options.connections.size >= PHASED_FROM;
    this.phase = 0;
    const interval = this.phased ? PRESENCE_TICK_MS / PRESENCE_PHASES : PRESENCE_TICK_MS;
    this.timer = setInterval(this.tick, interval);
  }

  private readonly tick = (): void => {
    const now = performance.now();
    if (this.phased) {
      this.fanout.tick(now, this.phase);
      this.phase = (this.phase + 1) % PRESENCE_PHASES;
    } else this.fanout.tick(now);
    if (this.timer === null) return;
    if (!this.fanout.busyAt(now)) {
      clearInterval(this.timer);
      this.timer = null;
      // No turn comes any more: what was held for one goes now.
      this.flushHeld();
    } else if (this.phase === 0 && this.phased !== this.options.connections.size >= PHASED_FROM) {
      // The room grew or shrank past PHASED_FROM: the new pace starts with a whole round.
      clearInterval(this.timer);
      this.flushHeld();
      this.startTicks();
    }
  };
}
