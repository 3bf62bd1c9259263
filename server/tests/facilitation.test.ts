import {
  CloseCode,
  ErrorCode,
  WeBoardMessageType,
  addItem,
  getItem,
  readItems,
  readTimer,
  setTimer,
  updateItem,
  writeTimer,
} from '@weboard/shared';
import type { BoardLinks, RoleGrant } from '@weboard/shared';
import * as decoding from 'lib0/decoding';
import { describe, expect, it } from 'vitest';
import { createBoard, rawClient, waitFor, waitForAsync } from './helpers';
import { expectError, note, useFacilitationServer } from './facilitation-fixture';

/* The facilitator's powers: links and their rotation, promoting an editor, locked items. */
describe('facilitation', () => {
  const f = useFacilitationServer();
  const { connect, api, boardState } = f;

  it('shows links to facilitators only and rotating one refuses the old token and closes its connections', async () => {
    const board = await createBoard(f.server.app);
    const linksUrl = `/api/boards/${board.id}/links`;
    expectError(await api('GET', linksUrl, board.tokens.editor), 403, ErrorCode.Forbidden.code);
    const links = (await api('GET', linksUrl, board.tokens.facilitator)).json<BoardLinks>().links;
    expect(links.editor).toContain(board.tokens.editor);

    const editor = rawClient(f.server.wsUrl, board.id, board.tokens.editor);
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
    const again = rawClient(f.server.wsUrl, board.id, board.tokens.editor);
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
    const board = await createBoard(f.server.app);
    const editor = await connect(board, 'editor');
    const grants: RoleGrant[] = [];
    editor.provider.messageHandlers[WeBoardMessageType.RoleGrant] = (_encoder, decoder) => {
      grants.push(JSON.parse(decoding.readVarString(decoder)) as RoleGrant);
    };
    editor.provider.awareness.setLocalStateField('user', { name: 'Ed' });
    const clientId = editor.doc.clientID;
    await waitForAsync(
      async () => (await f.server.app.sync.presenceConnection(board.id, clientId)) !== null,
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
    const board = await createBoard(f.server.app);
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
