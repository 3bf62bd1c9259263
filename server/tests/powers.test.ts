import { createHmac } from 'node:crypto';
import {
  CloseCode,
  DEMOTED_REASON,
  ErrorCode,
  LINK_EXPIRED_REASON,
  LINK_ROTATED_REASON,
  REMOVED_REASON,
  WeBoardMessageType,
} from '@weboard/shared';
import type { BoardGrant, BoardLinks, RoleGrant } from '@weboard/shared';
import * as decoding from 'lib0/decoding';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyId } from '../src/access/tokens';
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

/** Resolves with the close a stock y-websocket provider reports as final (4400–4499). */
function finalClose(client: TestClient): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => {
    client.provider.once('closed', (event) => resolve({ code: event.code, reason: event.reason }));
  });
}

/** Role grants the server sends this client (WeBoard message 100); stock clients ignore them. */
function grantsOf(client: TestClient): RoleGrant[] {
  const grants: RoleGrant[] = [];
  client.provider.messageHandlers[WeBoardMessageType.RoleGrant] = (_encoder, decoder) => {
    grants.push(JSON.parse(decoding.readVarString(decoder)) as RoleGrant);
  };
  return grants;
}

function tokenIn(link: string): string {
  return new URL(link).searchParams.get('token') ?? '';
}

function payloadOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as Record<
    string,
    unknown
  >;
}

describe('powers with a lifecycle', () => {
  let server: TestServer;
  let data: ReturnType<typeof tempDir>;
  const clients: TestClient[] = [];

  beforeEach(async () => {
    data = tempDir();
    server = await startServer(testConfig(data.dir));
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await server.close();
    data.remove();
  });

  async function connect(board: TestBoard, token: string, name = 'Someone') {
    const client = await connectClient(server.wsUrl, board.id, token);
    clients.push(client);
    client.provider.awareness.setLocalStateField('user', { name });
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

  /** Promotes a connected editor; resolves to the personal facilitator token it was sent. */
  async function promote(board: TestBoard, editor: TestClient, name: string) {
    const grants = grantsOf(editor);
    const clientId = editor.doc.clientID;
    await waitForAsync(
      async () => (await server.app.sync.presenceConnection(board.id, clientId)) !== null,
    );
    const response = await api(
      'POST',
      `/api/boards/${board.id}/promote`,
      board.tokens.facilitator,
      {
        clientId,
        by: 'Fran',
        name,
      },
    );
    expect(response.statusCode).toBe(200);
    await waitFor(() => grants.length === 1, 5000, 'the role grant');
    const grant = response.json<{ grant: BoardGrant }>().grant;
    return { token: grants[0]!.token, grant };
  }

  it('demotes a promoted person: their websockets close with 4401, their token gets 401, nobody else is touched', async () => {
    const board = await createBoard(server.app);
    const editor = await connect(board, board.tokens.editor, 'Ed');
    const { token, grant } = await promote(board, editor, 'Ed');
    expect(grant).toMatchObject({ role: 'facilitator', name: 'Ed', grantedBy: 'Fran' });
    expect(token).not.toBe(board.tokens.facilitator);
    expect((await api('GET', `/api/boards/${board.id}`, token)).json()).toMatchObject({
      role: 'facilitator',
    });
    // A person's own grant never reveals the board's facilitator link.
    const seen = (await api('GET', `/api/boards/${board.id}/links`, token)).json<BoardLinks>();
    expect(seen.links.facilitator).toBeUndefined();
    expect(seen.links.editor).toContain(board.tokens.editor);

    // The promoted person in two tabs, and the board's own facilitator.
    const tab1 = await connect(board, token, 'Ed');
    const tab2 = await connect(board, token, 'Ed');
    const owner = await connect(board, board.tokens.facilitator, 'Fran');
    const backToEditing = grantsOf(tab1);
    const closes = [finalClose(tab1), finalClose(tab2)];
    const listed = await api('GET', `/api/boards/${board.id}/grants`, board.tokens.facilitator);
    expect(listed.json<{ grants: BoardGrant[] }>().grants.map((g) => g.id)).toEqual([grant.id]);

    const demoted = await api(
      'DELETE',
      `/api/boards/${board.id}/grants/${grant.id}`,
      board.tokens.facilitator,
    );
    expect(demoted.statusCode).toBe(204);
    for (const close of await Promise.all(closes)) {
      expect(close).toEqual({ code: CloseCode.Unauthorized, reason: DEMOTED_REASON });
    }
    // Handed the editor link just before the close, so the WeBoard client goes on editing.
    expect(backToEditing).toEqual([{ role: 'editor', token: board.tokens.editor, by: '' }]);
    const refused = await api('GET', `/api/boards/${board.id}`, token);
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ error: { code: ErrorCode.Unauthorized.code } });
    const again = rawClient(server.wsUrl, board.id, token);
    expect(await again.closed).toEqual({
      code: CloseCode.Unauthorized,
      reason: expect.any(String),
    });
    expect(owner.provider.wsconnected).toBe(true);
    expect(editor.provider.wsconnected).toBe(true);
    expect(
      (await api('GET', `/api/boards/${board.id}/grants`, board.tokens.facilitator)).json(),
    ).toEqual({ grants: [] });
    expect(
      (await api('DELETE', `/api/boards/${board.id}/grants/${grant.id}`, board.tokens.facilitator))
        .statusCode,
    ).toBe(404);
  });

  it('rotates the facilitator link: its holders are closed, personal grants stay, only the link holder may do it', async () => {
    const board = await createBoard(server.app);
    const editor = await connect(board, board.tokens.editor, 'Ed');
    const { token } = await promote(board, editor, 'Ed');
    const promoted = await connect(board, token, 'Ed');
    expect(
      (await api('POST', `/api/boards/${board.id}/links/facilitator/rotate`, token)).statusCode,
    ).toBe(403);

    const holder = await connect(board, board.tokens.facilitator, 'Fran');
    const closed = finalClose(holder);
    const rotated = await api(
      'POST',
      `/api/boards/${board.id}/links/facilitator/rotate`,
      board.tokens.facilitator,
    );
    expect(rotated.statusCode).toBe(200);
    expect(await closed).toEqual({ code: CloseCode.Unauthorized, reason: LINK_ROTATED_REASON });
    expect((await api('GET', `/api/boards/${board.id}`, board.tokens.facilitator)).statusCode).toBe(
      401,
    );
    const fresh = tokenIn(rotated.json<BoardLinks>().links.facilitator!);
    expect((await api('GET', `/api/boards/${board.id}`, fresh)).json()).toMatchObject({
      role: 'facilitator',
    });
    expect(promoted.provider.wsconnected).toBe(true);
    expect(editor.provider.wsconnected).toBe(true);
    expect((await api('GET', `/api/boards/${board.id}`, token)).statusCode).toBe(200);
  });

  it('removes a person: an editor on the shared link loses this connection, a promoted one loses their grant', async () => {
    const board = await createBoard(server.app);
    const editor = await connect(board, board.tokens.editor, 'Ed');
    const other = await connect(board, board.tokens.editor, 'Olu');
    const { token, grant } = await promote(board, other, 'Olu');
    const promoted = await connect(board, token, 'Olu');
    const url = (client: TestClient) =>
      `/api/boards/${board.id}/people/${client.doc.clientID}/remove`;
    await waitForAsync(
      async () =>
        (await server.app.sync.presenceConnection(board.id, promoted.doc.clientID)) !== null,
    );

    const editorClosed = finalClose(editor);
    const removed = await api('POST', url(editor), board.tokens.facilitator);
    expect(removed.json()).toEqual({ closed: 1, revokedGrant: null });
    expect(await editorClosed).toEqual({ code: CloseCode.Unauthorized, reason: REMOVED_REASON });

    // A personal facilitator may not remove the board's own facilitator.
    const owner = await connect(board, board.tokens.facilitator, 'Fran');
    await waitForAsync(
      async () => (await server.app.sync.presenceConnection(board.id, owner.doc.clientID)) !== null,
    );
    expect((await api('POST', url(owner), token)).statusCode).toBe(403);

    const promotedClosed = finalClose(promoted);
    const gone = await api('POST', url(promoted), board.tokens.facilitator);
    expect(gone.json()).toEqual({ closed: 1, revokedGrant: grant.id });
    expect(await promotedClosed).toEqual({ code: CloseCode.Unauthorized, reason: REMOVED_REASON });
    expect((await api('GET', `/api/boards/${board.id}`, token)).statusCode).toBe(401);
    expect(owner.provider.wsconnected).toBe(true);
    expect(
      (await api('POST', `/api/boards/${board.id}/people/424242/remove`, board.tokens.facilitator))
        .statusCode,
    ).toBe(404);
  });

  it('refuses expired links on REST (401) and websockets (4401 "Link expired")', async () => {
    const board = await createBoard(server.app);
    const links = await api(
      'GET',
      `/api/boards/${board.id}/links?expiresIn=3600`,
      board.tokens.facilitator,
    );
    const expiring = tokenIn(links.json<BoardLinks>().links.editor);
    const exp = payloadOf(expiring).exp as number;
    expect(Math.abs(exp - (Date.now() / 1000 + 3600))).toBeLessThan(60);
    expect((await api('GET', `/api/boards/${board.id}`, expiring)).statusCode).toBe(200);
    const client = await connect(board, expiring);
    expect(client.provider.synced).toBe(true);

    const record = (await server.app.store.getBoard(board.id))!;
    const expired = server.app.access.tokenFor(record, 'editor', {
      exp: Math.floor(Date.now() / 1000) - 1,
    });
    const refused = await api('GET', `/api/boards/${board.id}`, expired);
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ error: { message: LINK_EXPIRED_REASON } });
    const socket = rawClient(server.wsUrl, board.id, expired);
    expect(await socket.closed).toEqual({
      code: CloseCode.Unauthorized,
      reason: LINK_EXPIRED_REASON,
    });
    expect(
      (await api('GET', `/api/boards/${board.id}/links?expiresIn=5`, board.tokens.facilitator))
        .statusCode,
    ).toBe(400);
  });
});

describe('secret rotation', () => {
  const OLD = 'the-old-secret-of-this-deployment';
  const NEW = 'the-new-secret-of-this-deployment';
  let data: ReturnType<typeof tempDir>;
  const servers: TestServer[] = [];
  beforeEach(() => {
    data = tempDir();
  });
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
    data.remove();
  });

  async function start(env: Record<string, string>) {
    const server = await startServer(testConfig(data.dir, env));
    servers.push(server);
    return server;
  }

  async function stop(server: TestServer) {
    servers.splice(servers.indexOf(server), 1);
    await server.close();
  }

  async function works(server: TestServer, boardId: string, token: string): Promise<boolean> {
    const rest = await server.app.inject({
      url: `/api/boards/${boardId}`,
      headers: { authorization: `Bearer ${token}` },
    });
    const socket = rawClient(server.wsUrl, boardId, token);
    const outcome = await Promise.race([
      socket.closed.then(({ code }) => code),
      new Promise<'open'>((resolve) => socket.socket.once('message', () => resolve('open'))),
    ]);
    socket.socket.close();
    expect(outcome === 'open').toBe(rest.statusCode === 200);
    return rest.statusCode === 200;
  }

  it('accepts links of the previous secret during the grace period only, and links without a key id', async () => {
    const first = await start({ WEBOARD_SECRET: OLD });
    const board = await createBoard(first.app);
    const signed = board.tokens.editor;
    expect(payloadOf(signed).kid).toBe(keyId(OLD));
    // A link from before key ids existed: the same payload without `kid`.
    const { kid: _kid, ...legacyPayload } = payloadOf(signed);
    const encoded = Buffer.from(JSON.stringify(legacyPayload)).toString('base64url');
    const legacy = `${encoded}.${createHmac('sha256', OLD).update(encoded).digest('base64url')}`;
    expect(await works(first, board.id, legacy)).toBe(true);
    await stop(first);

    const grace = await start({
      WEBOARD_SECRET: NEW,
      WEBOARD_PREVIOUS_SECRETS: OLD,
      WEBOARD_SECRET_GRACE_END: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect(await works(grace, board.id, signed)).toBe(true);
    expect(await works(grace, board.id, legacy)).toBe(true);
    const links = await grace.app.inject({
      url: `/api/boards/${board.id}/links`,
      headers: { authorization: `Bearer ${board.tokens.facilitator}` },
    });
    const renewed = tokenIn(links.json<BoardLinks>().links.editor);
    expect(payloadOf(renewed).kid).toBe(keyId(NEW));
    expect(await works(grace, board.id, renewed)).toBe(true);
    await stop(grace);

    const after = await start({
      WEBOARD_SECRET: NEW,
      WEBOARD_PREVIOUS_SECRETS: OLD,
      WEBOARD_SECRET_GRACE_END: new Date(Date.now() - 1000).toISOString(),
    });
    expect(await works(after, board.id, signed)).toBe(false);
    expect(await works(after, board.id, legacy)).toBe(false);
    expect(await works(after, board.id, renewed)).toBe(true);
  });
});
