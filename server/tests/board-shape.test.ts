import path from 'node:path';
import {
  BoardShape,
  CUT_MARK,
  CloseCode,
  PERSON_PARAM,
  PERSON_SECRET_PARAM,
  addItem,
  getItem,
  itemsMap,
  makeSticky,
  readItems,
} from '@weboard/shared';
import type { CreateBoardResponse } from '@weboard/shared';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { buildApp } from '../src/app';
import {
  connectClient,
  createBoard,
  freePort,
  startServer,
  tempDir,
  testConfig,
  waitFor,
  waitForAsync,
  withTokens,
} from './helpers';
import type { TestBoard, TestClient, TestServer } from './helpers';
import { launchServer } from './processes';

/** Writes an item map as a stock client can, with no validation at all. */
function rawItem(doc: Y.Doc, id: string, fields: Record<string, unknown>): void {
  const map = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(fields))
    map.set(key, key === 'text' ? new Y.Text(String(value)) : value);
  itemsMap(doc).set(id, map);
}

/** True when every record of every shaped map of `doc` is valid. */
function allValid(doc: Y.Doc): boolean {
  const shape = new BoardShape(doc);
  const valid = shape.invalid().length === 0;
  shape.destroy();
  return valid;
}

async function exportOf(server: TestServer, board: TestBoard, format: 'json' | 'csv') {
  return server.app.inject({
    url: `/api/boards/${board.id}/export?format=${format}`,
    headers: { authorization: `Bearer ${board.tokens.viewer}` },
  });
}

describe('the shape of a board, enforced by the server', () => {
  const data = tempDir();
  let server: TestServer;
  const clients: TestClient[] = [];
  const connect = async (board: TestBoard, role: 'editor' | 'facilitator') => {
    const client = await connectClient(server.wsUrl, board.id, board.tokens[role]);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    server = await startServer(testConfig(data.dir));
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await server?.close();
    data.remove();
  });

  it.each(['editor', 'facilitator'] as const)(
    'undoes junk a stock client of an %s writes before anyone sees or stores it',
    async (role) => {
      const board = await createBoard(server.app);
      const bob = await connect(board, 'editor');
      addItem(
        bob.doc,
        makeSticky({ id: 'bob1', x: 1, y: 2, z: 'a0', createdBy: 'bob', text: 'Hi' }),
      );
      const attacker = await connect(board, role);
      await waitFor(() => getItem(attacker.doc, 'bob1') !== null);
      // Bob's copy is checked after every update it receives: the junk must never be in it.
      let bobSawJunk = false;
      bob.doc.on('afterTransaction', () => {
        if (!allValid(bob.doc)) bobSawJunk = true;
      });
      attacker.doc.transact(() => {
        const items = itemsMap(attacker.doc) as Y.Map<unknown>;
        items.set('number', 5);
        items.set('null', null);
        items.set('text', new Y.Text('not an item'));
        itemsMap(attacker.doc).get('bob1')!.set('color', 'neon');
        itemsMap(attacker.doc).get('bob1')!.set('x', 'far');
        rawItem(attacker.doc, 'long', {
          ...makeSticky({ id: 'long', x: 0, y: 0, z: 'a1', createdBy: 'eve' }),
          text: 'w'.repeat(12_000),
        });
        attacker.doc.getMap('teams').set('t', 'not a team');
        attacker.doc.getMap('members').set('eve', { name: 42 });
      });
      const settled = (doc: Y.Doc) =>
        [...itemsMap(doc).keys()].sort().join() === 'bob1,long' && allValid(doc);
      await waitFor(() => settled(attacker.doc) && settled(bob.doc), 5000, 'the junk undone');
      expect(bobSawJunk).toBe(false);
      expect(getItem(bob.doc, 'bob1')).toMatchObject({ x: 1, color: 'yellow', text: 'Hi' });
      const long = getItem(bob.doc, 'long') as { text: string };
      expect(long.text).toHaveLength(10_000);
      expect(long.text.endsWith(CUT_MARK)).toBe(true);
      // Stored as undone: a fresh client reads the same, and both exports answer.
      const fresh = await connect(board, 'editor');
      expect(
        readItems(fresh.doc)
          .map((i) => i.id)
          .sort(),
      ).toEqual(['bob1', 'long']);
      expect(allValid(fresh.doc)).toBe(true);
      expect((await exportOf(server, board, 'json')).statusCode).toBe(200);
      expect((await exportOf(server, board, 'csv')).statusCode).toBe(200);
      const metrics = await server.app.inject({ url: '/metrics' });
      expect(metrics.body).toMatch(
        /weboard_invalid_records_total\{map="items",where="update"\} \d/,
      );
    },
  );

  it('shows records written by a stock client exactly as the README documents them', async () => {
    const board = await createBoard(server.app);
    // It speaks for user-1 (README: `user` and `userSecret`), whose member record it writes.
    const writer = await connectClient(server.wsUrl, board.id, board.tokens.editor, undefined, {
      [PERSON_PARAM]: 'user-1',
      [PERSON_SECRET_PARAM]: 'user-1-secret-0123456789',
    });
    clients.push(writer);
    const fields = {
      type: 'sticky',
      x: 10,
      y: 20,
      w: 200,
      h: 200,
      rotation: 0,
      z: 'a0',
      color: 'yellow',
      createdBy: 'script',
      createdAt: 1_700_000_000_000,
      teamId: 'pay',
      laneId: 'now',
      rank: 'a0',
    };
    writer.doc.transact(() => {
      // The id is the key: no `id` field inside the map. It starts with - on purpose (CSV).
      const note = new Y.Map<unknown>();
      for (const [key, value] of Object.entries(fields)) note.set(key, value);
      note.set('text', new Y.Text('Written by a script\nwith a description'));
      itemsMap(writer.doc).set('-from-script', note);
      const team = new Y.Map<unknown>();
      team.set('name', 'Payments');
      team.set('color', 'blue');
      writer.doc.getMap('teams').set('pay', team);
      for (const [id, name, order] of [
        ['now', 'Now', 'a0'],
        ['next', 'Next', 'a1'],
      ]) {
        const lane = new Y.Map<unknown>();
        lane.set('name', name);
        lane.set('order', order);
        writer.doc.getMap('lanes').set(id!, lane);
      }
      writer.doc.getMap('members').set('user-1', { name: 'Ann', teamId: 'pay' });
    });
    await waitForAsync(
      async () => (await exportOf(server, board, 'json')).json().items.length === 1,
      5000,
      'the note in the export',
    );
    const file = (await exportOf(server, board, 'json')).json();
    expect(file.items[0]).toMatchObject({
      ...fields,
      id: '-from-script',
      text: 'Written by a script\nwith a description',
    });
    expect(file.teams).toEqual({ pay: { name: 'Payments', color: 'blue' } });
    expect(file.members).toEqual({ 'user-1': { name: 'Ann', teamId: 'pay' } });
    const fresh = await connect(board, 'editor');
    expect(getItem(fresh.doc, '-from-script')).toMatchObject({ id: '-from-script', teamId: 'pay' });
    // The backlog CSV keeps the id as it is, and goes back in.
    const csv = (await exportOf(server, board, 'csv')).body;
    const row = csv.split('\r\n')[1]!;
    expect(
      row.startsWith('-from-script,1,Written by a script,with a description,Payments,Now'),
    ).toBe(true);
    const imported = await server.app.inject({
      method: 'POST',
      url: `/api/boards/${board.id}/import`,
      headers: { authorization: `Bearer ${board.tokens.editor}`, 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(imported.statusCode).toBe(201);
    expect(imported.json().errors).toEqual([]);
  });
});

describe('a board stored with junk', () => {
  it('loads, is repaired after an automatic snapshot, and the log says what was removed', async () => {
    const data = tempDir();
    const lines: string[] = [];
    const start = async () => {
      const app = await buildApp(testConfig(data.dir, { LOG_LEVEL: 'info' }), {
        logStream: { write: (line) => lines.push(line) },
      });
      await app.listen({ host: '127.0.0.1', port: 0 });
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      return { app, wsUrl: `ws://127.0.0.1:${port}` };
    };
    let server = await start();
    const created = await server.app.inject({
      method: 'POST',
      url: '/api/boards',
      payload: { title: 'Old' },
    });
    const board = withTokens(created.json<CreateBoardResponse>());
    const writer = await connectClient(server.wsUrl, board.id, board.tokens.editor);
    addItem(writer.doc, makeSticky({ id: 'keep', x: 0, y: 0, z: 'a0', createdBy: 'ann' }));
    writer.destroy();
    await server.app.close();
    // What a server before the shape guard stored: a number as an item, a team that is no map,
    // a note whose text is over the limit.
    const junk = new Y.Doc();
    (itemsMap(junk) as Y.Map<unknown>).set('junk', 7);
    junk.getMap('teams').set('t', 'x');
    rawItem(junk, 'long', {
      ...makeSticky({ id: 'long', x: 0, y: 0, z: 'a1', createdBy: 'old' }),
      text: 'l'.repeat(10_050),
    });
    const db = new Database(path.join(data.dir, 'weboard.sqlite'));
    db.prepare('INSERT INTO board_updates (board_id, data) VALUES (?, ?)').run(
      board.id,
      Buffer.from(Y.encodeStateAsUpdate(junk)),
    );
    db.close();

    server = await start();
    try {
      const reader = await connectClient(server.wsUrl, board.id, board.tokens.editor);
      await waitFor(() => !itemsMap(reader.doc).has('junk'), 5000, 'the junk removed');
      expect(
        readItems(reader.doc)
          .map((i) => i.id)
          .sort(),
      ).toEqual(['keep', 'long']);
      expect((getItem(reader.doc, 'long') as { text: string }).text).toHaveLength(10_000);
      expect(allValid(reader.doc)).toBe(true);
      reader.destroy();
      const auth = { authorization: `Bearer ${board.tokens.facilitator}` };
      let snapshots: { id: string; name: string; kind: string }[] = [];
      await waitForAsync(async () => {
        snapshots = (
          await server.app.inject({ url: `/api/boards/${board.id}/snapshots`, headers: auth })
        ).json();
        return snapshots.some((s) => s.name === 'Before repair');
      });
      const before = snapshots.find((s) => s.name === 'Before repair')!;
      expect(before.kind).toBe('auto');
      const kept = await server.app.inject({
        url: `/api/boards/${board.id}/snapshots/${before.id}`,
        headers: auth,
      });
      const state = new Y.Doc();
      Y.applyUpdate(state, Buffer.from(kept.json().state, 'base64'));
      expect(itemsMap(state).get('junk')).toBe(7);
      const logged = lines.map((line) => JSON.parse(line) as { msg: string; repairs?: unknown });
      const repair = logged.find(
        (line) => line.msg === 'repaired a board stored with invalid records',
      );
      expect(JSON.stringify(repair?.repairs)).toContain('"key":"junk","action":"removed"');
      // The repair is stored: after another restart there is nothing left to repair.
      await server.app.close();
      lines.length = 0;
      server = await start();
      const again = await connectClient(server.wsUrl, board.id, board.tokens.editor);
      expect(
        readItems(again.doc)
          .map((i) => i.id)
          .sort(),
      ).toEqual(['keep', 'long']);
      again.destroy();
      expect(lines.some((line) => line.includes('repaired a board'))).toBe(false);
    } finally {
      await server.app.close();
      data.remove();
    }
  });
});

describe('a board that fails', () => {
  it('is confined: its clients get 1011, other boards and the process go on, /healthz names it', async () => {
    const data = tempDir();
    const port = await freePort();
    const server = await launchServer(port, { DATA_DIR: data.dir, CLIENT_DIR: data.dir });
    const providers: WebsocketProvider[] = [];
    try {
      const create = async () =>
        withTokens(
          (await (
            await fetch(`${server.base}/api/boards`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ title: 'B' }),
            })
          ).json()) as CreateBoardResponse,
        );
      const broken = await create();
      const healthy = await create();
      // Stored bytes Yjs cannot decode (a disk fault, a bug): loading this board throws.
      const doc = new Y.Doc();
      addItem(doc, makeSticky({ id: 'n', x: 0, y: 0, z: 'a0', createdBy: 'x', text: 'cut off' }));
      const whole = Y.encodeStateAsUpdate(doc);
      const db = new Database(path.join(data.dir, 'weboard.sqlite'));
      db.prepare('INSERT INTO board_updates (board_id, data) VALUES (?, ?)').run(
        broken.id,
        Buffer.from(whole.subarray(0, whole.length - 4)),
      );
      db.close();

      const closes: { code: number; reason: string }[] = [];
      const victim = new WebsocketProvider(`${server.wsUrl}/sync`, broken.id, new Y.Doc(), {
        params: { token: broken.tokens.editor },
        WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
        disableBc: true,
      });
      providers.push(victim);
      victim.on('connection-close', (event: { code: number; reason: string } | null) => {
        if (event) closes.push({ code: event.code, reason: event.reason });
      });
      await waitFor(() => closes.length > 0, 10_000, 'the failing board to close its client');
      victim.destroy();
      expect(closes[0]!.code).toBe(CloseCode.InternalError);
      expect(closes[0]!.reason).toMatch(/failed/);

      const health = await fetch(`${server.base}/healthz`);
      expect(health.status).toBe(200);
      const body = (await health.json()) as {
        status: string;
        failedBoards: { boardId: string; reason: string }[];
      };
      expect(body.status).toBe('degraded');
      expect(body.failedBoards.map((b) => b.boardId)).toEqual([broken.id]);

      // Every other board is served as before.
      const a = await connectClient(server.wsUrl, healthy.id, healthy.tokens.editor);
      const b = await connectClient(server.wsUrl, healthy.id, healthy.tokens.editor);
      addItem(a.doc, makeSticky({ id: 'ok', x: 0, y: 0, z: 'a0', createdBy: 'a' }));
      await waitFor(() => getItem(b.doc, 'ok') !== null, 5000, 'an edit on another board');
      a.destroy();
      b.destroy();
      expect(server.child.exitCode).toBeNull();
    } finally {
      for (const provider of providers) provider.destroy();
      await server.kill();
      data.remove();
    }
  });
});
