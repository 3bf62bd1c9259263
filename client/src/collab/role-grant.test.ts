import { WeBoardMessageType } from '@weboard/shared';
import type { RoleGrant } from '@weboard/shared';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { FakeSocket } from './fake-socket.test-helper';
import { onRoleGrant, receiveRoleGrants } from './role-grant';

const providers: WebsocketProvider[] = [];
afterEach(() => providers.splice(0).forEach((p) => p.destroy()));

/** A stock provider that never connects: its message handlers are what y-websocket dispatches to. */
function provider(): WebsocketProvider {
  const p = new WebsocketProvider('ws://weboard.test/sync', 'board', new Y.Doc(), {
    WebSocketPolyfill: FakeSocket as unknown as typeof WebSocket,
    disableBc: true,
    connect: false,
  });
  providers.push(p);
  return p;
}

/** The server's grant message, handed to the provider's handler as y-websocket does. */
function deliver(p: WebsocketProvider, grant: RoleGrant) {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, WeBoardMessageType.RoleGrant);
  encoding.writeVarString(encoder, JSON.stringify(grant));
  const decoder = decoding.createDecoder(encoding.toUint8Array(encoder));
  const type = decoding.readVarUint(decoder);
  const handler = p.messageHandlers[type];
  expect(handler, 'a handler for the grant').toBeTypeOf('function');
  handler!(encoding.createEncoder(), decoder, p, false, type);
}

const grant = { role: 'facilitator', token: 'personal', by: 'Fran' } as RoleGrant;

describe('role grants', () => {
  it('keeps a grant that comes before the session panel listens, and hands it over then', () => {
    const p = provider();
    receiveRoleGrants(p);
    deliver(p, grant);
    const got: RoleGrant[] = [];
    onRoleGrant(p, (g) => got.push(g));
    expect(got).toEqual([grant]);
  });

  it('hands a grant to the listener at once, and keeps the next one once it stopped', () => {
    const p = provider();
    const got: RoleGrant[] = [];
    const stop = onRoleGrant(p, (g) => got.push(g));
    deliver(p, grant);
    expect(got).toEqual([grant]);
    stop();
    const back = { ...grant, role: 'editor', token: 'editor-link' } as RoleGrant;
    deliver(p, back);
    expect(got).toEqual([grant]);
    onRoleGrant(p, (g) => got.push(g));
    expect(got).toEqual([grant, back]);
  });
});
