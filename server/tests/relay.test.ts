import { randomBytes } from 'node:crypto';
import {
  CloseCode,
  DEMOTED_REASON,
  LINK_ROTATED_REASON,
  WeBoardMessageType,
  addItem,
  getItem,
  makeSticky,
  readItems,
  updateItem,
} from '@weboard/shared';
import type { CreateBoardResponse, RoleGrant } from '@weboard/shared';
import * as decoding from 'lib0/decoding';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PostgresBoardStore } from '../src/storage/postgres-store';
import { testDatabaseUrl } from '../src/storage/test-database';
import {
  connectClient,
  createBoard,
  freePort,
  rawClient,
  startServer,
  tempDir,
  testConfig,
  waitFor,
  withTokens,
  textOf,
  waitForAsync,
} from './helpers';
import type { TestClient, TestServer } from './helpers';
import { launchServer, startBalancer } from './processes';
import { sample } from './raw';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('several instances (PostgreSQL + Redis)', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** Environment of one deployment: a PostgreSQL schema of its own, shared by its instances. */
  function deployment(extra: Record<string, string> = {}) {
    const schema = `wb_relay_${randomBytes(6).toString('hex')}`;
    const data = tempDir();
    cleanups.push(data.remove);
    cleanups.push(async () => {
      const store = new PostgresBoardStore({ connectionString: testDatabaseUrl(), schema });
      await store.dropSchema();
      await store.close();
    });
    return {
      DATA_DIR: data.dir,
      DATABASE_URL: testDatabaseUrl(),
      DATABASE_SCHEMA: schema,
      REDIS_URL,
      // One secret for all instances, so a link from one works on the others.
      WEBOARD_SECRET: 'shared-secret-for-all-instances',
      ...extra,
    };
  }

  async function instance(env: Record<string, string>): Promise<TestServer> {
    const started = await startServer(testConfig(env.DATA_DIR!, env));
    cleanups.push(started.close);
    return started;
  }

  it('makes clients on different instances converge, presence included', async () => {
    const env = deployment();
    const a = await instance(env);
    const b = await instance(env);
    const board = await createBoard(a.app, 'Two instances');
    const onA = await connectClient(a.wsUrl, board.id, board.tokens.editor);
    cleanups.push(onA.destroy);
    const onB = await connectClient(b.wsUrl, board.id, board.tokens.editor);
    cleanups.push(onB.destroy);
    expect(onB.doc.getMap('meta').get('title')).toBe('Two instances');
    const relayed = async (server: TestServer, direction: string) =>
      sample(
        (await server.app.inject({ url: '/metrics' })).body,
        `weboard_relay_messages_total{direction="${direction}"}`,
      );
    const counters = async () => ({
      aIn: await relayed(a, 'in'),
      aOut: await relayed(a, 'out'),
      bIn: await relayed(b, 'in'),
      bOut: await relayed(b, 'out'),
    });
    // A baseline with nothing in flight: two equal readings in a row.
    const quiet = async () => {
      for (;;) {
        const first = await counters();
        await new Promise((resolve) => setTimeout(resolve, 300));
        const second = await counters();
        if (JSON.stringify(first) === JSON.stringify(second)) return second;
      }
    };
    const before = await quiet();

    addItem(onA.doc, makeSticky({ id: 'from-a', x: 1, y: 1, z: 'a0', createdBy: 'a', text: 'A' }));
    addItem(onB.doc, makeSticky({ id: 'from-b', x: 2, y: 2, z: 'a1', createdBy: 'b', text: 'B' }));
    // Concurrent edits of the same item from both sides.
    await waitFor(() => readItems(onA.doc).length === 2 && readItems(onB.doc).length === 2);
    updateItem(onA.doc, 'from-a', { x: 100 });
    updateItem(onB.doc, 'from-a', { text: 'edited on B' });
    await waitFor(
      () => textOf(onA.doc, 'from-a') === 'edited on B' && getItem(onB.doc, 'from-a')?.x === 100,
    );

    onA.provider.awareness.setLocalStateField('user', { name: 'Ada' });
    await waitFor(
      () => onB.provider.awareness.getStates().get(onA.doc.clientID)?.user?.name === 'Ada',
    );
    // Leaving removes the presence on the other instance too.
    onA.provider.disconnect();
    await waitFor(() => !onB.provider.awareness.getStates().has(onA.doc.clientID));

    // Nothing echoes: each instance took in exactly what the other sent, never its own messages.
    await waitForAsync(async () => {
      const now = await counters();
      return (
        now.aIn - before.aIn === now.bOut - before.bOut &&
        now.bIn - before.bIn === now.aOut - before.aOut
      );
    });
    expect((await counters()).bIn).toBeGreaterThan(before.bIn);
  });

  it('closes the holders of a rotated link on every instance', async () => {
    const env = deployment();
    const a = await instance(env);
    const b = await instance(env);
    const board = await createBoard(a.app, 'Rotation');
    const editorOnB = rawClient(b.wsUrl, board.id, board.tokens.editor);
    cleanups.push(() => editorOnB.socket.close());
    const viewerOnB = rawClient(b.wsUrl, board.id, board.tokens.viewer);
    cleanups.push(() => viewerOnB.socket.close());
    await Promise.all([editorOnB.opened, viewerOnB.opened]);
    // Both instances have the board open (and are subscribed to its channel).
    const onA = await connectClient(a.wsUrl, board.id, board.tokens.viewer);
    cleanups.push(onA.destroy);
    await waitFor(() => editorOnB.messages.length > 0 && viewerOnB.messages.length > 0);

    const rotated = await a.app.inject({
      method: 'POST',
      url: `/api/boards/${board.id}/links/editor/rotate`,
      headers: { authorization: `Bearer ${board.tokens.facilitator}` },
    });
    expect(rotated.statusCode).toBe(200);
    expect(await editorOnB.closed).toEqual({
      code: CloseCode.Unauthorized,
      reason: LINK_ROTATED_REASON,
    });
    // Only the rotated role goes: a change made on A after the rotation still reaches B's viewer
    // (a close would have come before it on the same socket).
    const seen = viewerOnB.messages.length;
    await a.app.sync.change(board.id, 'test', (doc) =>
      addItem(doc, makeSticky({ id: 'after', x: 0, y: 0, z: 'a0', createdBy: 'test' })),
    );
    await waitFor(() => viewerOnB.messages.length > seen, 5000, 'a change after the rotation');
    expect(viewerOnB.socket.readyState).toBe(viewerOnB.socket.OPEN);
  });

  it('takes powers back on every instance: demote and facilitator link rotation close holders elsewhere', async () => {
    const env = deployment();
    const a = await instance(env);
    const b = await instance(env);
    const board = await createBoard(a.app, 'Powers');
    const call = (
      server: TestServer,
      method: 'GET' | 'POST' | 'DELETE',
      url: string,
      token: string,
      payload?: Record<string, unknown>,
    ) =>
      server.app.inject({
        method,
        url: `/api/boards/${board.id}${url}`,
        headers: { authorization: `Bearer ${token}` },
        ...(payload ? { payload } : {}),
      });
    // Promoted on B (promote reaches the connections of the instance it is called on).
    const editor = await connectClient(b.wsUrl, board.id, board.tokens.editor);
    cleanups.push(editor.destroy);
    const granted: string[] = [];
    editor.provider.messageHandlers[WeBoardMessageType.RoleGrant] = (_encoder, decoder) => {
      granted.push((JSON.parse(decoding.readVarString(decoder)) as RoleGrant).token);
    };
    editor.provider.awareness.setLocalStateField('user', { name: 'Ed' });
    await waitForAsync(
      async () => (await b.app.sync.presenceConnection(board.id, editor.doc.clientID)) !== null,
    );
    const promoted = await call(b, 'POST', '/promote', board.tokens.facilitator, {
      clientId: editor.doc.clientID,
    });
    const grantId = promoted.json<{ grant: { id: string } }>().grant.id;
    await waitFor(() => granted.length === 1);
    const personal = await connectClient(b.wsUrl, board.id, granted[0]!);
    cleanups.push(personal.destroy);
    const holderOnB = await connectClient(b.wsUrl, board.id, board.tokens.facilitator);
    cleanups.push(holderOnB.destroy);
    // A has the board open too, so it is subscribed to the board's channel.
    const onA = await connectClient(a.wsUrl, board.id, board.tokens.viewer);
    cleanups.push(onA.destroy);
    const closeOf = (client: TestClient) =>
      new Promise<{ code: number; reason: string }>((resolve) =>
        client.provider.once('closed', (event) =>
          resolve({ code: event.code, reason: event.reason }),
        ),
      );

    const demoted = closeOf(personal);
    expect(
      (await call(a, 'DELETE', `/grants/${grantId}`, board.tokens.facilitator)).statusCode,
    ).toBe(204);
    expect(await demoted).toEqual({ code: CloseCode.Unauthorized, reason: DEMOTED_REASON });
    expect((await call(b, 'GET', '', granted[0]!)).statusCode).toBe(401);

    const rotatedAway = closeOf(holderOnB);
    const rotated = await call(a, 'POST', '/links/facilitator/rotate', board.tokens.facilitator);
    expect(rotated.statusCode).toBe(200);
    expect(await rotatedAway).toEqual({
      code: CloseCode.Unauthorized,
      reason: LINK_ROTATED_REASON,
    });
    expect((await call(b, 'GET', '', board.tokens.facilitator)).statusCode).toBe(401);
    expect(editor.provider.wsconnected).toBe(true);
  });

  it('catches up an instance that opens a board after another changed it, before anything is stored', async () => {
    // A minute-long commit window: nothing reaches PostgreSQL during the test, so B can only learn
    // the edit from A through the catch-up exchange.
    const env = deployment({ FLUSH_INTERVAL_MS: '60000' });
    const a = await instance(env);
    const board = await createBoard(a.app, 'Late');
    const writer = await connectClient(a.wsUrl, board.id, board.tokens.editor);
    cleanups.push(writer.destroy);
    addItem(
      writer.doc,
      makeSticky({ id: 'early', x: 0, y: 0, z: 'a0', createdBy: 'w', text: 'hi' }),
    );

    const b = await instance(env);
    const late = await connectClient(b.wsUrl, board.id, board.tokens.viewer);
    cleanups.push(late.destroy);
    await waitFor(() => textOf(late.doc, 'early') === 'hi');
  });

  it('moves a client to the other instance when its instance is killed, losing nothing', async () => {
    const env = deployment();
    const [portA, portB] = [await freePort(), await freePort()];
    let backends = [portA, portB];
    const balancer = await startBalancer(() => backends);
    cleanups.push(balancer.close);
    const a = await launchServer(portA, env);
    cleanups.push(a.kill);
    const b = await launchServer(portB, env);
    cleanups.push(b.kill);

    const created = await fetch(`${a.base}/api/boards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Failover' }),
    });
    const board = withTokens((await created.json()) as CreateBoardResponse);
    const viaBalancer = await connectClient(
      `ws://127.0.0.1:${balancer.port}`,
      board.id,
      board.tokens.editor,
    );
    cleanups.push(viaBalancer.destroy);
    const onB = await connectClient(b.wsUrl, board.id, board.tokens.viewer);
    cleanups.push(onB.destroy);

    // A burst right before the crash: some of it is neither stored nor relayed when A dies.
    for (let i = 0; i < 50; i++) {
      addItem(
        viaBalancer.doc,
        makeSticky({ id: `n${i}`, x: i, y: 0, z: `a${i}`, createdBy: 'e', text: `${i}` }),
      );
    }
    await a.kill();
    backends = [portB];
    await waitFor(() => !viaBalancer.provider.wsconnected, 10_000, 'client to notice');
    await waitFor(() => viaBalancer.provider.synced, 20_000, 'client to reconnect via B');
    await waitFor(() => readItems(onB.doc).length === 50, 10_000, 'B to have every item');
    updateItem(viaBalancer.doc, 'n0', { text: 'after failover' });
    await waitFor(() => textOf(onB.doc, 'n0') === 'after failover');

    // And it all reaches the shared store (B stores what it received by relay and by sync), so a
    // fresh instance with nobody else around has it.
    const store = new PostgresBoardStore({
      connectionString: testDatabaseUrl(),
      schema: env.DATABASE_SCHEMA,
    });
    cleanups.push(() => store.close());
    const stored = async () => {
      const doc = new Y.Doc();
      for (const update of await store.loadBoardUpdates(board.id)) Y.applyUpdate(doc, update);
      return doc;
    };
    await waitForAsync(async () => {
      const doc = await stored();
      return readItems(doc).length === 50 && textOf(doc, 'n0') === 'after failover';
    });
    viaBalancer.destroy();
    onB.destroy();
    await b.kill();
    const c = await instance(env);
    const reader = await connectClient(c.wsUrl, board.id, board.tokens.viewer);
    cleanups.push(reader.destroy);
    expect(readItems(reader.doc)).toHaveLength(50);
    expect(textOf(reader.doc, 'n0')).toBe('after failover');
  }, 120_000);
});
