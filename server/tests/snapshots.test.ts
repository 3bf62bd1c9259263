import { ErrorCode, addItem, getItem, makeSticky, readItems, updateItem } from '@weboard/shared';
import type { ApiError } from '@weboard/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createBoard, waitFor, waitForAsync } from './helpers';
import { PNG, expectError, note, useFacilitationServer } from './facilitation-fixture';
import type { SnapshotJson } from './facilitation-fixture';

/* Snapshots (named and automatic, thumbnails, restore) and the board file (JSON export/import). */
describe('snapshots and board files', () => {
  const f = useFacilitationServer();
  const { connect, leave, api, snapshots, boardState } = f;

  it('saves, lists newest first, reads, serves thumbnails and deletes snapshots, facilitators only', async () => {
    const board = await createBoard(f.server.app);
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

    const thumbnail = await f.server.app.inject({
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
    const board = await createBoard(f.server.app);
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
    const board = await createBoard(f.server.app);
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
    const board = await createBoard(f.server.app);
    let newest: string | undefined;
    for (let round = 0; round < 3; round++) {
      const editor = await connect(board, 'editor');
      addItem(editor.doc, note(`r${round}`, `Round ${round}`));
      await waitForAsync(async () => (await boardState(board)).getMap('items').size === round + 1);
      leave(editor);
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
    // A visit that changes nothing adds nothing: the next changed visit's snapshot comes straight
    // after the newest one, none from the empty visit between them (waited for, not slept on).
    const visitor = await connect(board, 'viewer');
    leave(visitor);
    const editor = await connect(board, 'editor');
    addItem(editor.doc, note('after', 'After the visit'));
    await waitForAsync(async () => (await boardState(board)).getMap('items').size === 4);
    leave(editor);
    await waitForAsync(
      async () => (await snapshots(board))[0]?.id !== list[0]!.id,
      5000,
      'the changed visit to be snapshotted',
    );
    expect((await snapshots(board)).map((s) => s.id).slice(1)).toEqual([list[0]!.id]);
  });

  it('exports JSON that imports back to the identical board', async () => {
    const source = await createBoard(f.server.app, 'Source');
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

    const target = await createBoard(f.server.app, 'Target');
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
    const board = await createBoard(f.server.app);
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
});
