import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import { encodeAwarenessEntries } from '../src/sync/limits';
import type { AwarenessEntry } from '../src/sync/limits';

/** A bare websocket to the sync endpoint with optional headers (Origin), recording what it gets. */
export interface Socket {
  socket: WebSocket;
  messages: Buffer[];
  opened: Promise<boolean>;
  closed: Promise<{ code: number; reason: string }>;
}

export function openSocket(
  wsUrl: string,
  boardId: string,
  token: string,
  headers: Record<string, string> = {},
): Socket {
  const socket = new WebSocket(`${wsUrl}/sync/${boardId}?token=${encodeURIComponent(token)}`, {
    headers,
  });
  const messages: Buffer[] = [];
  socket.on('message', (data) => messages.push(Buffer.from(data as Buffer)));
  // Refusals can also come as a failed handshake or a reset under load; the test then sees 1006.
  socket.on('error', () => undefined);
  const opened = new Promise<boolean>((resolve) => {
    socket.once('open', () => resolve(true));
    socket.once('close', () => resolve(false));
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
  return { socket, messages, opened, closed };
}

/** A y-websocket awareness frame carrying `entries`. */
export function awarenessFrame(entries: AwarenessEntry[]): Buffer {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint8Array(encoder, encodeAwarenessEntries(entries));
  return Buffer.from(encoding.toUint8Array(encoder));
}

/** A y-websocket sync-update frame carrying a Yjs update. */
export function updateFrame(update: Uint8Array): Buffer {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, 2);
  encoding.writeVarUint8Array(encoder, update);
  return Buffer.from(encoding.toUint8Array(encoder));
}

/** Reads a Prometheus sample (`name{labels}`) from a /metrics body; 0 when absent. */
export function sample(body: string, series: string): number {
  for (const line of body.split('\n')) {
    if (line.startsWith(series + ' ')) return Number(line.slice(series.length + 1));
  }
  return 0;
}
