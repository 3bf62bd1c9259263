import * as Y from 'yjs';
import { BenchClient, REMOTE } from './clients';
import type { RoomRef } from './clients';
import { scanMarkers } from './marker';
import type { MarkerSink, Phase } from './marker';
import { cursorOf, inside, presenceJson } from './people-layout';
import type { Box } from './people-layout';
import type { PeopleResult } from './people-result';
import { echoMessage, ownPresenceMessage } from './people-wire';
import type { RunningServer } from './servers';
import type { Samples } from './stats';

/*
 * One bench:people person: a lightweight protocol client that sends its own presence, echoes
 * what it receives the way the stock provider does (see people.ts), and records, as a receiver,
 * the newest clock it holds of everyone and the latency of the cursors in its viewport.
 */

/** Awareness client ids are BASE_CLIENT_ID + person index. */
const BASE_CLIENT_ID = 100_000;
/** Cursor states remembered per mover, by clock: far more than any latency we measure. */
const RING = 1024;

/** Everything the run knows about one person (sender side and receiver side). */
export interface Person {
  index: number;
  clientId: number;
  mover: boolean;
  editor: boolean;
  team: number;
  viewport: Box;
  client: BenchClient;
  /** Clock of this person's latest own presence. */
  clock: number;
  /** Receiver side: newest clock seen of every person (0: none yet). */
  known: Int32Array;
  /** Editors: their document and the sticky they move. */
  doc?: Y.Doc;
  itemId?: string;
  lastOwnSendAt: number;
  /** Mover side: send time and cursor of each clock, ring-indexed. */
  sentAt?: Float64Array;
  sentClock?: Int32Array;
  sentX?: Float64Array;
  sentY?: Float64Array;
}

/** What the whole run counts while people send and receive. */
export interface RunState {
  phase: Phase;
  cursorSamples: Samples;
  editSamples: Samples;
  editReceived: number;
  /** performance.now() when the measured window began: earlier cursor states are not sampled. */
  windowStart: number;
  cursorSent: number;
  editSent: number;
}

class EditSink implements MarkerSink {
  now = 0;
  constructor(
    private readonly self: number,
    private readonly run: RunState,
  ) {}
  marker(measured: boolean, writer: number, sentAt: number): void {
    if (!measured || writer === this.self) return;
    this.run.editReceived++;
    this.run.editSamples.push(this.now - sentAt);
  }
}

/** A person sends their own presence (a new clock), remembering the cursor if they move. */
export function sendOwn(p: Person, step = 0): void {
  p.clock += 1;
  const now = performance.now();
  const { x, y } = cursorOf(p.index, p.viewport, step);
  if (p.sentClock) {
    const slot = p.clock % RING;
    p.sentClock[slot] = p.clock;
    p.sentAt![slot] = now;
    p.sentX![slot] = x;
    p.sentY![slot] = y;
  }
  p.lastOwnSendAt = now;
  p.client.sendMessage(
    ownPresenceMessage(
      p.client.messagePrefix,
      p.clientId,
      p.clock,
      presenceJson(p, x, y, performance.timeOrigin + now),
    ),
  );
}

export interface RoomContext {
  room: RoomRef;
  protocol: RunningServer['info']['protocol'];
  n: number;
  /** Only the stock y-websocket provider echoes (see the comment at the top). */
  echoes: boolean;
  people: Person[];
  run: RunState;
  result: PeopleResult;
}

/** Person `i`: their place, their (not yet connected) client, and what they do with what arrives. */
export function makePerson(
  i: number,
  place: { team: number; viewport: Box },
  ctx: RoomContext,
): Person {
  const { run, people, n } = ctx;
  // Spread over the teams: 3 in 10 move, 1 in 10 edits.
  const mover = [0, 3, 6].includes(i % 10);
  const editor = i % 10 === 9;
  const clientId = BASE_CLIENT_ID + i;
  const doc = editor ? new Y.Doc() : undefined;
  if (doc) doc.clientID = clientId;
  const known = new Int32Array(n);
  const sink = new EditSink(i, run);
  const person: Person = {
    index: i,
    clientId,
    mover,
    editor,
    team: place.team,
    viewport: place.viewport,
    clock: 0,
    known,
    lastOwnSendAt: 0,
    client: undefined as unknown as BenchClient,
    ...(doc ? { doc } : {}),
    ...(mover
      ? {
          sentAt: new Float64Array(RING),
          sentClock: new Int32Array(RING).fill(-1),
          sentX: new Float64Array(RING),
          sentY: new Float64Array(RING),
        }
      : {}),
  };
  const byClientId = (id: number): number => {
    const index = id - BASE_CLIENT_ID;
    return index >= 0 && index < n ? index : -1;
  };
  /** The receive time of the message being walked (`visit` runs once per entry). */
  let receivedAt = 0;
  const visit = (id: number, clock: number): boolean => {
    const from = byClientId(id);
    if (from < 0 || from === i || clock <= known[from]!) return false;
    known[from] = clock;
    const sender = people[from];
    if (run.phase === 'm' && sender?.sentClock) {
      const slot = clock % RING;
      if (
        sender.sentClock[slot] === clock &&
        sender.sentAt![slot]! >= run.windowStart &&
        inside(person.viewport, sender.sentX![slot]!, sender.sentY![slot]!)
      ) {
        run.cursorSamples.push(receivedAt - sender.sentAt![slot]!);
      }
    }
    return true;
  };
  const onAwareness = (frame: Buffer, start: number, end: number): void => {
    receivedAt = performance.now();
    const echo = echoMessage(frame, start, end, visit, ctx.echoes);
    if (echo) person.client.sendMessage(echo);
  };
  person.client = new BenchClient({
    room: ctx.room,
    protocol: ctx.protocol,
    ...(doc ? { doc, applyBoard: false } : {}),
    // What the providers do on open: send their own presence.
    onOpen: () => sendOwn(person),
    onAwareness,
    onFrame: (frame) => {
      sink.now = performance.now();
      scanMarkers(frame, sink);
    },
    onDrop: (code) => {
      ctx.result.closes[String(code)] = (ctx.result.closes[String(code)] ?? 0) + 1;
    },
    connectTimeoutMs: 120_000,
  });
  if (doc) {
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== REMOTE) person.client.sendUpdate(update);
    });
  }
  return person;
}
