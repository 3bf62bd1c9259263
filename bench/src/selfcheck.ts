/*
 * pnpm --filter @weboard/bench selfcheck — checks the generator's minimal protocol clients against
 * each server AND a stock provider on the same board (y-websocket's WebsocketProvider for WeBoard
 * and @y/websocket-server, @hocuspocus/provider for Hocuspocus), in both directions:
 *  - what the seeder and a writer of the generator send shows up in the stock provider's document;
 *  - a drag made through the stock provider reaches a generator receiver, marker intact.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { addItem, itemsMap, makeSticky, newItemId, updateItem } from '@weboard/shared';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { BenchClient, REMOTE } from './clients';
import { makeMarker, scanMarkers } from './marker';
import { TARGETS, killAllServers, startServer, targetAvailable } from './servers';
import type { RunningServer, TargetName } from './servers';
import { sleep } from './stats';
import { seedStickies } from './workload';

async function until(what: string, predicate: () => boolean, ms = 10_000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!predicate()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

function stockProvider(server: RunningServer, url: string, docName: string, doc: Y.Doc) {
  if (server.info.protocol === 'hocuspocus') {
    const socket = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: WebSocket });
    const provider = new HocuspocusProvider({
      websocketProvider: socket,
      name: docName,
      document: doc,
      token: 'bench',
    });
    provider.attach();
    return {
      synced: () => provider.synced,
      destroy: () => {
        provider.destroy();
        socket.destroy();
      },
    };
  }
  const parsed = new URL(url);
  const token = parsed.searchParams.get('token');
  const base = `ws://${parsed.host}${parsed.pathname.slice(0, parsed.pathname.lastIndexOf('/'))}`;
  const provider = new WebsocketProvider(base, docName, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    ...(token ? { params: { token } } : {}),
    disableBc: true,
  });
  return { synced: () => provider.synced, destroy: () => provider.destroy() };
}

async function check(target: TargetName): Promise<void> {
  const dataDir = target === 'weboard' ? mkdtempSync(path.join(tmpdir(), 'weboard-check-')) : null;
  const server = await startServer(target, { cpus: null, ...(dataDir ? { dataDir } : {}) });
  const clients: BenchClient[] = [];
  let stock: { synced(): boolean; destroy(): void } | undefined;
  try {
    const room = await server.createRoom('selfcheck');
    const protocol = server.info.protocol;

    const seedDoc = new Y.Doc();
    const seeder = new BenchClient({ room, protocol, doc: seedDoc });
    clients.push(seeder);
    seedDoc.on('update', (u: Uint8Array, origin: unknown) => {
      if (origin !== REMOTE) seeder.sendUpdate(u);
    });
    await seeder.connect();
    seedStickies(seedDoc, 5, 'check ');
    await seeder.barrier();

    const seen: string[] = [];
    const receiver = new BenchClient({
      room,
      protocol,
      onFrame: (frame) =>
        scanMarkers(frame, {
          marker: (measured, writer, sentAt) => seen.push(`${measured}/${writer}/${sentAt}`),
        }),
    });
    clients.push(receiver);
    await receiver.connect();

    const stockDoc = new Y.Doc();
    stock = stockProvider(server, room.url, room.docName, stockDoc);
    await until('the stock provider to sync', () => stock!.synced());
    await until('the seeded items at the stock provider', () => itemsMap(stockDoc).size === 5);

    // Generator writer → stock provider and generator receiver.
    const writerDoc = new Y.Doc();
    const writer = new BenchClient({ room, protocol, doc: writerDoc, applyBoard: false });
    clients.push(writer);
    writerDoc.on('update', (u: Uint8Array, origin: unknown) => {
      if (origin !== REMOTE) writer.sendUpdate(u);
    });
    await writer.connect();
    const id = newItemId();
    addItem(writerDoc, makeSticky({ id, x: 0, y: 0, z: 'b0', createdBy: 'writer' }, 1));
    const marker = makeMarker('m', 7, 1234.5);
    writerDoc.transact(() => {
      updateItem(writerDoc, id, { x: 42, y: 43 });
      itemsMap(writerDoc).get(id)!.set('bm', marker);
    });
    await until('the writer drag at the stock provider', () => {
      const item = itemsMap(stockDoc).get(id);
      return item?.get('x') === 42 && item.get('bm') === marker;
    });
    await until('the writer marker at the receiver', () => seen.includes('true/7/1234.5'));

    // Stock provider drag → generator receiver.
    const seededId = [...itemsMap(stockDoc).keys()][0]!;
    stockDoc.transact(() => {
      updateItem(stockDoc, seededId, { x: 7, y: 8 });
      itemsMap(stockDoc)
        .get(seededId)!
        .set('bm', makeMarker('w', 3, 99.25));
    });
    await until('the stock drag at the receiver', () => seen.includes('false/3/99.25'));
    console.log(`✓ ${server.info.label}`);
  } finally {
    stock?.destroy();
    for (const c of clients) c.close();
    await Promise.all(clients.map((c) => c.closed()));
    await server.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

let failed = false;
for (const target of TARGETS) {
  const unavailable = targetAvailable(target);
  if (unavailable) {
    console.log(`– ${target}: ${unavailable}`);
    continue;
  }
  try {
    await check(target);
  } catch (err) {
    failed = true;
    console.log(`✗ ${target}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
killAllServers();
process.exit(failed ? 1 : 0);
