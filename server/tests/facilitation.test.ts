import {
  CloseCode,
  ErrorCode,
  WeBoardMessageType,
  addItem,
  getItem,
  makeSticky,
  readItems,
  readTimer,
  setTimer,
  updateItem,
  writeTimer,
} from '@weboard/shared';
import type { ApiError, BoardLinks, RoleGrant } from '@weboard/shared';
import * as decoding from 'lib0/decoding';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  connectClient,
  createBoard,
  rawClient,
  startServer,
  tempDir,
  testConfig,
  waitFor,
  waitForAsync,
} from './helpers';
import type { TestBoard, TestClient, TestServer } from './helpers';

function expectError(
  response: { statusCode: number; json: <T>() => T },
  status: number,
  code: string,
) {
  expect(response.statusCode).toBe(status);
  expect(response.json<ApiError>()).toEqual({ error: { code, message: expect.any(String) } });
}

const note = (id: string, text: string, x = 0) =>
  makeSticky({ id, x, y: 0, z: 'a0', createdBy: 'test', text }, 1);

interface SnapshotJson {
  id: string;
  name: string;
  kind: 'named' | 'auto';
  author: string;
  createdAt: string;
  hasThumbnail: boolean;
}

/** A 1×1 transparent PNG. */
const PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

describe('facilitation', () => {
  const data = tempDir();
  let server: TestServer;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    server = await startServer(testConfig(data.dir, { AUTO_SNAPSHOTS_KEEP: '2' }));
  });

  afterEach(() => {
    for (const client of clients.splice(0)) client.destroy();
  });

  afterAll(async () => {
    await server.close();
    data.remove();
  });

  async function connect(board: TestBoard, role: keyof TestBoard['tokens']) {
    const client = await connectClient(server.wsUrl, board.id, board.tokens[role]);
    clients.push(client);
    return client;
  }

  function api(method: 'GET' | 'POST' | 'DELETE', url: string, token: string, payload?: unknown) {
    return server.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
  }

  async function snapshots(board: TestBoard): Promise<SnapshotJson[]> {
    const response = await api('GET', `/api/boards/${board.id}/snapshots`, board.tokens.viewer);
    return response.json<SnapshotJson[]>();
  }

  async function boardState(board: TestBoard): Promise<Y.Doc> {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, await server.app.sync.stateOf(board.id));
    return doc;
  }

  it('saves, lists newest first, reads, serves thumbnails and deletes snapshots, facilitators only', async () => {
    const board = await createBoard(server.app);
    const url = `/api/boards/${board.id}/snapshots`;
    const facilitator = await connect(board, 'facilitator');
    addItem(facilitator.doc, note('n1', 'First'));
    await waitFor(() => readItems(facilitator.doc).length === 1);
    await waitForAsync(async () => (await boardState(board)).getMap('items').size === 1);

    const first = await api('POST', url, board.tokens.facilitator, {
      name: 'Kick-off',
      author: 'Fran',
      thumbnail: PNG,
    });
    expect(first.statusCode).toBe(201);
    const kickoff = first.json<SnapshotJson>();
    expect(kickoff).toMatchObject({
      name: 'Kick-off',
      kind: 'named',
      author: 'Fran',
      hasThumbnail: true,
    });
    const second = (
      await api('POST', url, board.tokens.facilitator, { name: 'Later' })
    ).json<SnapshotJson>();
    expect((await snapshots(board)).map((s) => s.id)).toEqual([second.id, kickoff.id]);

    const one = await api('GET', `${url}/${kickoff.id}`, board.tokens.viewer);
    expect(one.json()).toMatchObject({ id: kickoff.id, items: [{ id: 'n1', text: 'First' }] });
    const state = Buffer.from(one.json<{ state: string }>().state, 'base64');
    const copy = new Y.Doc();
    Y.applyUpdate(copy, state);
    expect(getItem(copy, 'n1')).toMatchObject({ text: 'First' });

    const thumbnail = await server.app.inject({
      url: `${url}/${kickoff.id}/thumbnail?token=${board.tokens.viewer}`,
    });
    expect(thumbnail.statusCode).toBe(200);
    expect(thumbnail.headers['content-type']).toBe('image/png');
    expect(thumbnail.rawPayload.subarray(1, 4).toString()).toBe('PNG');
    expectError(
      await api('GET', `${url}/${second.id}/thumbnail`, board.tokens.viewer),
      404,
      ErrorCode.NotFound.code,
    );
    expectError(
      await api('POST', url, board.tokens.facilitator, {
        name: 'x',
        thumbnail: 'data:image/png;base64,AAAA',
      }),
      400,
      ErrorCode.BadRequest.code,
    );

    for (const role of ['editor', 'viewer'] as const) {
      expectError(
        await api('POST', url, board.tokens[role], { name: 'x' }),
        403,
        ErrorCode.Forbidden.code,
      );
      expectError(
        await api('DELETE', `${url}/${kickoff.id}`, board.tokens[role]),
        403,
        ErrorCode.Forbidden.code,
      );
      expectError(
        await api('POST', `${url}/${kickoff.id}/restore`, board.tokens[role]),
        403,
        ErrorCode.Forbidden.code,
      );
    }
    const deleted = await api('DELETE', `${url}/${kickoff.id}`, board.tokens.facilitator);
    expect(deleted.statusCode).toBe(204);
    expectError(
      await api('DELETE', `${url}/${kickoff.id}`, board.tokens.facilitator),
      404,
      ErrorCode.NotFound.code,
    );
    expect((await snapshots(board)).map((s) => s.id)).toEqual([second.id]);
  });

  it('restores as a live change that stock Yjs clients receive, after an automatic snapshot', async () => {
    const board = await createBoard(server.app);
    const editor = await connect(board, 'editor');
    const viewer = await connect(board, 'viewer');
    addItem(editor.doc, note('keep', 'Keep'));
    addItem(editor.doc, note('edit', 'Original', 10));
    await waitFor(() => readItems(viewer.doc).length === 2);
    const saved = await api('POST', `/api/boards/${board.id}/snapshots`, board.tokens.facilitator, {
      name: 'Baseline',
    });
    const baseline = saved.json<SnapshotJson>();

    addItem(editor.doc, note('added', 'Added later'));
    updateItem(editor.doc, 'edit', { text: 'Changed', x: 500 });
    editor.doc.getMap('items').delete('keep');
    await waitFor(
      () => getItem(viewer.doc, 'edit')?.x === 500 && readItems(viewer.doc).length === 2,
    );

    const restored = await api(
      'POST',
      `/api/boards/${board.id}/snapshots/${baseline.id}/restore`,
      board.tokens.facilitator,
    );
    expect(restored.statusCode).toBe(200);
    const body = restored.json<{ restored: SnapshotJson; autoSnapshot: SnapshotJson }>();
    expect(body.restored.id).toBe(baseline.id);
    expect(body.autoSnapshot).toMatchObject({ kind: 'auto', name: 'Before restoring “Baseline”' });

    for (const client of [editor, viewer]) {
      await waitFor(
        () =>
          readItems(client.doc).length === 2 &&
          getItem(client.doc, 'edit')?.x === 10 &&
          getItem(client.doc, 'keep') !== null,
        5000,
        'the restore to reach a client',
      );
      expect(getItem(client.doc, 'edit')).toMatchObject({ text: 'Original' });
      expect(getItem(client.doc, 'added')).toBeNull();
    }

    // The automatic snapshot holds the board as it was just before the restore.
    const auto = await api(
      'GET',
      `/api/boards/${board.id}/snapshots/${body.autoSnapshot.id}`,
      board.tokens.viewer,
    );
    const autoItems = auto.json<{ items: { id: string; text: string }[] }>().items;
    expect(autoItems.map((i) => i.id).sort()).toEqual(['added', 'edit']);
    expect(autoItems.find((i) => i.id === 'edit')?.text).toBe('Changed');
    expect((await snapshots(board)).map((s) => s.id)).toEqual([body.autoSnapshot.id, baseline.id]);
  });

  it('gives the automatic snapshot of a restore the thumbnail sent with it and a name that does not nest', async () => {
    const board = await createBoard(server.app);
    const url = `/api/boards/${board.id}/snapshots`;
    const saved = await api('POST', url, board.tokens.facilitator, { name: 'Kick-off' });
    const kickoff = saved.json<SnapshotJson>();
    const first = await api('POST', `${url}/${kickoff.id}/restore`, board.tokens.facilitator, {
      thumbnail: PNG,
    });
    const auto = first.json<{ autoSnapshot: SnapshotJson }>().autoSnapshot;
    expect(auto).toMatchObject({ name: 'Before restoring “Kick-off”', hasThumbnail: true });
    // Restoring the automatic snapshot names the original again, not “Before restoring “Before …””.
    const second = await api('POST', `${url}/${auto.id}/restore`, board.tokens.facilitator);
    expect(second.json<{ autoSnapshot: SnapshotJson }>().autoSnapshot).toMatchObject({
      name: 'Before restoring “Kick-off”',
      hasThumbnail: false,
    });
    const bad = await api('POST', `${url}/${kickoff.id}/restore`, board.tokens.facilitator, {
      thumbnail: 'data:image/png;base64,AAAA',
    });
    expectError(bad, 400, ErrorCode.BadRequest.code);
  });

  it('takes an automatic snapshot when the last person leaves a changed board, keeping only the newest few', async () => {
    const board = await createBoard(server.app);
    let newest: string | undefined;
    for (let round = 0; round < 3; round++) {
      const editor = await connect(board, 'editor');
      addItem(editor.doc, note(`r${round}`, `Round ${round}`));
      await waitForAsync(async () => (await boardState(board)).getMap('items').size === round + 1);
      editor.destroy();
      clients.splice(clients.indexOf(editor), 1);
      const previous = newest;
      await waitForAsync(
        async () => {
          newest = (await snapshots(board))[0]?.id;
          return newest !== undefined && newest !== previous;
        },
        5000,
        'auto snapshot',
      );
    }
    const list = await snapshots(board);
    expect(list.map((s) => s.kind)).toEqual(['auto', 'auto']);
    // A visit that changes nothing adds nothing.
    const visitor = await connect(board, 'viewer');
    visitor.destroy();
    clients.splice(clients.indexOf(visitor), 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await snapshots(board)).map((s) => s.id)).toEqual(list.map((s) => s.id));
  });

  it('exports JSON that imports back to the identical board', async () => {
    const source = await createBoard(server.app, 'Source');
    // A facilitator: the votes map is theirs (and the server's) to write.
    const editor = await connect(source, 'facilitator');
    addItem(editor.doc, note('a', 'Alpha'));
    addItem(
      editor.doc,
      makeSticky(
        { id: 'b', x: 3, y: 4, z: 'a1', createdBy: 't', text: 'Beta', laneId: 'now', rank: 'a0' },
        2,
      ),
    );
    editor.doc.transact(() => {
      const team = new Y.Map<unknown>();
      team.set('name', 'Core');
      team.set('color', 'blue');
      editor.doc.getMap('teams').set('t1', team);
      const votes = new Y.Map<unknown>();
      votes.set('user-1', 2);
      editor.doc.getMap('votes').set('a', votes);
    });
    await waitForAsync(async () => (await boardState(source)).getMap('votes').size === 1);

    const exported = await api(
      'GET',
      `/api/boards/${source.id}/export?format=json`,
      source.tokens.viewer,
    );
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toMatch(/^application\/json/);
    expect(exported.headers['content-disposition']).toMatch(
      /attachment; filename="Source\.weboard\.json"/,
    );
    const file = exported.json<Record<string, unknown>>();
    expect(file).toMatchObject({ format: 'weboard', version: 1, meta: { title: 'Source' } });

    const target = await createBoard(server.app, 'Target');
    const watcher = await connect(target, 'viewer');
    expectError(
      await api('POST', `/api/boards/${target.id}/import`, target.tokens.editor, file),
      403,
      ErrorCode.Forbidden.code,
    );
    const imported = await api(
      'POST',
      `/api/boards/${target.id}/import`,
      target.tokens.facilitator,
      file,
    );
    expect(imported.statusCode).toBe(200);
    expect(imported.json()).toEqual({ imported: { format: 'json', items: 2 } });
    await waitFor(() => readItems(watcher.doc).length === 2, 5000, 'import to reach a client');

    const again = await api(
      'GET',
      `/api/boards/${target.id}/export?format=json`,
      target.tokens.viewer,
    );
    const { exportedAt: _a, ...first } = file;
    const { exportedAt: _b, ...second } = again.json<Record<string, unknown>>();
    expect(second).toEqual(first);
  });

  it.each([
    [
      'a newer file version',
      { format: 'weboard', version: 2, meta: { schemaVersion: 1, title: 'x' }, items: [] },
      /version 2/,
    ],
    ['another format', { format: 'other', version: 1 }, /Not a WeBoard file/],
    [
      'an invalid item',
      {
        format: 'weboard',
        version: 1,
        meta: { schemaVersion: 1, title: 'x' },
        items: [{ id: 'x', type: 'sticky' }],
      },
      /items\.0/,
    ],
    [
      'a newer schema',
      { format: 'weboard', version: 1, meta: { schemaVersion: 99, title: 'x' }, items: [] },
      /schema version 99/,
    ],
  ])('rejects %s with a 400 and changes nothing', async (_name, file, message) => {
    const board = await createBoard(server.app);
    const editor = await connect(board, 'editor');
    addItem(editor.doc, note('stays', 'Stays'));
    await waitForAsync(async () => (await boardState(board)).getMap('items').size === 1);
    const before = Y.encodeStateVector(await boardState(board));
    const response = await api(
      'POST',
      `/api/boards/${board.id}/import`,
      board.tokens.facilitator,
      file,
    );
    expectError(response, 400, ErrorCode.BadRequest.code);
    expect(response.json<ApiError>().error.message).toMatch(message);
    expect(Y.encodeStateVector(await boardState(board))).toEqual(before);
    expect(await snapshots(board)).toEqual([]);
  });

  it('shows links to facilitators only and rotating one refuses the old token and closes its connections', async () => {
    const board = await createBoard(server.app);
    const linksUrl = `/api/boards/${board.id}/links`;
    expectError(await api('GET', linksUrl, board.tokens.editor), 403, ErrorCode.Forbidden.code);
    const links = (await api('GET', linksUrl, board.tokens.facilitator)).json<BoardLinks>().links;
    expect(links.editor).toContain(board.tokens.editor);

    const editor = rawClient(server.wsUrl, board.id, board.tokens.editor);
    await editor.opened;
    await waitFor(() => editor.messages.length > 0);
    const viewer = await connect(board, 'viewer');

    const rotated = await api('POST', `${linksUrl}/editor/rotate`, board.tokens.facilitator);
    expect(rotated.statusCode).toBe(200);
    const fresh = rotated.json<BoardLinks>().links;
    expect(fresh.editor).not.toBe(links.editor);
    expect(fresh.viewer).toBe(links.viewer);
    expect(await editor.closed).toEqual({
      code: CloseCode.Unauthorized,
      reason: expect.stringMatching(/replaced/),
    });
    expect(viewer.provider.wsconnected).toBe(true);

    expectError(
      await api('GET', `/api/boards/${board.id}`, board.tokens.editor),
      401,
      ErrorCode.Unauthorized.code,
    );
    const again = rawClient(server.wsUrl, board.id, board.tokens.editor);
    expect((await again.closed).code).toBe(CloseCode.Unauthorized);
    const newToken = new URL(fresh.editor).searchParams.get('token')!;
    expect((await api('GET', `/api/boards/${board.id}`, newToken)).json()).toMatchObject({
      role: 'editor',
    });
    expectError(
      await api('POST', `${linksUrl}/owner/rotate`, board.tokens.facilitator),
      400,
      ErrorCode.BadRequest.code,
    );
  });

  it('promotes a connected editor by sending it a facilitator token over its websocket', async () => {
    const board = await createBoard(server.app);
    const editor = await connect(board, 'editor');
    const grants: RoleGrant[] = [];
    editor.provider.messageHandlers[WeBoardMessageType.RoleGrant] = (_encoder, decoder) => {
      grants.push(JSON.parse(decoding.readVarString(decoder)) as RoleGrant);
    };
    editor.provider.awareness.setLocalStateField('user', { name: 'Ed' });
    const clientId = editor.doc.clientID;
    await waitForAsync(
      async () => (await server.app.sync.presenceConnection(board.id, clientId)) !== null,
    );
    const url = `/api/boards/${board.id}/promote`;
    expectError(
      await api('POST', url, board.tokens.editor, { clientId }),
      403,
      ErrorCode.Forbidden.code,
    );
    expectError(
      await api('POST', url, board.tokens.facilitator, { clientId: 12345 }),
      404,
      ErrorCode.NotFound.code,
    );
    const promoted = await api('POST', url, board.tokens.facilitator, { clientId, by: 'Fran' });
    expect(promoted.statusCode).toBe(200);
    await waitFor(() => grants.length === 1, 5000, 'the role grant');
    expect(grants[0]).toMatchObject({ role: 'facilitator', by: 'Fran' });
    const info = await api('GET', `/api/boards/${board.id}`, grants[0]!.token);
    expect(info.json()).toMatchObject({ role: 'facilitator' });
  });

  it('undoes a non-facilitator change to a locked item for everyone and lets facilitators through', async () => {
    const board = await createBoard(server.app);
    const facilitator = await connect(board, 'facilitator');
    const editor = await connect(board, 'editor');
    const other = await connect(board, 'editor');
    addItem(facilitator.doc, note('locked', 'Agreed', 0));
    updateItem(facilitator.doc, 'locked', { locked: true });
    addItem(facilitator.doc, note('free', 'Open', 0));
    await waitFor(
      () => getItem(editor.doc, 'locked')?.type === 'sticky' && readItems(other.doc).length === 2,
    );
    await waitFor(
      () => (getItem(editor.doc, 'locked') as { locked?: boolean } | null)?.locked === true,
    );

    updateItem(editor.doc, 'locked', { x: 400, text: 'Hijacked' });
    updateItem(editor.doc, 'free', { x: 99 });
    // The allowed change arrives; the locked item is back where it was, in every copy.
    await waitFor(() => getItem(other.doc, 'free')?.x === 99, 5000, 'the allowed change');
    await waitFor(() => getItem(editor.doc, 'locked')?.x === 0, 5000, 'the sender to be corrected');
    for (const client of [facilitator, editor, other]) {
      expect(getItem(client.doc, 'locked')).toMatchObject({ x: 0, text: 'Agreed' });
    }
    expect(getItem(await boardState(board), 'locked')).toMatchObject({ x: 0, text: 'Agreed' });

    // Timer and other session state: facilitators only.
    writeTimer(editor.doc, setTimer(60_000));
    await waitFor(() => readTimer(editor.doc) === null, 5000, 'the session write to be undone');
    expect(readTimer(other.doc)).toBeNull();
    writeTimer(facilitator.doc, setTimer(60_000));
    await waitFor(() => readTimer(other.doc)?.durationMs === 60_000, 5000, 'the timer');

    updateItem(facilitator.doc, 'locked', { x: 7 });
    await waitFor(() => getItem(editor.doc, 'locked')?.x === 7, 5000, 'the facilitator move');
  });
});
