import { randomBytes } from 'node:crypto';
import { CloseCode } from '@weboard/shared';
import type { Role } from '@weboard/shared';
import type { FastifyBaseLogger } from 'fastify';
import WebSocket from 'ws';
import type { TransactionOrigin } from './origin';

/** Outgoing bytes a client may leave unread before it is disconnected. */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

/** Longest close reason the websocket protocol allows (bytes). */
const MAX_REASON_BYTES = 123;

/** One client's websocket on one board. */
export class Connection {
  readonly id = randomBytes(6).toString('base64url');
  /** Origin of the transactions this connection applies, compared by identity when relaying. */
  readonly origin: TransactionOrigin = Object.freeze({ kind: 'client', connectionId: this.id });
  /** Awareness client ids this connection has set, removed when it goes away. */
  readonly awarenessClients = new Set<number>();
  role: Role = 'viewer';
  /** Cleared on each heartbeat ping, set again by the pong; still false at the next ping means dead. */
  alive = true;
  readonly log: FastifyBaseLogger;

  constructor(
    readonly socket: WebSocket,
    readonly boardId: string,
    parentLog: FastifyBaseLogger,
  ) {
    this.log = parentLog.child({ boardId, connectionId: this.id });
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  send(message: Uint8Array): void {
    if (!this.isOpen) return;
    if (this.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      // The client cannot keep up; it will catch up through the sync handshake when it reconnects.
      this.close(CloseCode.PolicyViolation, 'Client is not reading fast enough');
      return;
    }
    this.socket.send(message, { binary: true }, (err) => {
      if (err) {
        this.log.debug({ err }, 'send failed; dropping connection');
        this.socket.terminate();
      }
    });
  }

  /** Set once a frame broke the protocol; later frames from this connection are ignored. */
  rejected = false;

  /** Closes with an application close code; the reason is shown to the client. */
  close(code: number, reason: string): void {
    if (this.socket.readyState === WebSocket.CLOSING || this.socket.readyState === WebSocket.CLOSED)
      return;
    this.log.info({ code, reason }, 'closing connection');
    this.socket.close(code, Buffer.from(reason).subarray(0, MAX_REASON_BYTES).toString());
  }
}
