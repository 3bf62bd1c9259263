/** A frame that does not follow the protocol; the sender is disconnected with 4400. */
export class MalformedMessageError extends Error {
  override readonly name = 'MalformedMessageError';
}

/** An edit that would grow the board past its size limit; the sender is disconnected with 4413. */
export class BoardTooBigError extends Error {
  override readonly name = 'BoardTooBigError';
}

/**
 * The board could not be loaded, or handling one of its messages failed in a way that leaves its
 * state unknown: every connection of the board is closed with 1011, the rest of the process goes on.
 */
export class BoardFailedError extends Error {
  override readonly name = 'BoardFailedError';
}

/** A connection sending faster than its limits allow; it is disconnected with 4529 (retryable). */
export class RateLimitedError extends Error {
  override readonly name = 'RateLimitedError';
}
