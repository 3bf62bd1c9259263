import * as weboard from '../weboard-server';
import type { BenchBoard, BenchServer } from '../weboard-server';

/* The real server for bench:client, and the boards it measures on. */

export { freePort } from '../weboard-server';

/** The real server serving the built client, with room for the largest boards measured. */
export function startServer(env: Record<string, string> = {}): Promise<BenchServer> {
  return weboard.startServer('client', {
    // Seeding writes a 100k-note board in one update; the default limits protect a shared server.
    MAX_MESSAGE_BYTES: String(512 * 1024 ** 2),
    MAX_BOARD_BYTES: String(1024 ** 3),
    MAX_BYTES_PER_SECOND: String(1024 ** 3),
    MAX_MESSAGES_PER_SECOND: '1000000',
    REST_RATE_LIMIT_PER_MINUTE: '1000000',
    ...env,
  });
}

/** A new board called `title`, with the facilitator's link. */
export function createBoard(url: string, title: string): Promise<BenchBoard> {
  return weboard.createBoard(url, { title });
}
