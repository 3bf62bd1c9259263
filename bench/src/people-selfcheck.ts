/*
 * Checks that bench:people's lightweight person echoes presence exactly as the stock y-websocket
 * provider does: a real `WebsocketProvider` (y-websocket 3.1.0) sits in a room with model people
 * who move; every awareness message the real provider sends back must equal what
 * `echoMessage` predicts from the messages it received (same messages, same entries, same
 * order). Run: pnpm --filter @weboard/bench people:selfcheck
 */
import { isDeepStrictEqual } from 'node:util';
import * as decoding from 'lib0/decoding';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { BenchClient } from './clients';
import { awarenessUpdateOf, echoMessage, ownPresenceMessage } from './people-wire';
import { killAllServers, startServer } from './servers';
import { sleep } from './stats';

const MSG_AWARENESS = 1;
const REAL_ID = 4242;

/** The entries of an awareness update: [clientId, clock, state]. */
function entries(payload: Uint8Array): [number, number, unknown][] {
  const decoder = decoding.createDecoder(payload);
  const out: [number, number, unknown][] = [];
  for (let count = decoding.readVarUint(decoder); count > 0; count--) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    out.push([clientId, clock, JSON.parse(decoding.readVarString(decoder))]);
  }
  return out;
}

/** The awareness payload of a y-websocket frame, or null for other messages. */
function awarenessPayload(frame: Uint8Array): Uint8Array | null {
  const decoder = decoding.createDecoder(frame);
  if (decoding.readVarUint(decoder) !== MSG_AWARENESS) return null;
  return decoding.readVarUint8Array(decoder);
}

async function main(): Promise<void> {
  const server = await startServer('y-websocket', { cpus: null });
  try {
    const room = await server.createRoom('people-selfcheck');
    const doc = new Y.Doc();
    doc.clientID = REAL_ID;
    const provider = new WebsocketProvider(`ws://127.0.0.1:${server.port}`, room.docName, doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    });
    const received: Uint8Array[] = [];
    const sent: Uint8Array[] = [];
    const ws = provider.ws as unknown as WebSocket;
    ws.addEventListener('message', (event) => {
      const payload = awarenessPayload(new Uint8Array(event.data as ArrayBuffer));
      if (payload) received.push(payload);
    });
    const send = ws.send.bind(ws) as (data: Uint8Array) => void;
    (ws as unknown as { send: (data: Uint8Array) => void }).send = (data) => {
      const payload = awarenessPayload(data);
      if (payload) sent.push(payload);
      send(data);
    };
    provider.awareness.setLocalState({ user: { name: 'stock provider' } });

    // Three model people: two move, one sits still.
    const people = [1, 2, 3].map((id) => {
      const client = new BenchClient({ room, protocol: 'y-websocket' });
      return { id: 100_000 + id, client, clock: 0 };
    });
    await Promise.all(people.map((p) => p.client.connect()));
    const say = (p: (typeof people)[number]) => {
      p.clock += 1;
      p.client.sendMessage(
        ownPresenceMessage(
          p.client.messagePrefix,
          p.id,
          p.clock,
          JSON.stringify({ user: { name: `p${p.id}` }, x: p.clock }),
        ),
      );
    };
    for (const p of people) say(p);
    for (let step = 0; step < 20; step++) {
      say(people[0]!);
      if (step % 2 === 0) say(people[1]!);
      await sleep(20);
    }
    await sleep(500);

    // What the model says the provider sends back for what it received, in order.
    const known = new Map<number, number>();
    const expected = received
      .map((payload) =>
        echoMessage(
          payload,
          0,
          payload.length,
          (clientId, clock) => {
            if (clientId === REAL_ID || clock <= (known.get(clientId) ?? 0)) return false;
            known.set(clientId, clock);
            return true;
          },
          true,
        ),
      )
      .filter((echo): echo is Buffer => echo !== null)
      .map((echo) => entries(awarenessUpdateOf(echo)));
    // What it sent, without its own presence.
    const echoes = sent.map(entries).filter((list) => list.some(([id]) => id !== REAL_ID));
    provider.destroy();
    for (const p of people) p.client.close();
    const same = isDeepStrictEqual(echoes, expected);
    console.log(
      `stock provider received ${received.length} awareness messages and echoed ${echoes.length}; the model predicts ${expected.length}: ${same ? 'identical' : 'DIFFERENT'}`,
    );
    if (!same) {
      console.log(JSON.stringify({ echoes, expected }, null, 1).slice(0, 4000));
      process.exitCode = 1;
    }
  } finally {
    await server.stop();
    killAllServers();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
