import type { Connection } from './connection';

/** Longest a connection to a board not decoded yet waits for its greeting when the client is silent. */
const GREETING_WAIT_MS = 100;

/**
 * Connections joined before the board was decoded, waiting for their greeting (our state vector
 * and everyone's presence). A stock client sends its sync step 1 as soon as the socket opens, so
 * the greeting waits for that first message: the request is answered from the stored bytes
 * before the server spends its time decoding the board. A silent client is greeted after
 * GREETING_WAIT_MS anyway.
 */
export class PendingGreetings {
  /** A timer that greets a silent client, or 'after-send' while the stored bytes are being written. */
  private readonly waiting = new Map<Connection, NodeJS.Timeout | 'after-send'>();

  /** `greet` sends the greeting; it runs guarded (a failure stays with the board). */
  constructor(private readonly greet: (connection: Connection) => void) {}

  /** Whether `connection` joined before the board was decoded and has not been greeted yet. */
  has(connection: Connection): boolean {
    return this.waiting.has(connection);
  }

  /** Greets `connection` after GREETING_WAIT_MS unless it speaks first. */
  wait(connection: Connection): void {
    this.waiting.set(
      connection,
      setTimeout(() => this.greet(connection), GREETING_WAIT_MS),
    );
  }

  /** The client spoke: greet it now, unless the greeting waits for the stored bytes to be written. */
  spoke(connection: Connection): void {
    const waiting = this.waiting.get(connection);
    if (waiting !== undefined && waiting !== 'after-send') this.greet(connection);
  }

  /**
   * Decoding the board blocks this process for a while: the socket writes the whole stored board
   * out first, so the client has it while the server decodes; the greeting follows the write.
   */
  waitForSend(connection: Connection): void {
    const waiting = this.waiting.get(connection);
    if (waiting !== undefined && waiting !== 'after-send') clearTimeout(waiting);
    this.waiting.set(connection, 'after-send');
  }

  /** Forgets `connection` (greeted, or gone). */
  delete(connection: Connection): void {
    const waiting = this.waiting.get(connection);
    if (waiting !== undefined && waiting !== 'after-send') clearTimeout(waiting);
    this.waiting.delete(connection);
  }

  clear(): void {
    for (const timer of this.waiting.values()) if (timer !== 'after-send') clearTimeout(timer);
    this.waiting.clear();
  }
}
